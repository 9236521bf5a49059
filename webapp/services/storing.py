"""Writing one batch of synced messages: set-based inserts that converge when repeated.

Messages are keyed by `message_key` and copies by (folder, UIDVALIDITY, UID), both
unique, and every insert ignores conflicts: a batch that is run twice (a crash
between fetch and commit, two accounts holding the same mail) ends identical.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Message, SyncOutcome
from ..models.types import utcnow
from . import matching, search_index
from .bulk import Bulk
from .parsed import ParsedMessage


def insert_ignoring_conflicts(model):
    """INSERT … ON CONFLICT DO NOTHING for the backend in use."""
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    return dialect.insert(model).on_conflict_do_nothing()


def existing_keys(keys: list[str]) -> dict[str, int]:
    """{message_key: id} of the given keys that are already stored."""
    return _keys_to_ids(Bulk(), keys)


@dataclass
class Location:
    """Where a batch comes from."""

    account_id: int
    folder_id: int
    uidvalidity: int
    direction: str  # received | sent (by folder role)
    team: frozenset[str]


MESSAGE_COLUMNS = ("id", "message_key", "message_id_header", "subject", "from_name", "from_address", "date",
                   "in_reply_to", "references", "thread_key", "body_text", "body_html", "snippet", "direction",
                   "attachment_count", "size", "truncated", "created_at")
ADDRESS_COLUMNS = ("message_id", "role", "name", "address", "canonical", "domain")
ATTACHMENT_COLUMNS = ("message_id", "part", "filename", "content_type", "size", "content_id", "encoding", "is_inline")
COPY_COLUMNS = ("message_id", "account_id", "folder_id", "uidvalidity", "uid", "outcome", "created_at")


def _message_row(ident: int, pm: ParsedMessage, location: Location, now) -> tuple:
    from_name, from_address = pm.sender
    outgoing = location.direction == "sent" or any(
        role == "from" and canonical in location.team for role, _, _, canonical, _ in pm.addresses)
    return (ident, pm.key, pm.message_id_header, pm.subject, from_name, from_address, pm.date, pm.in_reply_to,
            pm.references, pm.thread_key, pm.body_text, pm.body_html, pm.snippet,
            "sent" if outgoing else "received", sum(1 for a in pm.attachments if not a["is_inline"]), pm.size,
            pm.truncated, now)


def _keys_to_ids(bulk: Bulk, keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    rows = bulk.query(f"SELECT message_key, id FROM messages WHERE message_key IN ({bulk.in_list(keys)})",
                      tuple(keys))
    return dict(rows)


def _insert_messages(bulk: Bulk, new: list[ParsedMessage], location: Location) -> dict[str, int]:
    """Insert the new messages under reserved ids; returns {key: id} of those this batch inserted."""
    if not new:
        return {}
    ids = bulk.reserve_ids("messages", len(new))
    now = bulk.value(utcnow())  # converted once for the whole batch
    inserted = bulk.insert("messages", MESSAGE_COLUMNS,
                           [_message_row(i, pm, location, now) for i, pm in zip(ids, new)], ignore_conflicts=True)
    if inserted == len(new):  # the usual case: no other sync stored any of them meanwhile
        return {pm.key: ident for pm, ident in zip(new, ids)}
    reserved = set(ids)
    # A key another sync stored a moment ago keeps its id; only our own ids were inserted here.
    return {key: ident for key, ident in _keys_to_ids(bulk, [pm.key for pm in new]).items() if ident in reserved}


def _insert_details(bulk: Bulk, inserted: dict[str, int], new: list[ParsedMessage]) -> None:
    addresses, attachments, documents = [], [], []
    for pm in new:
        message_id = inserted.get(pm.key)
        if message_id is None:
            continue  # another sync stored it a moment ago; it keeps that one's details
        addresses += [(message_id, role, name, address, canonical, domain)
                      for role, name, address, canonical, domain in pm.addresses]
        attachments += [(message_id, a["part"], a["filename"], a["content_type"], a["size"], a["content_id"],
                         a["encoding"], a["is_inline"]) for a in pm.attachments]
        documents.append((message_id, pm.index_document))
    bulk.insert("message_addresses", ADDRESS_COLUMNS, addresses)
    bulk.insert("attachments", ATTACHMENT_COLUMNS, attachments)
    search_index.index_documents(documents, bulk)


def store_batch(parsed: list[ParsedMessage], location: Location) -> dict[int, str]:
    """Store messages and their copies; returns {uid: 'imported' | 'duplicate'}."""
    bulk = Bulk()
    keys = _keys_to_ids(bulk, list({pm.key for pm in parsed}))
    new, seen = [], set(keys)
    for pm in parsed:
        if pm.key not in seen:
            new.append(pm)
            seen.add(pm.key)
    inserted = _insert_messages(bulk, new, location)
    _insert_details(bulk, inserted, new)
    ids = {**_keys_to_ids(bulk, [pm.key for pm in new if pm.key not in inserted]), **keys, **inserted}
    outcomes, copies, now = {}, [], bulk.value(utcnow())
    first_of_key: set[str] = set()
    for pm in parsed:
        imported = pm.key in inserted and pm.key not in first_of_key
        first_of_key.add(pm.key)
        outcomes[pm.uid] = "imported" if imported else "duplicate"
        copies.append((ids[pm.key], location.account_id, location.folder_id, location.uidvalidity, pm.uid,
                       outcomes[pm.uid], now))
    bulk.insert("message_copies", COPY_COLUMNS, copies, ignore_conflicts=True)
    if location.direction == "sent" and keys:
        db.session.execute(update(Message).where(Message.id.in_(list(keys.values()))).values(direction="sent"))
    matching.link_messages(list(inserted.values()), location.team)
    return outcomes


def record_outcomes(folder_id: int, uidvalidity: int, rows: list[tuple[int, str, str]]) -> None:
    """Record skipped/failed UIDs: (uid, outcome, reason); a repeat failure counts one more attempt."""
    if not rows:
        return
    uids = [uid for uid, _, _ in rows]
    known = dict(db.session.execute(select(SyncOutcome.uid, SyncOutcome.id).where(
        SyncOutcome.folder_id == folder_id, SyncOutcome.uidvalidity == uidvalidity, SyncOutcome.uid.in_(uids))).all())
    fresh = [{"folder_id": folder_id, "uidvalidity": uidvalidity, "uid": uid, "outcome": outcome,
              "reason": reason[:2000], "attempts": 1, "updated_at": utcnow()}
             for uid, outcome, reason in rows if uid not in known]
    if fresh:
        db.session.execute(insert_ignoring_conflicts(SyncOutcome), fresh)
    again = [{"row_id": known[uid], "outcome": outcome, "reason": reason[:2000]}
             for uid, outcome, reason in rows if uid in known]
    if again:
        db.session.execute(update(SyncOutcome.__table__).where(SyncOutcome.__table__.c.id == bindparam("row_id"))
                           .values(outcome=bindparam("outcome"), reason=bindparam("reason"),
                                   attempts=SyncOutcome.__table__.c.attempts + 1), again)


def clear_outcomes(folder_id: int, uidvalidity: int, uids: list[int]) -> None:
    """Forget recorded failures of UIDs that have now been stored."""
    if uids:
        db.session.execute(SyncOutcome.__table__.delete().where(
            SyncOutcome.folder_id == folder_id, SyncOutcome.uidvalidity == uidvalidity, SyncOutcome.uid.in_(uids)))
