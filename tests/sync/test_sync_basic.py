"""Syncing a real Dovecot mailbox: the basics."""
from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Attachment, Message, MessageCopy, MessageLink
from webapp.services.sync import sync_account


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_first_sync_imports_and_links(mail_server, make_user, make_account, make_person, make_company):
    owner = make_user()
    account = make_account(owner)
    anna = make_person(first_name="Anna", last_name="Nowak", emails=["anna@client.example"])
    company = make_company(name="Client", domains=["client.example"])
    mail_server.append_many(account.login, [
        make_message(subject="Offer", text="Dzień dobry, oferta w załączniku.",
                     attachments=[("oferta żółw.pdf", "application/pdf", b"%PDF-1.4 test")]),
        make_message(subject="Unknown", sender="stranger@elsewhere.example"),
    ])
    db.session.commit()
    run = sync_account(account.id)
    assert (run.status, run.imported, run.duplicate, run.failed) == ("ok", 2, 0, 0), run.error
    offer = db.session.scalar(select(Message).where(Message.subject == "Offer"))
    assert "oferta w załączniku" in offer.body_text
    assert [(a.filename, a.content_type) for a in offer.attachments] == [("oferta żółw.pdf", "application/pdf")]
    links = {(link.person_id, link.company_id, link.reason) for link in
             db.session.scalars(select(MessageLink).where(MessageLink.message_id == offer.id))}
    assert links == {(anna.id, None, "address"), (None, company.id, "domain")}
    unknown = db.session.scalar(select(Message).where(Message.subject == "Unknown"))
    assert db.session.scalar(select(func.count()).select_from(MessageLink)
                             .where(MessageLink.message_id == unknown.id)) == 0
    again = sync_account(account.id)
    assert (again.imported, again.duplicate) == (0, 0)
    assert count(Message) == 2 and count(MessageCopy) == 2 and count(Attachment) == 1


def test_a_polish_password_logs_in_for_sync(mail_server, make_user, make_account):
    account = make_account(make_user(), password="zażółć-gęślą-jaźń", security="starttls")
    mail_server.append(account.login, make_message(subject="ą"), password="zażółć-gęślą-jaźń")
    run = sync_account(account.id)
    assert run.status == "ok" and run.imported == 1, run.error
