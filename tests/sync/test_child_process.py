"""A sync run by a single-threaded worker fetches and parses in a child process; the result is the same."""
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from tests.sync.conftest import index_rows, snapshot
from webapp.extensions import db
from webapp.models import Message, SyncRun
from webapp.services.search_index import remove_messages
from webapp.services.sync import sync_account

ROOT = Path(__file__).resolve().parents[2]


def _sync_in_worker_process(app, account_id: int, prelude: str = "") -> subprocess.CompletedProcess:
    code = prelude + (
        "import logging, sys; logging.basicConfig(stream=sys.stderr, level=logging.INFO); "
        "from webapp import create_app; from webapp.services.sync import sync_account; "
        f"app = create_app(); app.app_context().push(); print(sync_account({account_id}).counts())")
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=app.config["REDIS_URL"],
               SECRET_KEY="x", SYNC_BATCH_SIZE="10", MAIL_ALLOWED_NETWORKS="127.0.0.0/8", MAIL_ALLOW_PLAINTEXT="1",
               MAIL_ALLOWED_PORTS=",".join(map(str, app.config["MAIL_ALLOWED_PORTS"])))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_child_process_fetching_gives_the_same_result(app, mail_server, make_user, make_account, make_person,
                                                      small_batches):
    make_person(emails=["anna@client.example"])
    in_thread, in_child = make_account(make_user()), make_account(make_user())
    # Polish letters and file names: the index's text is folded in the fetching process.
    mail = [make_message(subject=f"Płatność c{i}", message_id=f"<child-{i}@x>", text=f"Żółw {i} zapłacił",
                         attachments=[(f"cennik-{i}.pdf", "application/pdf", b"%PDF")] if i % 3 == 0 else [])
            for i in range(45)]
    mail_server.append_many(in_thread.login, mail)
    mail_server.append_many(in_child.login, mail)
    assert sync_account(in_thread.id).imported == 45  # this test process has threads: no fork here
    expected, expected_index = snapshot(), index_rows()
    remove_messages(list(db.session.scalars(select(Message.id))))
    db.session.execute(Message.__table__.delete())
    db.session.commit()
    result = _sync_in_worker_process(app, in_child.id)
    assert result.returncode == 0, result.stderr
    assert "in 2 child processes" in result.stderr
    assert "'imported': 45" in result.stdout
    db.session.commit()
    assert snapshot()["messages"] == expected["messages"]
    assert len(snapshot()["copies"]) == 45 and snapshot()["links"] == expected["links"]
    assert index_rows() == expected_index and len(expected_index) == 45
    run = db.session.scalar(select(SyncRun).where(SyncRun.account_id == in_child.id))
    assert run.bytes_read > 0 and db.session.scalar(select(func.count()).select_from(Message)) == 45


def test_a_fetching_child_that_dies_fails_the_run_and_the_next_run_converges(app, mail_server, make_user,
                                                                               make_account):
    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(subject=f"d{i}", message_id=f"<dies-{i}@x>")
                                            for i in range(45)])
    db.session.commit()
    # The second child exits without a word once it has sent its first batch.
    dying = ("import os; from webapp.services import prefetch_process as p; original = p._child\n"
             "def _child(connection, parents_ends, settings, folder, uidvalidity, batches, timeout):\n"
             "    if batches and batches[0][0] % 20 >= 10:\n"
             "        real = connection\n"
             "        class Dies:\n"
             "            def send_bytes(self, data):\n"
             "                real.send_bytes(data)\n"
             "                os._exit(3)\n"
             "            send = send_bytes\n"
             "            def close(self): real.close()\n"
             "        connection = Dies()\n"
             "    original(connection, parents_ends, settings, folder, uidvalidity, batches, timeout)\n"
             "p._child = _child\n")
    failed = _sync_in_worker_process(app, account.id, prelude=dying)
    assert failed.returncode != 0  # the job fails loudly ...
    assert "the fetching process ended unexpectedly (exit code 3)" in failed.stderr
    db.session.commit()
    run = db.session.scalar(select(SyncRun).where(SyncRun.account_id == account.id))
    assert run.status != "running" and "ended unexpectedly" in run.error  # ... and the run says why
    assert 0 < db.session.scalar(select(func.count()).select_from(Message)) < 45
    again = _sync_in_worker_process(app, account.id)
    assert again.returncode == 0, again.stderr
    db.session.commit()
    assert sorted(db.session.scalars(select(Message.subject))) == sorted(f"d{i}" for i in range(45))
