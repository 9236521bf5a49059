"""A contact's timeline: a union of entry kinds, newest first, paged by keyset.

Each kind is a branch that returns its own newest entries before the cursor
(an index range scan, LIMIT n+1); the branches are merged here. A page therefore
costs the same for a contact with 10 entries and one with 10,000.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Company, Note, Person, User

KIND_RANK = {"note": 1, "email": 2}


@dataclass(frozen=True)
class Cursor:
    """The position after the last entry of a page: (time, kind, id), compared in that order."""

    at: datetime
    kind: str
    id: int

    def encode(self) -> str:
        return f"{int(self.at.timestamp() * 1_000_000)}-{self.kind}-{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        try:
            micros, kind, ident = (raw or "").split("-")
            if kind not in KIND_RANK:
                return None
            at = datetime.fromtimestamp(int(micros) / 1_000_000, timezone.utc)
            return cls(at, kind, int(ident))
        except (ValueError, OverflowError):
            return None

    @property
    def key(self) -> tuple:
        return (self.at, KIND_RANK[self.kind], self.id)


@dataclass
class Entry:
    """One timeline item: a note or an email, and the person it came from on a company timeline."""

    kind: str
    id: int
    at: datetime
    item: object
    via: Person | None = None

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, self.kind, self.id)


def before_cursor(date_col, id_col, kind: str, cursor: Cursor | None):
    """The WHERE clause that keeps one branch's rows strictly after `cursor` in timeline order."""
    if cursor is None:
        return True
    at = cursor.at
    rank, cursor_rank = KIND_RANK[kind], KIND_RANK[cursor.kind]
    if rank < cursor_rank:
        return date_col <= at
    if rank > cursor_rank:
        return date_col < at
    return or_(date_col < at, and_(date_col == at, id_col < cursor.id))


def _note_branches(contact: Person | Company):
    if isinstance(contact, Person):
        return [Note.person_id == contact.id]
    person_ids = select(Person.id).where(Person.company_id == contact.id).scalar_subquery()
    return [Note.company_id == contact.id, Note.person_id.in_(person_ids)]


def notes_branch(contact, viewer: User, cursor: Cursor | None, limit: int, filters: dict) -> list[Entry]:
    """The newest notes of `contact` (and of its persons, for a company) before `cursor`."""
    if filters.get("with_attachments"):
        return []
    entries = []
    for condition in _note_branches(contact):
        stmt = (select(Note).options(joinedload(Note.author))
                .where(condition, before_cursor(Note.created_at, Note.id, "note", cursor))
                .order_by(Note.created_at.desc(), Note.id.desc()).limit(limit + 1))
        entries += [Entry("note", n.id, n.created_at, n) for n in db.session.scalars(stmt)]
    return entries


def _branches() -> dict:
    """Every kind of timeline entry and the function that fetches it."""
    from .timeline_email import email_branch

    return {"note": notes_branch, "email": email_branch}


def page(contact: Person | Company, viewer: User, cursor: Cursor | None = None, limit: int = 20,
         kinds: tuple[str, ...] | None = None, **filters) -> tuple[list[Entry], Cursor | None]:
    """One page of `contact`'s timeline as `viewer` sees it, and the cursor of the next page."""
    branches = _branches()
    merged: dict[tuple[str, int], Entry] = {}
    for kind in kinds or tuple(branches):
        for entry in branches[kind](contact, viewer, cursor, limit, filters):
            merged.setdefault((entry.kind, entry.id), entry)
    ordered = sorted(merged.values(), key=lambda e: e.cursor.key, reverse=True)
    _mark_via(contact, ordered)
    if len(ordered) > limit:
        return ordered[:limit], ordered[limit - 1].cursor
    return ordered, None


def _mark_via(contact, entries: list[Entry]) -> None:
    if not isinstance(contact, Company):
        return
    persons = {p.id: p for p in contact.persons}
    for entry in entries:
        if entry.kind == "note" and entry.item.person_id in persons:
            entry.via = persons[entry.item.person_id]

