"""Notes on contacts."""
from __future__ import annotations

from flask_babel import gettext as _

from ..extensions import db
from ..models import Company, Note, Person, User
from . import search_index
from .errors import ValidationError

MAX_NOTE_LENGTH = 20_000


def add_note(contact: Person | Company, author: User, body: str) -> Note:
    """Write a note on a contact's timeline."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("The note is empty."), "body")
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationError(_("The note is too long (at most %(n)d characters).", n=MAX_NOTE_LENGTH), "body")
    note = Note(body=body, author_id=author.id)
    if isinstance(contact, Person):
        note.person_id = contact.id
    else:
        note.company_id = contact.id
    db.session.add(note)
    db.session.flush()
    search_index.index_note(note.id, note.body)
    return note


def can_delete(note: Note, user: User) -> bool:
    """Authors delete their own notes; admins any."""
    return user.is_admin or note.author_id == user.id


def delete_note(note: Note) -> None:
    """Remove a note."""
    search_index.remove_note(note.id)
    db.session.delete(note)
    db.session.flush()
