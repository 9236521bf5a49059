"""Helpers for the sync tests."""
from sqlalchemy import select, text

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


def index_rows() -> list[tuple]:
    """The search index's text per message key (what a query can find), independent of ids."""
    keys = dict(db.session.execute(select(Message.id, Message.message_key)).all())
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(text("SELECT rowid, subject, people, attachments, body FROM message_fts"))
    else:
        rows = db.session.execute(text("SELECT message_id, document::text FROM message_search"))
    return sorted((keys[row[0]], *row[1:]) for row in rows)
