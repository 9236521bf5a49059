"""Contact import from CSV: `kind,name,first_name,last_name,company,emails,domains`.

Companies are imported first so that a person's `company` may name a company
anywhere in the file. Each row is saved in its own savepoint: a bad row is
reported with its line number and reason and leaves nothing behind. Re-importing
the same file finds the contacts it created (by address, else by name) and adds
nothing twice.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import Company, ContactEmail, Person
from . import contacts
from .addresses import canonical_domain, canonicalize, split_addresses
from .errors import ValidationError

REQUIRED_COLUMNS = ("kind",)
KNOWN_COLUMNS = ("kind", "name", "first_name", "last_name", "company", "emails", "domains")


@dataclass
class ImportResult:
    """What an import did: counts and the rows it refused."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_csv(data: bytes | str) -> ImportResult:
    """Import contacts from CSV bytes or text; commits nothing itself (the caller commits)."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    result = ImportResult()
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        result.errors.append((1, _("The header must include the columns: %(cols)s.",
                                   cols=", ".join(KNOWN_COLUMNS))))
        return result
    reader.fieldnames = headers
    rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)})
            for row in reader]
    companies = [(n, r) for n, r in rows if r.get("kind", "").lower() == "company"]
    persons = [(n, r) for n, r in rows if r.get("kind", "").lower() == "person"]
    for line, row in rows:
        if row.get("kind", "").lower() not in ("company", "person"):
            result.errors.append((line, _("Unknown kind “%(kind)s”: use person or company.",
                                          kind=row.get("kind", ""))))
    for line, row in companies:
        _import_row(line, row, _import_company, result)
    for line, row in persons:
        _import_row(line, row, _import_person, result)
    result.errors.sort()
    return result


def _import_row(line: int, row: dict, importer, result: ImportResult) -> None:
    savepoint = db.session.begin_nested()
    try:
        outcome = importer(row)
    except ValidationError as error:
        savepoint.rollback()
        result.errors.append((line, error.message))
        return
    savepoint.commit()
    setattr(result, outcome, getattr(result, outcome) + 1)


def _new_items(values: list[str], existing: set[str], canon) -> list[str]:
    return [v for v in values if (canon(v) or v) not in existing]


def _import_company(row: dict) -> str:
    name = " ".join(row.get("name", "").split())
    if not name:
        raise ValidationError(_("A company needs a name."))
    emails, domains = split_addresses(row.get("emails", "")), split_addresses(row.get("domains", ""))
    company = db.session.scalar(select(Company).where(func.lower(Company.name) == name.lower()).limit(1))
    if company is None:
        contacts.save_company(None, name=name, domains=domains, emails=emails)
        return "created"
    new_emails = _new_items(emails, {e.canonical for e in company.emails}, canonicalize)
    new_domains = _new_items(domains, {d.domain for d in company.domains}, canonical_domain)
    contacts.save_company(company, name=company.name, domains=new_domains, emails=new_emails)
    return "updated" if new_emails or new_domains else "unchanged"


def _find_person(first: str, last: str, company_id: int | None, emails: list[str]) -> Person | None:
    keys = [k for k in (canonicalize(e) for e in emails) if k]
    if keys:
        owner = db.session.scalar(select(ContactEmail.person_id).where(
            ContactEmail.canonical.in_(keys), ContactEmail.person_id.is_not(None)).limit(1))
        if owner is not None:
            return db.session.get(Person, owner)
    return db.session.scalar(select(Person).where(
        func.lower(Person.first_name) == first.lower(), func.lower(Person.last_name) == last.lower(),
        Person.company_id.is_(company_id) if company_id is None else Person.company_id == company_id,
    ).limit(1))


def _import_person(row: dict) -> str:
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if not first and not last:
        raise ValidationError(_("A person needs a first or last name."))
    company_id = None
    if row.get("company"):
        company_id = db.session.scalar(select(Company.id).where(
            func.lower(Company.name) == row["company"].lower()).limit(1))
        if company_id is None:
            raise ValidationError(_("The company “%(name)s” is neither in the file nor stored.",
                                    name=row["company"]))
    emails = split_addresses(row.get("emails", ""))
    person = _find_person(first, last, company_id, emails)
    if person is None:
        contacts.save_person(None, first_name=first, last_name=last, company_id=company_id, emails=emails)
        return "created"
    new_emails = _new_items(emails, {e.canonical for e in person.emails}, canonicalize)
    contacts.save_person(person, first_name=person.first_name, last_name=person.last_name, phone=person.phone,
                         company_id=person.company_id, emails=new_emails)
    return "updated" if new_emails else "unchanged"
