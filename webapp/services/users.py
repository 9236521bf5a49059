"""Users, roles and the supervisor chain."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import ROLES, User
from .addresses import AddressError, validate_address
from .auth import MIN_PASSWORD_LENGTH, end_all_sessions, hash_password, normalize_email
from .errors import ValidationError


def _supervisor_map() -> dict[int, int | None]:
    # Teams are small (2-50 people): one query for the whole chain beats a recursive CTE.
    return dict(db.session.execute(select(User.id, User.supervisor_id)).all())


def manager_ids(user_id: int) -> set[int]:
    """Everyone up the supervisor chain of `user_id` (not counting admins)."""
    chain, seen = _supervisor_map(), set()
    current = chain.get(user_id)
    while current is not None and current not in seen:
        seen.add(current)
        current = chain.get(current)
    return seen


def report_ids(user_id: int) -> set[int]:
    """Everyone whose supervisor chain includes `user_id`."""
    chain = _supervisor_map()
    children: dict[int, list[int]] = {}
    for uid, sup in chain.items():
        if sup is not None:
            children.setdefault(sup, []).append(uid)
    found, stack = set(), list(children.get(user_id, []))
    while stack:
        uid = stack.pop()
        if uid not in found and uid != user_id:
            found.add(uid)
            stack.extend(children.get(uid, []))
    return found


def check_password_rules(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
                              "password")


def _check_email(email: str, user_id: int | None = None) -> str:
    try:
        validate_address(email)
    except AddressError:
        raise ValidationError(_("“%(email)s” is not a valid email address.", email=email), "email") from None
    email = normalize_email(email)
    clash = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    if clash is not None and clash != user_id:
        raise ValidationError(_("A user with the email %(email)s already exists.", email=email), "email")
    return email


def _check_supervisor(user_id: int | None, supervisor_id: int | None) -> None:
    if supervisor_id is None:
        return
    if db.session.get(User, supervisor_id) is None:
        raise ValidationError(_("The chosen supervisor does not exist."), "supervisor_id")
    if user_id is not None and (supervisor_id == user_id or user_id in manager_ids(supervisor_id)):
        raise ValidationError(
            _("This supervisor would create a cycle: a user cannot be above themselves in the chain."),
            "supervisor_id")


def create_user(email: str, password: str, role: str = "user", name: str = "",
                supervisor_id: int | None = None, locale: str | None = None) -> User:
    """Create a user after validating everything; nothing is saved on error."""
    email = _check_email(email)
    check_password_rules(password)
    if role not in ROLES:
        raise ValidationError(_("Unknown role."), "role")
    _check_supervisor(None, supervisor_id)
    user = User(email=email, name=name.strip(), role=role, supervisor_id=supervisor_id,
                password_hash=hash_password(password), locale=locale, footer_html="")
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, email: str, name: str, role: str, supervisor_id: int | None,
                active: bool, acting: User) -> None:
    """Change a user's profile, role, supervisor and active flag (admin action)."""
    email = _check_email(email, user.id)
    if role not in ROLES:
        raise ValidationError(_("Unknown role."), "role")
    _check_supervisor(user.id, supervisor_id)
    if user.id == acting.id and (role != "admin" or not active):
        raise ValidationError(_("You cannot remove your own admin role or deactivate yourself."))
    user.email, user.name, user.role, user.supervisor_id = email, name.strip(), role, supervisor_id
    if user.active and not active:
        end_all_sessions(user)
    user.active = active


def set_password(user: User, password: str, keep_token: str | None = None) -> None:
    """Set a new password and end the user's other sessions."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    end_all_sessions(user, keep_token=keep_token)


def find_by_email(email: str) -> User | None:
    """The user with this login email, if any."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))
