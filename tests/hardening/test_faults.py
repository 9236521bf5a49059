"""Faults: dropped connections at many points, Redis going away mid-sync, PostgreSQL losing a connection
mid-batch. Every case converges to exactly the uninterrupted result."""
import os
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
import redis
from sqlalchemy import event, func, select

from tests.conftest import BACKEND, close_redis
from tests.fixtures.messages import make_message
from tests.sync.conftest import snapshot
from webapp.extensions import db
from webapp.models import MailAccount, Message, SyncRun
from webapp.services.sync import sync_account
from webapp.services.sync_queue import queue_due_syncs

MAIL = [make_message(subject=f"fault {i}", sender=f"Osoba {i % 4} <osoba{i % 4}@klient.example>",
                     text=f"Treść {i} " + "z" * 1500, message_id=f"<fault-{i}@klient.example>",
                     attachments=[("a.pdf", "application/pdf", b"%PDF" * 300)] if i % 5 == 0 else [])
        for i in range(60)]


@pytest.fixture
def contacts(make_person):
    for i in range(4):
        make_person(first_name=f"Osoba{i}", emails=[f"osoba{i}@klient.example"])


def clean_result(mail_server, make_user, make_account) -> dict:
    account = make_account(make_user())
    mail_server.append_many(account.login, MAIL)
    assert sync_account(account.id).status == "ok"
    return snapshot()


def wiped_and_refilled(mail_server, make_user, make_account, imap_port: int | None = None):
    """Forget the stored mail and give the same messages to a new account, not synced yet."""
    db.session.execute(Message.__table__.delete())
    db.session.commit()
    account = make_account(make_user())
    if imap_port is not None:  # through a fault proxy
        account.imap_port = imap_port
    mail_server.append_many(account.login, MAIL)
    db.session.commit()
    return account


@pytest.mark.slow
@pytest.mark.parametrize("drop_after", [1_500, 9_000, 40_000, 120_000])
def test_drops_during_an_initial_sync_converge(app, mail_server, make_user, make_account, contacts, fault_proxy,
                                               small_batches, drop_after):
    expected = clean_result(mail_server, make_user, make_account)
    account = wiped_and_refilled(mail_server, make_user, make_account, imap_port=fault_proxy.port)
    fault_proxy.drop_after = drop_after
    assert sync_account(account.id).status == "failed"
    db.session.refresh(account)
    # The login succeeded (which resets the count) before the drop counted one failure.
    assert account.failure_count == 1 and account.status != "deactivated"
    for _ in range(3):  # each run gets further, the connection still dropping at the same byte
        sync_account(account.id)
    fault_proxy.reset()
    assert sync_account(account.id).status == "ok"
    db.session.refresh(account)
    assert account.failure_count == 0
    assert snapshot() == expected


@pytest.fixture
def private_redis(app):
    """A Redis of our own that the test may stop and start; the app uses it during the test."""
    directory = tempfile.mkdtemp(prefix="mailtrail-redis-")
    socket_path = os.path.join(directory, "redis.sock")
    command = ["redis-server", "--port", "0", "--unixsocket", socket_path, "--save", "", "--appendonly", "no",
               "--dir", directory]

    def start():
        if os.path.exists(socket_path):
            os.unlink(socket_path)  # left behind by a killed server
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if redis.Redis(unix_socket_path=socket_path).ping():
                    break
            except redis.exceptions.ConnectionError:
                time.sleep(0.02)
        return process

    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = f"unix://{socket_path}"
    close_redis([app.extensions.pop("mailtrail_redis", None)])  # the session's client, to the usual Redis
    state = {"process": start()}
    yield state, start
    state["process"].terminate()
    state["process"].wait()
    app.config["REDIS_URL"] = saved
    close_redis([app.extensions.pop("mailtrail_redis", None)])
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.slow
def test_redis_stopped_and_restarted_during_a_sync(app, mail_server, make_user, make_account, contacts,
                                                   small_batches, private_redis):
    state, start = private_redis
    expected = clean_result(mail_server, make_user, make_account)
    account = wiped_and_refilled(mail_server, make_user, make_account)
    outcome, account_id = {}, account.id  # a plain id: the ORM object belongs to this thread's session

    def run():
        with app.app_context():
            try:
                result = sync_account(account_id)
                outcome["status"] = result.status if result else None
            except Exception as error:  # the job may fail: that is allowed, losing or doubling is not
                outcome["error"] = repr(error)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        db.session.commit()
        if (db.session.scalar(select(func.max(SyncRun.progress_done))) or 0) >= 10:
            break
        time.sleep(0.01)
    state["process"].kill()
    state["process"].wait()
    worker.join(60)
    state["process"] = start()
    db.session.commit()
    db.session.execute(MailAccount.__table__.update().values(last_attempt_at=None))
    db.session.commit()
    queue_due_syncs()  # the next scheduler tick, on a Redis that forgot everything
    db.session.commit()
    assert snapshot() == expected, outcome


@pytest.mark.skipif(BACKEND != "postgres", reason="a lost connection mid-batch is a PostgreSQL matter")
def test_postgres_connection_lost_mid_batch_is_redone(app, mail_server, make_user, make_account, contacts,
                                                      small_batches):
    import psycopg

    expected = clean_result(mail_server, make_user, make_account)
    account = wiped_and_refilled(mail_server, make_user, make_account)
    admin_url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    killed = []

    def kill_mid_batch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("INSERT INTO message_links") and not killed:
            killed.append(cursor.connection.info.backend_pid)
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (killed[0],))

    event.listen(db.engine, "before_cursor_execute", kill_mid_batch)
    try:
        run = sync_account(account.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", kill_mid_batch)
    assert killed and run.status == "ok", run.error
    assert snapshot() == expected
