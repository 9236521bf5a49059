"""Full-text search over mail and notes, ranked, with highlighted snippets, under the visibility rule.

The query a user types is never handed to the search engine as syntax: it is split
into words and "quoted phrases", each quoted for FTS5 or tsquery, the last word a
prefix while typing. A stray quote or a lone AND is just a word. Visibility is part
of the SQL (never a filter after LIMIT), and snippets are cut from visible messages
only, in Python, from the original text, so Polish letters show as written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from markupsafe import Markup, escape
from sqlalchemy import and_, column, exists, func, literal_column, or_, select, table, text
from sqlalchemy.orm import selectinload

from ..database import is_sqlite
from ..extensions import db
from ..models import Message, MessageCopy, MessageLink, Note, Person, User
from .mimeparse import html_to_text
from .search_index import fold
from .visibility import message_visible, visible_account_ids

MAX_TERMS = 12
SNIPPET_SOURCE_CHARS = 100_000  # a snippet is cut from the start of the text
RANK_WINDOW = 1000  # matches ranked by relevance in a search's first step (the newest ones)
MESSAGE_FTS = table("message_fts", column("rowid"))
NOTE_FTS = table("note_fts", column("rowid"))
MESSAGE_SEARCH = table("message_search", column("message_id"), column("document"))
NOTE_SEARCH = table("note_search", column("note_id"), column("document"))


@dataclass(frozen=True)
class _Index:
    """One full-text index: its SQLite FTS5 table (rowid = the row's id) with its bm25 call (lower is
    better), and its PostgreSQL table of tsvector `document`s keyed by `key`."""

    fts: object
    bm25: str
    search: object
    key: str


# message_fts columns weigh: subject 10, people 5, body 1, attachment names 3.
MESSAGES = _Index(MESSAGE_FTS, "bm25(message_fts, 10.0, 5.0, 1.0, 3.0)", MESSAGE_SEARCH, "message_id")
NOTES = _Index(NOTE_FTS, "bm25(note_fts)", NOTE_SEARCH, "note_id")


def _tsquery_of(terms):
    return func.to_tsquery("simple", func.unaccent(_tsquery(terms)))


def _fts_match(index: _Index, terms):
    return text(f"{index.fts.name} MATCH :q").bindparams(q=_fts5_query(terms))


_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass
class Filters:
    """Optional narrowing of a search."""

    contact: tuple[str, int] | None = None  # ("person" | "company", id)
    account_id: int | None = None
    since: date | None = None
    until: date | None = None
    attachments: bool = False


@dataclass
class Hit:
    """One search result."""

    kind: str  # email | note
    id: int
    score: float
    item: object
    snippet: Markup = field(default_factory=Markup)

    @property
    def date(self) -> datetime:
        return self.item.date if self.kind == "email" else self.item.created_at

    @property
    def subject(self) -> str:
        return self.item.subject if self.kind == "email" else ""


def parse_terms(query: str, prefix_last: bool = True) -> list[tuple[str, bool]]:
    """[(term, is_prefix)]: words and phrases, folded, the last word a prefix when typing."""
    terms = []
    for phrase, word in _TERM.findall(fold(query or "").lower()):
        value = (phrase or word).strip()
        value = re.sub(r"[^\w\s@.'+-]", " ", value).strip(" .'+-")
        if not value:
            continue
        star = word.endswith("*") if word else False
        terms.append((" ".join(value.split()), star))
    terms = terms[:MAX_TERMS]
    if terms and prefix_last and not query.rstrip().endswith('"') and " " not in terms[-1][0]:
        terms[-1] = (terms[-1][0], True)
    return terms


def _fts5_query(terms: list[tuple[str, bool]]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' + ("*" if prefix else "") for term, prefix in terms)


def _tsquery(terms: list[tuple[str, bool]]) -> str:
    parts = []
    for term, prefix in terms:
        # Split on spaces only: PostgreSQL's parser keeps an address like jan@firma.pl one token.
        words = [w.replace("'", "''").replace("\\", "") for w in term.split() if w]
        if not words:
            continue
        lexemes = [f"'{w}'" for w in words]
        if prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def _message_conditions(user: User, filters: Filters) -> list:
    accounts = visible_account_ids(user)
    conditions = [message_visible(Message.id, accounts)]
    if filters.account_id is not None:
        allowed = {filters.account_id} & accounts
        conditions.append(exists().where(MessageCopy.message_id == Message.id,
                                         MessageCopy.account_id.in_(allowed or {-1})))
    if filters.contact is not None:
        kind, contact_id = filters.contact
        column = MessageLink.person_id if kind == "person" else MessageLink.company_id
        linked = [column == contact_id]
        if kind == "company":
            linked.append(MessageLink.person_id.in_(select(Person.id).where(Person.company_id == contact_id)))
        conditions.append(exists().where(MessageLink.message_id == Message.id, or_(*linked)))
    if filters.since:
        conditions.append(Message.date >= datetime.combine(filters.since, time.min, timezone.utc))
    if filters.until:
        conditions.append(Message.date <= datetime.combine(filters.until, time.max, timezone.utc))
    if filters.attachments:
        conditions.append(Message.attachment_count > 0)
    return conditions


def _ranked_messages(terms, user: User, filters: Filters, limit: int) -> tuple[list[tuple[int, float]], bool]:
    """The best `limit` visible matches as (id, score), and whether only the newest matches were ranked.

    Ranking every match of a common word ("faktura" is in one email of six) costs more
    than a page may take, so relevance is first computed for the newest RANK_WINDOW
    matches only, then for eight times as many, and only then for all of them; most
    searches end in the first step.
    """
    where = and_(True, *_message_conditions(user, filters))
    window = RANK_WINDOW
    while window <= RANK_WINDOW * 8:
        ranked, matches = _ranked_window(terms, where, limit, window)
        if len(ranked) >= limit or matches < window:
            return ranked, matches == window
        window *= 8
    return _ranked_all(MESSAGES, Message, terms, where, limit), False


def _ranked_window(terms, where, limit: int, window: int) -> tuple[list[tuple[int, float]], int]:
    """The best `limit` visible messages among the newest `window` matches (newest stored = highest id),
    and how many matches that window held."""
    if is_sqlite():
        newest = (select(MESSAGE_FTS.c.rowid.label("id"), literal_column(MESSAGES.bm25).label("score"))
                  .select_from(MESSAGE_FTS).where(_fts_match(MESSAGES, terms))
                  .order_by(MESSAGE_FTS.c.rowid.desc()).limit(window)
                  .cte("newest_matches").prefix_with("MATERIALIZED"))
        badness = newest.c.score  # bm25: lower is better
    else:
        query = _tsquery_of(terms)
        newest = (select(MESSAGE_SEARCH.c.message_id.label("id"), MESSAGE_SEARCH.c.document)
                  .where(MESSAGE_SEARCH.c.document.op("@@")(query))
                  .order_by(MESSAGE_SEARCH.c.message_id.desc()).limit(window)
                  .cte("newest_matches").prefix_with("MATERIALIZED"))
        # Scored outside the LIMIT: only the window's visible documents are ranked.
        badness = -func.ts_rank_cd(newest.c.document, query)
    held = select(func.count()).select_from(newest).scalar_subquery()
    stmt = (select(newest.c.id, badness, held).join(Message, Message.id == newest.c.id).where(where)
            .order_by(badness, newest.c.id.desc()).limit(limit))
    rows = db.session.execute(stmt).all()
    matches = rows[0][2] if rows else db.session.scalar(select(held))
    return [(mid, -value) for mid, value, _ in rows], matches


def _ranked_notes(terms, filters: Filters, limit: int) -> list[tuple[int, float]]:
    if filters.account_id is not None or filters.attachments:
        return []
    conditions = []
    if filters.contact is not None:
        kind, contact_id = filters.contact
        conditions.append(Note.person_id == contact_id if kind == "person" else Note.company_id == contact_id)
    if filters.since:
        conditions.append(Note.created_at >= datetime.combine(filters.since, time.min, timezone.utc))
    if filters.until:
        conditions.append(Note.created_at <= datetime.combine(filters.until, time.max, timezone.utc))
    return _ranked_all(NOTES, Note, terms, and_(True, *conditions), limit)


def _ranked_all(index: _Index, model, terms, where, limit: int) -> list[tuple[int, float]]:
    """The best `limit` rows of `model` under `where` among every match of its index, as (id, score)."""
    if is_sqlite():
        rank = literal_column(index.bm25)
        stmt = (select(model.id, rank).select_from(index.fts).join(model, model.id == index.fts.c.rowid)
                .where(_fts_match(index, terms), where).order_by(rank).limit(limit))
        return [(ident, -score) for ident, score in db.session.execute(stmt)]
    query = _tsquery_of(terms)
    rank = func.ts_rank_cd(index.search.c.document, query)
    stmt = (select(model.id, rank).select_from(index.search).join(model, model.id == index.search.c[index.key])
            .where(index.search.c.document.op("@@")(query), where).order_by(rank.desc()).limit(limit))
    return [(ident, float(score)) for ident, score in db.session.execute(stmt)]


class Hits(list):
    """Search results, best first; `newest_only` when only the newest matches were ranked."""

    newest_only: bool = False


def search(user: User, query: str, filters: Filters | None = None, limit: int = 20,
           prefix_last: bool = True) -> Hits:
    """The best `limit` visible emails and notes for `query`, with snippets."""
    filters = filters or Filters()
    terms = parse_terms(query, prefix_last)
    hits = Hits()
    if not terms or not _tsquery(terms):
        return hits
    emails, hits.newest_only = _ranked_messages(terms, user, filters, limit)
    ranked = [("email", mid, score) for mid, score in emails]
    ranked += [("note", nid, score) for nid, score in _ranked_notes(terms, filters, limit)]
    ranked.sort(key=lambda r: r[2], reverse=True)
    ranked = ranked[:limit]
    messages = _load(Message, [i for k, i, _ in ranked if k == "email"], selectinload(Message.addresses))
    notes = _load(Note, [i for k, i, _ in ranked if k == "note"], selectinload(Note.author))
    for kind, ident, score in ranked:
        item = messages.get(ident) if kind == "email" else notes.get(ident)
        if item is not None:
            hits.append(Hit(kind, ident, score, item, make_snippet(_text_of(kind, item), terms)))
    return hits


def _load(model, ids: list[int], option) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).options(option).where(model.id.in_(ids)))}


def _text_of(kind: str, item) -> str:
    if kind == "note":
        return item.body
    return item.body_text or html_to_text(item.body_html) or item.subject


_SPECIAL_FOLDS = {"ł": "l", "đ": "d", "ø": "o", "ß": "s", "æ": "a", "œ": "o", "ı": "i"}


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char.lower())[0]
    return _SPECIAL_FOLDS.get(base, base)


# Latin, Greek and Cyrillic, folded once; str.translate then does a whole email in C.
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x530) if _fold_char(chr(code)) != chr(code)}


def _fold_same_length(value: str) -> str:
    """Lower-case, diacritics removed, one character for one: indices match the original."""
    return value.translate(_FOLD_TABLE)


def make_snippet(original: str, terms: list[tuple[str, bool]], width: int = 220) -> Markup:
    """A window of the original text around the first match, escaped, with matches in <mark>."""
    original = " ".join((original or "")[:SNIPPET_SOURCE_CHARS].split())
    folded = _fold_same_length(original)
    words = [re.escape(_fold_same_length(t)) + (r"\w*" if prefix else r"\b") for t, prefix in terms]
    pattern = re.compile(r"(?<!\w)(" + "|".join(words) + ")") if words else None
    first = pattern.search(folded) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(original), start + width)
    window, window_folded = original[start:end], folded[start:end]
    parts, last = [], 0
    for match in (pattern.finditer(window_folded) if pattern else []):
        parts.append(escape(window[last:match.start()]))
        parts.append(Markup("<mark>") + escape(window[match.start():match.end()]) + Markup("</mark>"))
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(original) else ""
    return Markup(prefix) + Markup("").join(parts) + Markup(suffix)

