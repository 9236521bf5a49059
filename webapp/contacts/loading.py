"""Loading contacts for views, and sending form errors back to the form."""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select

from ..extensions import db
from ..models import Company
from ..services import contacts as contact_service
from ..services.errors import ValidationError


def load_contact(kind: str, contact_id: int):
    """The contact, or 404."""
    contact = contact_service.get_contact(kind, contact_id)
    if contact is None:
        abort(404)
    return contact


def apply_error(form, error: ValidationError) -> None:
    """Show a service's validation error on the matching field (or the form)."""
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)


def company_by_name(name: str) -> tuple[int | None, bool]:
    """The id of the company called `name`, creating it when none exists; and whether it was created."""
    name = " ".join((name or "").split())
    if not name:
        return None, False
    existing = db.session.scalar(select(Company.id).where(func.lower(Company.name) == name.lower()).limit(1))
    if existing is not None:
        return existing, False
    return contact_service.save_company(None, name=name).id, True
