"""Messages (stored once), their copies in mailboxes, addresses, attachments and links to contacts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class Message(db.Model):
    """One email, however many mailboxes hold it; `message_key` is its identity."""

    __tablename__ = "messages"
    # Ids are never reused, so an index entry can never point at a different message.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    message_key: Mapped[str] = mapped_column(String(255), unique=True)
    message_id_header: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    from_name: Mapped[str] = mapped_column(String(300), default="")
    from_address: Mapped[str] = mapped_column(String(320), default="")
    date: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    in_reply_to: Mapped[str] = mapped_column(Text, default="")
    references: Mapped[str] = mapped_column(Text, default="")
    thread_key: Mapped[str] = mapped_column(String(255), default="", index=True)
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    snippet: Mapped[str] = mapped_column(String(300), default="")
    direction: Mapped[str] = mapped_column(String(10), default="received")  # received | sent
    attachment_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    truncated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    addresses: Mapped[list[MessageAddress]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MessageAddress.id")
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Attachment.id")
    copies: Mapped[list[MessageCopy]] = relationship(
        back_populates="message", cascade="all, delete-orphan", passive_deletes=True)

    def recipients(self, role: str) -> list[MessageAddress]:
        """The addresses of one header ('to', 'cc', …), in header order."""
        return [a for a in self.addresses if a.role == role]


class MessageAddress(db.Model):
    """One address in a message header (from, to, cc, reply_to), raw and canonical."""

    __tablename__ = "message_addresses"
    __table_args__ = (Index("ix_message_addresses_canonical", "canonical"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(320), default="")
    canonical: Mapped[str | None] = mapped_column(String(320))
    domain: Mapped[str | None] = mapped_column(String(253), index=True)


class Attachment(db.Model):
    """Metadata of one attachment; the bytes stay on the IMAP server."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(500), default="")
    content_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    content_id: Mapped[str] = mapped_column(String(300), default="")
    encoding: Mapped[str] = mapped_column(String(30), default="")
    is_inline: Mapped[bool] = mapped_column(default=False)


class MessageCopy(db.Model):
    """Where a message lives: one row per (folder, UIDVALIDITY, UID)."""

    __tablename__ = "message_copies"
    __table_args__ = (
        UniqueConstraint("folder_id", "uidvalidity", "uid", name="uq_message_copies_location"),
        Index("ix_message_copies_message_account", "message_id", "account_id"),
        Index("ix_message_copies_account", "account_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("mail_accounts.id", ondelete="CASCADE"))
    folder_id: Mapped[int] = mapped_column(ForeignKey("mail_folders.id", ondelete="CASCADE"))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(10), default="imported")  # imported | duplicate
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship(back_populates="copies")


class MessageLink(db.Model):
    """A message assigned to a person or a company, and why."""

    __tablename__ = "message_links"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (company_id IS NULL)", name="owner"),
        UniqueConstraint("message_id", "person_id", name="uq_message_links_person"),
        UniqueConstraint("message_id", "company_id", name="uq_message_links_company"),
        Index("ix_message_links_person_date", "person_id", "message_date", "message_id"),
        Index("ix_message_links_company_date", "company_id", "message_date", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: both unique constraints begin with message_id.
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(10))  # address | domain
    matched: Mapped[str] = mapped_column(String(320), default="")
    # Copied from the message so that a timeline page is one index range scan.
    message_date: Mapped[datetime] = mapped_column(UTCDateTime)
