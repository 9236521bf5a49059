"""Engine tuning per backend: SQLite gets WAL, a busy timeout, foreign keys, and
transactions that take the write lock before their first write."""
from __future__ import annotations

import re
import sqlite3
import time
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

_write_intent: ContextVar[bool] = ContextVar("mailtrail_write_intent", default=False)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


BUSY_TIMEOUT_MS = 30_000
# How often a page's write retries for the lock; see _begin_immediate.
LOCK_POLL_SECONDS = 0.002


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    # Let SQLAlchemy's "begin" event decide how each transaction starts.
    dbapi_connection.isolation_level = None
    # SQLite's own lower() folds ASCII only; searches must treat Ł and ł alike, as PostgreSQL does.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    # WAL lets pages read while a sync writes; the busy timeout makes writers queue.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A bigger page cache and rarer checkpoints: the sync writes megabytes per batch.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.execute("PRAGMA wal_autocheckpoint=4000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # Jobs declare their writes and take the lock up front. Everything else starts
    # deferred, so pages and form posts read without queueing behind a sync batch.
    if _write_intent.get():
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.info["mailtrail_deferred"] = False
    else:
        conn.exec_driver_sql("BEGIN")
        conn.info["mailtrail_deferred"] = True


_READ_VERBS = ("SELECT", "PRAGMA", "EXPLAIN")
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _reads_only(statement: str) -> bool:
    head = statement.lstrip()[:7].upper()
    if head.startswith(_READ_VERBS):
        return True
    return head.startswith("WITH") and not _WRITE_WORDS.search(statement)


def _sqlite_upgrade_on_write(conn, cursor, statement, parameters, context, executemany) -> None:
    # A deferred transaction that has read and then writes fails at once (no busy
    # wait) when another writer committed in between. So before the first statement
    # that is not a plain read (DML, DDL, a savepoint), a deferred transaction restarts
    # with the write lock taken: it then waits its turn, and sees everything committed
    # before it, as PostgreSQL's read committed does for the web.
    if conn.info.get("mailtrail_deferred") and not _reads_only(statement):
        take_write_lock(conn)


def take_write_lock(conn) -> None:
    """Restart a deferred SQLite transaction with the write lock (for driver-level writes)."""
    if not conn.info.get("mailtrail_deferred"):
        return
    conn.info["mailtrail_deferred"] = False
    raw = conn.connection.dbapi_connection
    if raw.in_transaction:
        raw.execute("ROLLBACK")
    _begin_immediate(raw)


def _begin_immediate(raw) -> None:
    """BEGIN IMMEDIATE for a page's write, retrying every 2 ms for up to the busy timeout.

    SQLite's own busy handler sleeps up to 100 ms between tries, and a sync releases the
    lock for a few milliseconds between batches only: a note saved during a sync waited a
    second or more for a gap it kept missing. Polling finds the first gap.
    """
    raw.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(LOCK_POLL_SECONDS)
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _sqlite_end(conn) -> None:
    conn.info["mailtrail_deferred"] = False


def init_app(app: Flask) -> None:
    """Attach the per-connection setup to the app's engine."""
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            event.listen(engine, "before_cursor_execute", _sqlite_upgrade_on_write)
            event.listen(engine, "commit", _sqlite_end)
            event.listen(engine, "rollback", _sqlite_end)


@contextmanager
def write_intent():
    """Within this block, SQLite transactions start with the write lock taken."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def is_sqlite() -> bool:
    """True when the app runs on the embedded SQLite database."""
    return db.engine.dialect.name == "sqlite"


# Search indexes are SQLite FTS5 virtual tables or PostgreSQL-only columns that the
# migrations create by hand; autogenerate must neither drop nor compare them.
SEARCH_TABLE_PREFIXES = ("message_fts", "note_fts", "message_search", "note_search")


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: leave the hand-made search structures alone."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIXES):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    if type_ == "index" and name and name.startswith("ix_search_"):
        return False
    return True


@contextmanager
def writing():
    """A short write transaction: ends whatever was open, writes with the lock taken up front, commits.

    Jobs use this around every write so that no transaction (and on SQLite no write
    lock) stays open while they wait on the network.
    """
    db.session.commit()
    with write_intent():
        try:
            yield
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
