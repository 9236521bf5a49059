"""Scheduling: the tick queues due accounts, derived from the database; Redis may be flushed at any time."""
from datetime import timedelta

from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Message
from webapp.models.types import utcnow
from webapp.services.locks import Lock
from webapp.services.sync import sync_account
from webapp.services.sync_queue import due_account_ids, lock_key, queue_due_syncs, queue_sync


def test_due_accounts_come_from_the_database(app, redis_conn, mail_server, make_user, make_account):
    owner = make_user()
    due = make_account(owner)
    recent = make_account(owner, last_attempt_at=utcnow())
    old = make_account(owner, last_attempt_at=utcnow() - timedelta(seconds=app.config["SYNC_INTERVAL"] + 5))
    make_account(make_user(), status="deactivated")
    db.session.commit()
    assert due_account_ids() == [due.id, old.id]
    assert recent.id not in due_account_ids()


def test_after_a_redis_flush_the_next_tick_recovers(redis_conn, mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append(account.login, make_message(subject="after the flush"))
    db.session.commit()
    redis_conn.set(f"mailtrail:sync:queued:{account.id}", "schedule")  # queued, then Redis loses everything
    redis_conn.flushdb()
    assert queue_due_syncs() == 1
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
    assert queue_due_syncs() == 0  # just synced: not due again


def test_a_trigger_while_a_sync_runs_is_a_no_op(redis_conn, mail_server, make_user, make_account):
    account = make_account(make_user())
    db.session.commit()
    with Lock(redis_conn, lock_key(account.id), 60) as lock:
        assert lock.acquire()
        assert queue_sync(account.id) is None
        assert sync_account(account.id) is None
    assert sync_account(account.id).status == "ok"


def test_the_lock_is_released_only_by_its_holder(redis_conn):
    first, second = Lock(redis_conn, "mailtrail:test", 60), Lock(redis_conn, "mailtrail:test", 60)
    assert first.acquire() and not second.acquire()
    second.held = True
    second.release()  # not the holder: nothing happens
    assert redis_conn.get("mailtrail:test") == first.token.encode()
    first.release()
    assert not redis_conn.exists("mailtrail:test")
