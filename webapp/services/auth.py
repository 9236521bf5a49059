"""Passwords and server-side login sessions."""
from __future__ import annotations

import hashlib
import secrets
from functools import cache

from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User, UserSession

MIN_PASSWORD_LENGTH = 8


@cache
def _dummy_hash() -> str:
    # Checked against when the email is unknown, so timing does not reveal which emails exist.
    return generate_password_hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    """A salted hash of `password` (werkzeug's scrypt)."""
    return generate_password_hash(password)


def generate_password() -> str:
    """A random password for a new user, shown once."""
    return secrets.token_urlsafe(12)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def normalize_email(email: str) -> str:
    """Login emails compare case-insensitively."""
    return (email or "").strip().lower()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, user_agent: str = "") -> str:
    """Create a new session row for `user` and return its token (for the cookie)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_digest(token), user_agent=user_agent[:200]))
    user.session_token = token
    return token


def user_for_session_token(token: str) -> User | None:
    """The active user who owns this session token, else None."""
    if not token:
        return None
    row = db.session.execute(
        select(User).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == _digest(token), User.active.is_(True))
    ).scalar_one_or_none()
    if row is not None:
        row.session_token = token
    return row


def end_session(token: str | None) -> None:
    """Forget one session (logout)."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))


def end_all_sessions(user: User, keep_token: str | None = None) -> None:
    """End every session of `user`, except optionally the current one."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != _digest(keep_token))
    db.session.execute(stmt)

