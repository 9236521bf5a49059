"""Incremental, read-only, UIDVALIDITY-proof syncing against a real Dovecot."""
import imaplib
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from tests.sync.conftest import snapshot
from webapp.extensions import db
from webapp.models import Message, MessageCopy, MessageLink
from webapp.services.account_status import folder_reports
from webapp.services.mailbox import ReadOnlyViolation, SyncSession
from webapp.services.accounts import imap_credentials
from webapp.services.sync import sync_account


def messages():
    return db.session.scalar(select(func.count()).select_from(Message))


def test_incremental_sync_fetches_only_new_mail(mail_server, make_user, make_account, small_batches):
    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(subject=f"m{i}") for i in range(25)])
    first = sync_account(account.id)
    assert (first.imported, first.progress_total) == (25, 25)
    nothing = sync_account(account.id)
    assert (nothing.imported, nothing.duplicate, nothing.progress_total) == (0, 0, 0)
    mail_server.append(account.login, make_message(subject="late"))
    later = sync_account(account.id)
    assert (later.imported, later.progress_total) == (1, 1) and messages() == 26
    assert nothing.bytes_read < first.bytes_read / 10


def test_sync_never_changes_flags(mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append(account.login, make_message(subject="unread", html="<p>hi</p>"))
    mail_server.append(account.login, make_message(subject="flagged"), flags="(\\Flagged)")
    sync_account(account.id)
    client = mail_server.connect(account.login)
    client.select("INBOX", readonly=True)
    typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
    client.logout()
    flags = b" ".join(data)
    assert b"\\Seen" not in flags and flags.count(b"\\Flagged") == 1


def test_the_session_refuses_commands_that_change_the_mailbox(mail_server, make_user, make_account):
    account = make_account(make_user())
    session = SyncSession(imap_credentials(account), 5)
    try:
        session.examine("INBOX")
        for call in (lambda: session.client.uid("STORE", "1", "+FLAGS", "(\\Seen)"),
                     lambda: session.client.select("INBOX"),
                     lambda: session.client.expunge(),
                     lambda: session.client.append("INBOX", None, None, b"x"),
                     lambda: session.client.uid("FETCH", "1", "(BODY[])"),
                     lambda: session.client.uid("FETCH", "1", "(RFC822)")):
            with pytest.raises(ReadOnlyViolation):
                call()
    finally:
        session.close()


def test_uidvalidity_change_rescans_without_duplicates(mail_server, make_user, make_account, make_person):
    make_person(emails=["anna@client.example"])
    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(subject=f"s{i}") for i in range(5)])
    sync_account(account.id)
    before = snapshot()
    # A server migration: Dovecot forgets its UID list and numbers the mailbox anew.
    maildir = mail_server.maildir(account.login)
    for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.log", "dovecot.index.cache"):
        (maildir / name).unlink(missing_ok=True)
    rescan = sync_account(account.id)
    assert rescan.status == "ok" and (rescan.imported, rescan.duplicate) == (0, 5)
    after = snapshot()
    assert after["messages"] == before["messages"] and after["links"] == before["links"]
    assert db.session.scalar(select(func.count(func.distinct(MessageCopy.uidvalidity)))) == 2
    report = folder_reports(account)[0]
    assert (report.on_server, report.imported + report.duplicate) == (5, 5)


def test_first_sync_honours_the_time_window(mail_server, make_user, make_account):
    account = make_account(make_user(), since_days=30)
    client = mail_server.connect(account.login)
    old = imaplib.Time2Internaldate(datetime.now(timezone.utc) - timedelta(days=200))
    client.append("INBOX", None, old, make_message(subject="ancient", date=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    client.append("INBOX", None, None, make_message(subject="recent"))
    client.logout()
    run = sync_account(account.id)
    assert run.imported == 1 and db.session.scalars(select(Message.subject)).all() == ["recent"]
    report = folder_reports(account)[0]
    assert (report.on_server, report.imported, report.older_than_window) == (2, 1, 1)


def test_message_in_inbox_of_one_and_sent_of_another_is_stored_once(mail_server, make_user, make_account,
                                                                      make_person):
    client_contact = make_person(emails=["anna@client.example"])
    sender, receiver = make_account(make_user()), make_account(make_user())
    message = make_message(subject="Umowa", sender=f"Jan <{sender.login}>", to="anna@client.example",
                           cc=receiver.login)
    mail_server.append(sender.login, message, folder="Sent")
    mail_server.append(receiver.login, message)
    sync_account(sender.id)
    sync_account(receiver.id)
    stored = db.session.scalars(select(Message)).all()
    assert len(stored) == 1 and stored[0].direction == "sent"
    assert sorted(c.outcome for c in db.session.scalars(select(MessageCopy))) == ["duplicate", "imported"]
    links = db.session.scalars(select(MessageLink)).all()
    assert [(link.person_id, link.reason) for link in links] == [(client_contact.id, "address")]


def test_sent_folder_found_by_its_polish_name(mail_server, make_user, make_account):
    account = make_account(make_user(), store="sent")
    mail_server.append(account.login, make_message(subject="wysłana", sender=account.login), folder="Wysłane")
    mail_server.append(account.login, make_message(subject="odebrana"))
    run = sync_account(account.id)
    assert run.imported == 1 and db.session.scalars(select(Message.subject)).all() == ["wysłana"]
    assert [r.name for r in folder_reports(account)] == ["Wysłane"]
