"""Contacts: companies and persons, with their email addresses and domains."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class Company(db.Model):
    """An organisation the team corresponds with."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="ContactEmail.id")
    domains: Mapped[list[CompanyDomain]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyDomain.id")
    persons: Mapped[list[Person]] = relationship(back_populates="company", order_by="Person.last_name")

    kind = "company"

    @property
    def display_name(self) -> str:
        return self.name


class CompanyDomain(db.Model):
    """A mail domain that belongs to one company (canonical, punycode)."""

    __tablename__ = "company_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    company: Mapped[Company] = relationship(back_populates="domains")


class Person(db.Model):
    """A person the team corresponds with, optionally working for a company."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company | None] = relationship(back_populates="persons")
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="ContactEmail.id")

    kind = "person"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class ContactEmail(db.Model):
    """An email address of exactly one person or company.

    `address` is what the user typed; `canonical` is the matching key (see
    services.addresses.canonicalize) and is unique: an address belongs to one contact.
    """

    __tablename__ = "contact_emails"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (company_id IS NULL)", name="owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    canonical: Mapped[str] = mapped_column(String(320), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship(back_populates="emails")
    company: Mapped[Company | None] = relationship(back_populates="emails")
