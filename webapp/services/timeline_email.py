"""The email branch of a contact's timeline: linked messages the viewer may see, newest first."""
from __future__ import annotations

from sqlalchemy import distinct, exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Company, Message, MessageLink, Person, User
from .timeline import Cursor, Entry, before_cursor
from .visibility import message_visible, visible_account_ids


def _link_conditions(contact):
    if isinstance(contact, Person):
        return [MessageLink.person_id == contact.id]
    person_ids = select(Person.id).where(Person.company_id == contact.id).scalar_subquery()
    return [MessageLink.company_id == contact.id, MessageLink.person_id.in_(person_ids)]


def email_branch(contact, viewer: User, cursor: Cursor | None, limit: int, filters: dict) -> list[Entry]:
    """The newest visible emails of `contact` (and of its persons, for a company) before `cursor`."""
    accounts = visible_account_ids(viewer)
    if not accounts:
        return []
    found: dict[int, tuple] = {}
    for condition in _link_conditions(contact):
        stmt = (select(MessageLink.message_id, MessageLink.message_date, MessageLink.person_id)
                .where(condition, before_cursor(MessageLink.message_date, MessageLink.message_id, "email", cursor),
                       message_visible(MessageLink.message_id, accounts))
                .order_by(MessageLink.message_date.desc(), MessageLink.message_id.desc()).limit(limit + 1))
        if filters.get("with_attachments"):
            stmt = stmt.where(exists().where(Message.id == MessageLink.message_id, Message.attachment_count > 0))
        for message_id, date, person_id in db.session.execute(stmt):
            found.setdefault(message_id, (date, person_id))
    if not found:
        return []
    messages = {m.id: m for m in db.session.scalars(
        select(Message).options(selectinload(Message.addresses)).where(Message.id.in_(list(found))))}
    persons = {p.id: p for p in contact.persons} if isinstance(contact, Company) else {}
    return [Entry("email", mid, date, messages[mid], via=persons.get(person_id))
            for mid, (date, person_id) in found.items() if mid in messages]


def count_visible_emails(contact, viewer: User) -> int:
    """How many emails of this contact the viewer may see (shown on the contact page)."""
    accounts = visible_account_ids(viewer)
    if not accounts:
        return 0
    return db.session.scalar(select(func.count(distinct(MessageLink.message_id))).where(
        or_(*_link_conditions(contact)), message_visible(MessageLink.message_id, accounts))) or 0
