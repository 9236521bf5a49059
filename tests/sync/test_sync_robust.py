"""Every message accounted for: odd messages, big attachments, crashes, drops, concurrency, failures."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from tests.sync.conftest import snapshot
from webapp.extensions import db
from webapp.models import Message, MessageCopy, SyncOutcome, SyncRun
from webapp.services import crypto
from webapp.services.sync import sync_account

ROOT = Path(__file__).resolve().parents[2]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_message_without_message_id_gets_a_stable_key(mail_server, make_user, make_account):
    raw = make_message(subject="No id", message_id=None)
    first, second = make_account(make_user()), make_account(make_user())
    mail_server.append(first.login, raw)
    mail_server.append(second.login, raw)
    sync_account(first.id)
    sync_account(first.id)
    sync_account(second.id)
    stored = db.session.scalars(select(Message)).all()
    assert len(stored) == 1 and stored[0].message_key.startswith("synthetic:")
    assert count(MessageCopy) == 2


def test_distinct_messages_without_any_headers_stay_distinct(mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append_many(account.login, [b"\r\nfirst body\r\n", b"\r\nthe second, longer body\r\n"])
    run = sync_account(account.id)
    assert (run.imported, run.duplicate) == (2, 0)
    assert sorted(db.session.scalars(select(Message.body_text))) == ["first body\r\n", "the second, longer body\r\n"]


def test_broken_messages_do_not_stop_the_rest(mail_server, make_user, make_account):
    account = make_account(make_user())
    broken = [
        b"Subject: no body at all\r\n\r\n",
        b"From: x@y.example\r\nContent-Type: multipart/mixed; boundary=\"missing\"\r\n\r\nno parts here\r\n",
        b"Content-Type: text/plain; charset=x-unknown-9\r\nSubject: =?bogus?Q?x?=\r\n\r\n\xff\xfe\x00 bytes\r\n",
        b"Subject: headerless body follows\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
        b"Date: not a date\r\nFrom: \"unterminated <a@b\r\nTo: ,,,@@@\r\n\r\nbody\r\n",
    ]
    good = [make_message(subject=f"good {i}") for i in range(3)]
    mail_server.append_many(account.login, good[:1] + broken + good[1:])
    run = sync_account(account.id)
    assert run.status == "ok"
    assert run.imported + run.failed + run.skipped == len(good) + len(broken)
    subjects = set(db.session.scalars(select(Message.subject)))
    assert {"good 0", "good 1", "good 2", "no body at all"} <= subjects
    assert "\x00" not in "".join(db.session.scalars(select(Message.body_text)))


def test_a_20_mb_attachment_is_never_downloaded(mail_server, make_user, make_account):
    account = make_account(make_user())
    big = os.urandom(20 * 1024 * 1024)
    mail_server.append(account.login, make_message(subject="Huge", text="See the attachment.",
                                                   attachments=[("backup.zip", "application/zip", big)]))
    run = sync_account(account.id)
    message = db.session.scalar(select(Message))
    assert run.imported == 1 and message.body_text.strip() == "See the attachment."
    assert message.attachments[0].filename == "backup.zip"
    assert abs(message.attachments[0].size - len(big)) < 0.01 * len(big)
    assert run.bytes_read < 200_000  # headers, structure and the text part only


def test_two_concurrent_triggers_run_one_sync(app, mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(subject=f"c{i}") for i in range(30)])
    db.session.commit()
    results, account_id = [], account.id  # a plain id: the ORM object belongs to this thread's session

    def trigger():
        with app.app_context():
            run = sync_account(account_id)
            results.append(None if run is None else run.imported)

    threads = [threading.Thread(target=trigger) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    db.session.commit()
    assert count(Message) == 30 and count(MessageCopy) == 30
    assert sorted(results, key=lambda r: r is None) in ([30, None], [30, 0])


def test_ten_failures_deactivate_and_a_success_resets(mail_server, make_user, make_account):
    account = make_account(make_user())
    good_password = account.password_enc
    account.password_enc = crypto.encrypt("wrong password")
    db.session.commit()
    for _ in range(4):
        sync_account(account.id)
    db.session.refresh(account)
    assert account.failure_count == 4 and account.last_error_kind == "auth"
    account.password_enc = good_password
    db.session.commit()
    assert sync_account(account.id).status == "ok"
    db.session.refresh(account)
    assert account.failure_count == 0
    account.password_enc = crypto.encrypt("wrong password")
    db.session.commit()
    for _ in range(10):
        sync_account(account.id)
    db.session.refresh(account)
    assert account.status == "deactivated" and account.failure_count == 10
    assert "Wrong login or password" in account.last_error
    assert sync_account(account.id) is None  # no more syncs until the owner reconnects


def test_a_dropped_connection_fails_the_run_and_the_next_run_converges(app, mail_server, make_user, make_account,
                                                                       fault_proxy, small_batches):
    account = make_account(make_user())
    account.imap_port = fault_proxy.port
    mail_server.append_many(account.login, [make_message(subject=f"d{i}", text="x" * 3000) for i in range(40)])
    db.session.commit()
    fault_proxy.drop_after = 60_000
    failed = sync_account(account.id)
    assert failed.status == "failed" and failed.error_kind in ("network", "server", "timeout")
    db.session.refresh(account)
    assert account.failure_count == 1
    fault_proxy.reset()
    recovered = sync_account(account.id)
    assert recovered.status == "ok"
    assert count(Message) == 40 and count(MessageCopy) == 40
    db.session.refresh(account)
    assert account.failure_count == 0


def test_a_stalled_connection_fails_within_bounded_time(app, mail_server, make_user, make_account, fault_proxy):
    account = make_account(make_user())
    account.imap_port = fault_proxy.port
    mail_server.append_many(account.login, [make_message(subject=f"s{i}", text="y" * 5000) for i in range(20)])
    db.session.commit()
    fault_proxy.stall_after = 20_000
    started = time.monotonic()
    run = sync_account(account.id)
    assert run.status == "failed" and run.error_kind == "timeout"
    assert time.monotonic() - started < app.config["MAIL_TIMEOUT"] * 3 + 5


def _sync_in_subprocess(app, account_id: int) -> subprocess.Popen:
    code = ("from webapp import create_app; from webapp.services.sync import sync_account; "
            f"app = create_app(); app.app_context().push(); sync_account({account_id})")
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=app.config["REDIS_URL"],
               SECRET_KEY="x", SYNC_BATCH_SIZE="10", MAIL_ALLOWED_NETWORKS="127.0.0.0/8", MAIL_ALLOW_PLAINTEXT="1",
               MAIL_ALLOWED_PORTS=",".join(map(str, app.config["MAIL_ALLOWED_PORTS"])))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def test_kill_minus_9_mid_sync_then_rerun_gives_the_uninterrupted_result(app, mail_server, make_user, make_account,
                                                                          make_person, small_batches):
    make_person(emails=["anna@client.example"])
    killed = make_account(make_user())
    batch = [make_message(subject=f"k{i}", text="z" * 2000) for i in range(120)]
    mail_server.append_many(killed.login, batch)
    db.session.commit()
    worker = _sync_in_subprocess(app, killed.id)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.commit()
        done = db.session.scalar(select(func.max(SyncRun.progress_done)))
        if done and done >= 20:
            break
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    db.session.commit()
    partial = count(MessageCopy)
    assert 0 < partial < 120
    # The dead run's lock outlives it; an operator (or its TTL) clears it.
    from webapp.extensions import redis_connection
    from webapp.services.sync_queue import lock_key
    redis_connection().delete(lock_key(killed.id))
    assert sync_account(killed.id).status == "ok"
    interrupted = snapshot()
    assert len(interrupted["messages"]) == 120 and len(interrupted["copies"]) == 120
    assert len(interrupted["links"]) == 120
    assert count(SyncOutcome) == 0


def test_a_failed_message_is_retried_and_its_record_cleared_once_stored(mail_server, make_user, make_account,
                                                                        monkeypatch):
    from webapp.models import SyncOutcome
    from webapp.services import fetching

    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(subject=f"m{i}") for i in range(3)])
    real_build = fetching.build

    def build_failing_uid_2(uid, item):
        if uid == 2:
            raise ValueError("cannot parse this one")
        return real_build(uid, item)

    monkeypatch.setattr(fetching, "build", build_failing_uid_2)
    first = sync_account(account.id)
    assert (first.imported, first.failed) == (2, 1)
    assert [(o.uid, o.outcome, o.attempts) for o in db.session.scalars(select(SyncOutcome))] == [(2, "failed", 1)]
    monkeypatch.setattr(fetching, "build", real_build)
    second = sync_account(account.id)
    assert (second.imported, second.failed) == (1, 0)
    assert db.session.scalar(select(func.count()).select_from(SyncOutcome)) == 0
    assert sorted(db.session.scalars(select(Message.subject))) == ["m0", "m1", "m2"]


def test_a_message_without_a_usable_date_takes_its_arrival_date(mail_server, make_user, make_account):
    from datetime import datetime, timezone

    account = make_account(make_user())
    client = mail_server.connect(account.login)
    try:
        for raw in (b"Subject: no date\r\n\r\nbody\r\n", b"Subject: bad date\r\nDate: not a date\r\n\r\nbody\r\n",
                    b"Subject: from 1970\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n\r\nbody\r\n"):
            typ, _ = client.append("INBOX", None, '"14-Mar-2025 09:30:00 +0100"', raw)
            assert typ == "OK"
    finally:
        client.logout()
    assert sync_account(account.id).imported == 3
    arrived = datetime(2025, 3, 14, 8, 30, tzinfo=timezone.utc)
    assert {m.date.astimezone(timezone.utc) for m in db.session.scalars(select(Message))} == {arrived}
