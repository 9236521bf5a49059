"""Mail accounts (connected IMAP mailboxes) and their synced folders."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow
from .user import User

SECURITY_CHOICES = ("ssl", "starttls", "plain")
STORE_CHOICES = ("all", "received", "sent")
VISIBILITY_CHOICES = ("everyone", "managers", "owner")
MAX_FAILURES = 10


class MailAccount(db.Model):
    """One IMAP mailbox a user connected, with its sending settings and health."""

    __tablename__ = "mail_accounts"
    __table_args__ = (UniqueConstraint("owner_id", "login", name="uq_mail_accounts_owner_login"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    login: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(320), index=True)  # canonical form of the login
    password_enc: Mapped[str] = mapped_column(Text)
    imap_host: Mapped[str] = mapped_column(String(253))
    imap_port: Mapped[int]
    imap_security: Mapped[str] = mapped_column(String(10))
    store: Mapped[str] = mapped_column(String(10), default="all")
    visibility: Mapped[str] = mapped_column(String(10), default="owner")
    show_on_dashboard: Mapped[bool] = mapped_column(default=True)
    since_days: Mapped[int | None]
    sending_enabled: Mapped[bool] = mapped_column(default=False)
    smtp_host: Mapped[str] = mapped_column(String(253), default="")
    smtp_port: Mapped[int | None]
    smtp_security: Mapped[str] = mapped_column(String(10), default="ssl")
    smtp_same_login: Mapped[bool] = mapped_column(default=True)
    smtp_login: Mapped[str] = mapped_column(String(320), default="")
    smtp_password_enc: Mapped[str | None] = mapped_column(Text)
    is_default_sender: Mapped[bool] = mapped_column(default=False)
    # new: waiting for its first sync; active; deactivated (too many failures); reauth (key lost)
    status: Mapped[str] = mapped_column(String(12), default="new")
    failure_count: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_kind: Mapped[str] = mapped_column(String(20), default="")
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    folders: Mapped[list[MailFolder]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True, order_by="MailFolder.id")

    @property
    def is_syncable(self) -> bool:
        return self.status in ("new", "active")

    def __repr__(self) -> str:
        return f"<MailAccount {self.id} {self.login}>"


class MailFolder(db.Model):
    """A folder of an account that the sync reads, with its incremental cursor."""

    __tablename__ = "mail_folders"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_mail_folders_account_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("mail_accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))  # decoded name (imap-tools encodes it on SELECT)
    role: Mapped[str] = mapped_column(String(10))  # inbox | sent
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    server_count: Mapped[int] = mapped_column(default=0)
    # The first sync's date window (kept for rescans) and how many older messages it left out.
    since_date: Mapped[date | None] = mapped_column(Date)
    window_skipped: Mapped[int] = mapped_column(default=0)
    initial_done: Mapped[bool] = mapped_column(default=False)  # the first full pass has finished
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    account: Mapped[MailAccount] = relationship(back_populates="folders")
