"""The outbox never sends twice: a crash before DATA is retried and sent once; after DATA it is 'unknown'."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import OutboxMessage
from webapp.models.types import utcnow
from webapp.services.compose import Draft, create_outbox
from webapp.services.send import send_outbox

ROOT = Path(__file__).resolve().parents[2]


def _queued(sender) -> int:
    user, account, contact = sender
    row = create_outbox(user, Draft(account_id=account.id, to="karol@klient.example", subject="Raz",
                                    html="<p>Tylko raz.</p>"))
    db.session.commit()
    return row.id


def _worker(app, outbox_id: int) -> subprocess.Popen:
    code = ("from webapp import create_app; from webapp.services.send import send_outbox; "
            f"app = create_app(); app.app_context().push(); send_outbox({outbox_id})")
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=app.config["REDIS_URL"],
               SECRET_KEY="x", MAIL_ALLOWED_NETWORKS="127.0.0.0/8", MAIL_ALLOW_PLAINTEXT="1",
               MAIL_CA_FILE=app.config["MAIL_CA_FILE"],
               MAIL_ALLOWED_PORTS=",".join(map(str, app.config["MAIL_ALLOWED_PORTS"])))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def _kill_on(hook_name, smtp, holder):
    def kill():
        os.kill(holder["pid"], signal.SIGKILL)
        time.sleep(0.2)
    setattr(smtp, hook_name, kill)


def _make_stale(outbox_id):
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                       .values(updated_at=utcnow() - timedelta(hours=1)))
    db.session.commit()


def test_crash_before_data_is_sent_once_by_the_retry(app, smtp, sender):
    outbox_id = _queued(sender)
    holder = {}
    _kill_on("on_rcpt", smtp, holder)
    worker = _worker(app, outbox_id)
    holder["pid"] = worker.pid
    assert worker.wait(30) == -signal.SIGKILL
    db.session.commit()
    row = db.session.get(OutboxMessage, outbox_id)
    assert row.state == "sending" and row.data_started_at is None and smtp.received == []
    smtp.on_rcpt = None
    assert send_outbox(outbox_id) == "sending"  # not stale yet: another worker might still be on it
    _make_stale(outbox_id)
    assert send_outbox(outbox_id) == "sent"
    assert len(smtp.received) == 1
    assert send_outbox(outbox_id) == "sent" and len(smtp.received) == 1


def test_crash_after_data_ends_unknown_and_is_not_resent(app, smtp, sender):
    outbox_id = _queued(sender)
    holder = {}
    _kill_on("before_data_reply", smtp, holder)
    worker = _worker(app, outbox_id)
    holder["pid"] = worker.pid
    assert worker.wait(30) == -signal.SIGKILL
    smtp.before_data_reply = None
    db.session.commit()
    row = db.session.get(OutboxMessage, outbox_id)
    assert row.state == "sending" and row.data_started_at is not None
    _make_stale(outbox_id)
    assert send_outbox(outbox_id) == "unknown"
    assert send_outbox(outbox_id) == "unknown"
    assert len(smtp.received) == 1
    db.session.refresh(row)
    assert "may or may not have been sent" in row.error


def test_send_again_by_hand_after_unknown(client, auth, app, smtp, sender):
    user = sender[0]
    outbox_id = _queued(sender)
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                       .values(state="unknown", data_started_at=utcnow()))
    db.session.commit()
    message_id = db.session.scalar(select(OutboxMessage.message_id))
    auth.login_as(user)
    page = client.get(f"/mail/{message_id}/outbox").get_data(as_text=True)
    assert "Maybe sent" in page and "Send again" in page
    response = client.post(f"/outbox/{outbox_id}/again", headers={"HX-Request": "true"})
    assert response.status_code == 200 and len(smtp.received) == 1
    assert db.session.scalar(select(OutboxMessage.state)) == "sent"


def test_two_jobs_for_one_row_send_once(app, smtp, sender):
    outbox_id = _queued(sender)
    assert send_outbox(outbox_id) == "sent"
    assert send_outbox(outbox_id) == "sent"
    assert len(smtp.received) == 1
