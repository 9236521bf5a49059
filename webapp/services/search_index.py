"""The full-text index: SQLite FTS5 or PostgreSQL tsvector, chosen by the database in use.

Documents and queries are folded the same way: lower case, Polish ł → l in Python,
the other diacritics by the backend (FTS5 `remove_diacritics 2`, PostgreSQL
`unaccent`), so `zolw` finds `żółw` and `platnosc` finds `płatność`.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import bindparam, text

from ..database import is_sqlite
from ..extensions import db

_FOLD = (("ł", "l"), ("Ł", "L"), ("đ", "d"), ("Đ", "D"), ("ø", "o"), ("Ø", "O"), ("ß", "ss"), ("æ", "ae"),
         ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"), ("ı", "i"))
_NEEDS_FOLD = re.compile("[łŁđĐøØßæÆœŒı]")
MAX_INDEXED_CHARS = 200_000
_NAME_PARTS = re.compile(r"[._-]+")


def fold(value: str) -> str:
    """Text as the index sees it (letters the backends do not fold themselves, folded here)."""
    value = (value or "")[:MAX_INDEXED_CHARS]
    if value.isascii():  # a flag Python keeps on every string: nothing to normalize or fold
        return value
    value = unicodedata.normalize("NFC", value)
    if _NEEDS_FOLD.search(value):
        # str.replace runs in C per letter; str.translate with a dict is a Python-speed loop.
        for letter, plain in _FOLD:
            value = value.replace(letter, plain)
    return value


def _sqlite_insert(table: str, columns: tuple[str, ...]):
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    return text(f"INSERT INTO {table} (rowid, {names}) VALUES (:id, {values})")


def document(subject: str, people: str, attachments: str, body: str) -> tuple[str, str, str, str]:
    """A message's indexed text, folded, in the index's column order (subject, people, attachments, body)."""
    return fold(subject), fold(people), fold(attachments), fold(body)


def people_text(addresses) -> str:
    """The names and addresses of a message's (role, name, address, …) rows, as the index holds them."""
    return " ".join(f"{row[1]} {row[2]}" for row in addresses)


def attachments_text(filenames) -> str:
    """File names and their parts, so 'cennik-2026.pdf' is found by 'cennik' on every backend."""
    return " ".join(f"{name} {_NAME_PARTS.sub(' ', name)}" for name in filenames)


def index_messages(rows: list[dict], bulk=None) -> None:
    """Add messages to the index; each row has id, subject, people, body, attachments (plain text)."""
    index_documents([(r["id"], document(r["subject"], r["people"], r["attachments"], r["body"])) for r in rows], bulk)


def index_documents(rows: list[tuple[int, tuple[str, str, str, str]]], bulk=None) -> None:
    """Add messages to the index: (message id, `document(…)`) pairs, folded already."""
    if not rows:
        return
    from .bulk import Bulk

    bulk = bulk or Bulk()
    values = [(ident, *folded) for ident, folded in rows]
    if bulk.sqlite:
        bulk.insert("message_fts", ("rowid", "subject", "people", "attachments", "body"), values)
        return
    # The columns are the tsvector's parts; the expression folds and weighs them (subject first).
    m = bulk.mark
    weighed = (f"setweight(to_tsvector('simple', unaccent({m})), 'A') || "
               f"setweight(to_tsvector('simple', unaccent({m})), 'B') || "
               f"setweight(to_tsvector('simple', unaccent({m})), 'C') || "
               f"setweight(to_tsvector('simple', unaccent({m})), 'D')")
    bulk.insert("message_search", ("message_id", "document"), values, ignore_conflicts=True,
                values_sql=f"{m}, {weighed}")


def remove_messages(ids: list[int]) -> None:
    """Take messages out of the index (before they are deleted)."""
    if not ids:
        return
    if is_sqlite():
        statement = text("DELETE FROM message_fts WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True))
    else:
        statement = text("DELETE FROM message_search WHERE message_id IN :ids").bindparams(
            bindparam("ids", expanding=True))
    db.session.execute(statement, {"ids": list(ids)})


def index_note(note_id: int, body: str) -> None:
    """Add or replace one note in the index."""
    remove_note(note_id)
    params = {"id": note_id, "body": fold(body)}
    if is_sqlite():
        db.session.execute(_sqlite_insert("note_fts", ("body",)), params)
    else:
        db.session.execute(text("INSERT INTO note_search (note_id, document) "
                                "VALUES (:id, to_tsvector('simple', unaccent(:body)))"), params)


def remove_note(note_id: int) -> None:
    """Take one note out of the index."""
    if is_sqlite():
        db.session.execute(text("DELETE FROM note_fts WHERE rowid = :id"), {"id": note_id})
    else:
        db.session.execute(text("DELETE FROM note_search WHERE note_id = :id"), {"id": note_id})
