"""Notes written by users on a contact's timeline."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .contact import Company, Person
from .types import UTCDateTime, utcnow
from .user import User


class Note(db.Model):
    """A note on one person or one company."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (company_id IS NULL)", name="owner"),
        Index("ix_notes_person_created", "person_id", "created_at"),
        Index("ix_notes_company_created", "company_id", "created_at"),
        # Ids are never reused, so an index entry can never point at a different note.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
    person: Mapped[Person | None] = relationship()
    company: Mapped[Company | None] = relationship()

    @property
    def contact(self) -> Person | Company | None:
        return self.person or self.company
