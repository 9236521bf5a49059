"""Persons and companies: create, edit, delete, addresses and domains."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Company, CompanyDomain, ContactEmail, Note, Person
from . import matching, search_index
from .addresses import AddressError, canonical_domain, canonicalize, validate_address
from .errors import ValidationError

Contact = Person | Company


def get_contact(kind: str, contact_id: int) -> Contact | None:
    """The person or company with this id, or None."""
    model = {"person": Person, "company": Company}.get(kind)
    return db.session.get(model, contact_id) if model else None


def _owner_label(email: ContactEmail) -> str:
    owner = email.person or email.company
    return owner.display_name if owner else ""


def add_email(contact: Contact, address: str) -> ContactEmail:
    """Give `contact` one more address; refuse malformed ones and ones another contact has."""
    try:
        address = validate_address(address)
    except AddressError:
        raise ValidationError(_("“%(address)s” is not a valid email address.", address=address), "email") from None
    canonical = canonicalize(address)
    existing = db.session.scalar(select(ContactEmail).where(ContactEmail.canonical == canonical))
    if existing is not None:
        if existing in contact.emails:
            raise ValidationError(_("%(address)s is already on this contact.", address=address), "email")
        raise ValidationError(_("%(address)s already belongs to %(name)s.", address=address,
                                name=_owner_label(existing)), "email")
    email = ContactEmail(address=address, canonical=canonical)
    contact.emails.append(email)
    db.session.flush()
    matching.link_contact(contact)
    return email


def remove_email(contact: Contact, email_id: int) -> None:
    """Remove one address from `contact` (mail already linked stays linked)."""
    email = next((e for e in contact.emails if e.id == email_id), None)
    if email is None:
        raise ValidationError(_("This address is not on this contact."))
    contact.emails.remove(email)
    db.session.flush()


def add_domain(company: Company, domain: str) -> CompanyDomain:
    """Give `company` a mail domain; refuse malformed ones and ones another company has."""
    canonical = canonical_domain((domain or "").strip().lstrip("@"))
    if canonical is None or "." not in canonical:
        raise ValidationError(_("“%(domain)s” is not a valid domain.", domain=domain), "domain")
    existing = db.session.scalar(select(CompanyDomain).where(CompanyDomain.domain == canonical))
    if existing is not None:
        if existing.company_id == company.id:
            raise ValidationError(_("%(domain)s is already on this company.", domain=canonical), "domain")
        raise ValidationError(_("%(domain)s already belongs to %(name)s.", domain=canonical,
                                name=existing.company.name), "domain")
    row = CompanyDomain(domain=canonical)
    company.domains.append(row)
    db.session.flush()
    matching.link_contact(company)
    return row


def remove_domain(company: Company, domain_id: int) -> None:
    """Remove one domain from `company`."""
    row = next((d for d in company.domains if d.id == domain_id), None)
    if row is None:
        raise ValidationError(_("This domain is not on this company."))
    company.domains.remove(row)
    db.session.flush()


def _add_new_emails(contact: Contact, addresses: list[str]) -> None:
    """Add each address unless the contact already has it (the same canonical form counts)."""
    seen = {e.canonical for e in contact.emails}
    for address in addresses:
        key = canonicalize(address)
        if key is not None and key in seen:
            continue
        add_email(contact, address)
        seen.add(key)


def _clean_name(value: str, field: str, message: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError(message, field)
    return value


def save_person(person: Person | None, *, first_name: str, last_name: str, phone: str = "",
                company_id: int | None = None, emails: list[str] | None = None) -> Person:
    """Create (person=None) or update a person; `emails` are added to a new person."""
    first = " ".join((first_name or "").split())
    last = " ".join((last_name or "").split())
    if not first and not last:
        raise ValidationError(_("Enter a first or last name."), "first_name")
    if company_id is not None and db.session.get(Company, company_id) is None:
        raise ValidationError(_("The chosen company does not exist."), "company_id")
    if person is None:
        person = Person()
        db.session.add(person)
    person.first_name, person.last_name = first, last
    person.phone, person.company_id = (phone or "").strip(), company_id
    db.session.flush()
    _add_new_emails(person, emails or [])
    return person


def save_company(company: Company | None, *, name: str, domains: list[str] | None = None,
                 emails: list[str] | None = None) -> Company:
    """Create (company=None) or update a company; `domains` and `emails` are added."""
    name = _clean_name(name, "name", _("Enter the company's name."))
    if company is None:
        company = Company()
        db.session.add(company)
    company.name = name
    db.session.flush()
    for domain in domains or []:
        add_domain(company, domain)
    _add_new_emails(company, emails or [])
    return company


def delete_contact(contact: Contact) -> None:
    """Delete a contact with its addresses and notes; its mail stays stored."""
    owner = Note.person_id if isinstance(contact, Person) else Note.company_id
    for note_id in db.session.scalars(select(Note.id).where(owner == contact.id)):
        search_index.remove_note(note_id)
    db.session.delete(contact)
    db.session.flush()


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def person_query(q: str = ""):
    """Persons matching `q` in name, phone or address, alphabetically."""
    stmt = select(Person).order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
    if q.strip():
        pattern = _like(q.strip())
        full_name = func.lower(Person.first_name + " " + Person.last_name)
        stmt = stmt.where(or_(
            full_name.like(pattern, escape="\\"),
            func.lower(Person.last_name + " " + Person.first_name).like(pattern, escape="\\"),
            Person.phone.like(pattern, escape="\\"),
            Person.emails.any(func.lower(ContactEmail.address).like(pattern, escape="\\")),
        ))
    return stmt


def company_query(q: str = ""):
    """Companies matching `q` in name, domain or address, alphabetically."""
    stmt = select(Company).order_by(func.lower(Company.name), Company.id)
    if q.strip():
        pattern = _like(q.strip())
        stmt = stmt.where(or_(
            func.lower(Company.name).like(pattern, escape="\\"),
            Company.domains.any(CompanyDomain.domain.like(pattern, escape="\\")),
            Company.emails.any(func.lower(ContactEmail.address).like(pattern, escape="\\")),
        ))
    return stmt

