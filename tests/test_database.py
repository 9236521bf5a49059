"""SQLite transactions: reads never queue behind a writer; a write after a stale read waits, not fails."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select, text

from webapp.database import is_sqlite, write_intent
from webapp.extensions import db
from webapp.models import User

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def sqlite_path(app):
    if not is_sqlite():
        pytest.skip("SQLite locking only")
    return db.engine.url.database


def _hold_write_lock(path: str, seconds: float, ready: threading.Event, then_sql: str | None = None):
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("BEGIN IMMEDIATE")
    if then_sql:
        conn.execute(then_sql)
    ready.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_a_read_does_not_wait_for_a_writer(sqlite_path, make_user):
    make_user(email="reader@example.test")
    db.session.commit()
    ready = threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(sqlite_path, 1.5, ready))
    writer.start()
    ready.wait(5)
    started = time.monotonic()
    assert db.session.scalar(select(User.email).where(User.email == "reader@example.test"))
    assert time.monotonic() - started < 1.0
    db.session.commit()
    writer.join()


def test_a_write_after_a_stale_read_waits_and_succeeds(sqlite_path, make_user):
    user = make_user(email="stale@example.test", name="Before")
    db.session.commit()
    user_id = user.id
    # This transaction reads first (a deferred snapshot) ...
    assert db.session.get(User, user_id).name == "Before"
    # ... then another connection writes and commits while holding the lock a moment.
    ready = threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(
        sqlite_path, 0.5, ready, "UPDATE users SET locale = 'pl' WHERE id = %d" % user_id))
    writer.start()
    ready.wait(5)
    # Plain SQLite would fail this write at once with "database is locked" (a stale
    # snapshot cannot be upgraded); ours restarts the transaction with the lock taken.
    db.session.get(User, user_id).name = "After"
    db.session.commit()
    writer.join()
    db.session.expire_all()
    assert db.session.get(User, user_id).name == "After"


def test_declared_writes_take_the_lock_up_front(sqlite_path):
    db.session.commit()
    with write_intent():
        db.session.execute(text("SELECT 1"))
        raw = db.session.connection().connection.dbapi_connection
        other = sqlite3.connect(sqlite_path, isolation_level=None, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        assert raw.in_transaction
        db.session.commit()


def _write_in_batches(path: str, batches: int, hold: float, gap: float, started: threading.Event,
                      committed: list[int]):
    # What a sync does: a write transaction per batch, the lock free for a moment in between.
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    for n in range(batches):
        conn.execute("BEGIN IMMEDIATE")
        started.set()
        time.sleep(hold)
        conn.execute("COMMIT")
        committed.append(n)
        time.sleep(gap)
    conn.close()


def test_a_page_write_gets_the_first_gap_between_a_syncs_batches(sqlite_path, make_user):
    user = make_user(email="between@example.test", name="Before")
    db.session.commit()
    user_id = user.id
    started, committed = threading.Event(), []
    sync = threading.Thread(target=_write_in_batches, args=(sqlite_path, 12, 0.15, 0.01, started, committed))
    sync.start()
    started.wait(5)
    db.session.get(User, user_id).name = "During the sync"
    db.session.commit()
    batches_before_us = len(committed)
    sync.join()
    # SQLite's busy handler retries every 100 ms and mostly misses 10 ms gaps (it waited
    # for 5 or more of the 12 batches); the page's write goes in at the first or second.
    assert batches_before_us <= 2, batches_before_us
