"""Helpers for the sync tests."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Message, MessageCopy, MessageLink


def snapshot() -> dict:
    """Everything a sync decides, in a comparable form (independent of ids)."""
    keys = dict(db.session.execute(select(Message.id, Message.message_key)).all())
    return {
        "messages": sorted(keys.values()),
        "copies": sorted((keys[c.message_id], c.uid, c.outcome) for c in db.session.scalars(select(MessageCopy))),
        "links": sorted((keys[link.message_id], link.person_id, link.company_id, link.reason)
                        for link in db.session.scalars(select(MessageLink))),
    }
