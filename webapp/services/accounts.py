"""Mail accounts: connect, edit (re-testing the connection), delete, and who may see what."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import MailAccount, User
from ..models.account import SECURITY_CHOICES, STORE_CHOICES, VISIBILITY_CHOICES
from . import crypto
from .addresses import AddressError, canonicalize, validate_address
from .connection_test import ServerSettings, check_imap, check_smtp
from .crypto import SecretUnavailable
from .errors import ValidationError
from .mailerrors import MailError
from .users import report_ids

SINCE_CHOICES = (30, 90, 365, None)  # None: everything


@dataclass
class AccountInput:
    """What the form (or the CLI) says about an account. An empty password means 'unchanged'."""

    login: str
    password: str = ""
    imap_host: str = ""
    imap_port: int = 993
    imap_security: str = "ssl"
    owner_id: int | None = None
    store: str = "all"
    visibility: str = "owner"
    show_on_dashboard: bool = True
    since_days: int | None = 90
    sending_enabled: bool = False
    smtp_host: str = ""
    smtp_port: int | None = None
    smtp_security: str = "ssl"
    smtp_same_login: bool = True
    smtp_login: str = ""
    smtp_password: str = ""
    is_default_sender: bool = False
    changed: set = field(default_factory=set)


def can_edit(user: User, account: MailAccount) -> bool:
    """Owners and admins edit an account."""
    return user.is_admin or account.owner_id == user.id


def can_view_row(user: User, account: MailAccount) -> bool:
    """Owners and admins see an account's row; managers see their reports' rows, read-only."""
    return can_edit(user, account) or account.owner_id in report_ids(user.id)


def listed_accounts(user: User) -> list[MailAccount]:
    """The accounts in `user`'s account list: own, reports' (managers), all (admins)."""
    stmt = select(MailAccount).order_by(MailAccount.owner_id != user.id, MailAccount.login)
    if not user.is_admin:
        stmt = stmt.where(MailAccount.owner_id.in_({user.id} | report_ids(user.id)))
    return list(db.session.scalars(stmt))


def _validate(account: MailAccount | None, data: AccountInput, acting: User | None) -> int:
    try:
        validate_address(data.login)
    except AddressError:
        raise ValidationError(_("Enter the full email address as the login (e.g. jan@firma.pl)."), "login") from None
    may_choose_owner = acting is None or acting.is_admin
    owner_id = data.owner_id if may_choose_owner and data.owner_id else (account.owner_id if account else acting.id)
    owner = db.session.get(User, owner_id)
    if owner is None or not owner.active:
        raise ValidationError(_("Choose an active user as the owner."), "owner_id")
    if not data.imap_host.strip():
        raise ValidationError(_("Enter the IMAP server name."), "imap_host")
    allowed_security = SECURITY_CHOICES if current_app.config["MAIL_ALLOW_PLAINTEXT"] else ("ssl", "starttls")
    for security, field_name in ((data.imap_security, "imap_security"), (data.smtp_security, "smtp_security")):
        if security not in allowed_security:
            raise ValidationError(_("Unencrypted connections are switched off on this server."), field_name)
    if data.store not in STORE_CHOICES or data.visibility not in VISIBILITY_CHOICES:
        raise ValidationError(_("Choose one of the offered options."))
    if data.sending_enabled and not (data.smtp_host.strip() and data.smtp_port):
        raise ValidationError(_("Enter the SMTP server and port, or turn sending off."), "smtp_host")
    _check_limits(account, data.login, owner_id)
    return owner_id


def _check_limits(account: MailAccount | None, login: str, owner_id: int) -> None:
    others = select(MailAccount).where(MailAccount.owner_id == owner_id)
    if account is not None:
        others = others.where(MailAccount.id != account.id)
    if db.session.scalar(select(func.count()).select_from(
            others.where(func.lower(MailAccount.login) == login.strip().lower()).subquery())):
        raise ValidationError(_("%(login)s is already connected for this user.", login=login.strip()), "login")
    limit = current_app.config["MAX_ACCOUNTS_PER_USER"]
    if db.session.scalar(select(func.count()).select_from(others.subquery())) >= limit:
        raise ValidationError(_("A user may connect at most %(n)d mail accounts. Delete one before adding "
                                "another.", n=limit))


def _stored_secret(token: str | None, field_name: str) -> str:
    try:
        return crypto.decrypt(token)
    except SecretUnavailable:
        raise ValidationError(_("Enter the password again: the stored one can no longer be read."),
                              field_name) from None


def _imap_settings(account: MailAccount | None, data: AccountInput) -> ServerSettings:
    password = data.password or (_stored_secret(account.password_enc, "password") if account else "")
    if not password:
        raise ValidationError(_("Enter the mailbox password."), "password")
    return ServerSettings(data.imap_host.strip(), data.imap_port, data.imap_security, data.login.strip(), password)


def _smtp_settings(account: MailAccount | None, data: AccountInput, imap: ServerSettings) -> ServerSettings:
    if data.smtp_same_login:
        login, password = imap.login, imap.password
    else:
        login = data.smtp_login.strip()
        password = data.smtp_password or (
            _stored_secret(account.smtp_password_enc, "smtp_password") if account and account.smtp_password_enc
            else "")
        if not login or not password:
            raise ValidationError(_("Enter the SMTP login and password, or use the same login as IMAP."),
                                  "smtp_login")
    return ServerSettings(data.smtp_host.strip(), int(data.smtp_port or 0), data.smtp_security, login, password)


IMAP_FIELDS = {"login", "password", "imap_host", "imap_port", "imap_security"}
SMTP_FIELDS = {"sending_enabled", "smtp_host", "smtp_port", "smtp_security", "smtp_same_login", "smtp_login",
               "smtp_password"}


def _needs_test(account: MailAccount | None, data: AccountInput, fields: set) -> bool:
    return account is None or bool(data.changed & fields) or account.status in ("deactivated", "reauth")


def save_account(account: MailAccount | None, data: AccountInput, acting: User | None) -> MailAccount:
    """Validate, test the connection where credentials changed, then create or update the account.

    `acting` is the user saving the form; None stands for an administrator at the command line.

    Raises ValidationError (a field is wrong) or MailError (the server said no); nothing is saved then.
    """
    owner_id = _validate(account, data, acting)
    imap = _imap_settings(account, data)
    if _needs_test(account, data, IMAP_FIELDS):
        check_imap(imap)
    smtp = _smtp_settings(account, data, imap) if data.sending_enabled else None
    if smtp is not None and _needs_test(account, data, SMTP_FIELDS | IMAP_FIELDS):
        check_smtp(smtp)
    if account is None:
        account = MailAccount(owner_id=owner_id, status="new")
        db.session.add(account)
    _apply(account, data, owner_id, imap, smtp)
    db.session.flush()
    ensure_default_sender(owner_id, preferred=account.id if data.is_default_sender else None)
    return account


def _apply(account: MailAccount, data: AccountInput, owner_id: int, imap: ServerSettings,
           smtp: ServerSettings | None) -> None:
    account.owner_id, account.login, account.address = owner_id, imap.login, canonicalize(imap.login) or imap.login
    if data.password or not account.password_enc:
        account.password_enc = crypto.encrypt(imap.password)
    account.imap_host, account.imap_port, account.imap_security = imap.host, imap.port, imap.security
    account.store, account.visibility = data.store, data.visibility
    account.show_on_dashboard, account.since_days = data.show_on_dashboard, data.since_days
    account.sending_enabled = data.sending_enabled
    if smtp is not None:
        account.smtp_host, account.smtp_port, account.smtp_security = smtp.host, smtp.port, smtp.security
        account.smtp_same_login = data.smtp_same_login
        account.smtp_login = "" if data.smtp_same_login else smtp.login
        if not data.smtp_same_login and data.smtp_password:
            account.smtp_password_enc = crypto.encrypt(smtp.password)
    if account.status in ("deactivated", "reauth"):
        # The connection test just passed: the account syncs again, its history kept.
        account.status = "active" if account.last_success_at else "new"
        account.failure_count, account.last_error, account.last_error_kind = 0, "", ""


def ensure_default_sender(owner_id: int, preferred: int | None = None) -> None:
    """Keep exactly one default sending account per user (none when no account can send)."""
    sending = list(db.session.scalars(select(MailAccount).where(
        MailAccount.owner_id == owner_id, MailAccount.sending_enabled.is_(True)).order_by(MailAccount.id)))
    chosen = next((a for a in sending if a.id == preferred), None) \
        or next((a for a in sending if a.is_default_sender), None) \
        or (sending[0] if sending else None)
    for account in db.session.scalars(select(MailAccount).where(MailAccount.owner_id == owner_id)):
        account.is_default_sender = account is chosen


AUDITED_FIELDS = ("login", "owner_id", "imap_host", "imap_port", "imap_security", "store", "visibility",
                  "show_on_dashboard", "since_days", "sending_enabled", "smtp_host", "smtp_port", "smtp_security",
                  "is_default_sender", "status")


def audit_view(account: MailAccount) -> dict:
    """The account's settings as the audit log records them (never a password)."""
    return {name: getattr(account, name) for name in AUDITED_FIELDS}


def smtp_credentials(account: MailAccount) -> ServerSettings:
    """Decrypted SMTP settings of an account that sends (SecretUnavailable when the key is lost)."""
    password = crypto.decrypt(account.password_enc if account.smtp_same_login else account.smtp_password_enc)
    login = account.login if account.smtp_same_login else account.smtp_login
    return ServerSettings(account.smtp_host, int(account.smtp_port or 0), account.smtp_security, login, password)


def imap_credentials(account: MailAccount) -> ServerSettings:
    """Decrypted IMAP settings (SecretUnavailable when the key is lost)."""
    return ServerSettings(account.imap_host, account.imap_port, account.imap_security, account.login,
                          crypto.decrypt(account.password_enc))


__all__ = ["AccountInput", "MailError", "SINCE_CHOICES", "can_edit", "can_view_row", "ensure_default_sender",
           "imap_credentials", "listed_accounts", "save_account", "smtp_credentials"]
