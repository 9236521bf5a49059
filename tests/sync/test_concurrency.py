"""Pages stay responsive and notes can be written while a sync runs (SQLite: WAL, short batches)."""
import threading
import time

from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Message, Note
from webapp.services.sync import sync_account


def test_notes_are_written_while_a_sync_runs(app, client, auth, mail_server, make_user, make_account, make_person,
                                             small_batches):
    user = auth.login_as(make_user())
    person = make_person(emails=["anna@client.example"])
    account = make_account(user)
    mail_server.append_many(account.login, [make_message(subject=f"n{i}", text="t" * 4000) for i in range(150)])
    db.session.commit()
    account_id, done = account.id, threading.Event()

    def run():
        with app.app_context():
            sync_account(account_id)
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    statuses, slowest = [], 0.0
    while not done.is_set() and len(statuses) < 40:
        started = time.monotonic()
        statuses.append(client.post(f"/contacts/person/{person.id}/notes", data={"body": f"note {len(statuses)}"},
                                    headers={"HX-Request": "true"}).status_code)
        statuses.append(client.get(f"/contacts/person/{person.id}").status_code)
        slowest = max(slowest, time.monotonic() - started)
    worker.join(60)
    assert set(statuses) == {200} and len(statuses) >= 4
    assert slowest < 2.0
    assert db.session.scalar(select(func.count()).select_from(Note)) == len(statuses) // 2
    assert db.session.scalar(select(func.count()).select_from(Message)) == 150
