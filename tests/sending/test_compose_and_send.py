"""Compose → SMTP: exactly the intended recipients, one Subject, HTML and text, the footer; threading; safety."""
from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from tests.sending.conftest import parsed
from webapp.extensions import db
from webapp.models import MailAccount, Message, MessageCopy, MessageLink, OutboxMessage
from webapp.services.sync import sync_account

HX = {"HX-Request": "true"}


def compose(client, contact, **fields):
    data = {"to": "karol@klient.example", "subject": "Oferta", "body": "<p>Dzień dobry!</p>",
            "include_footer": "y", "contact": f"person:{contact.id}"}
    data.update(fields)
    return client.post("/compose", data={k: v for k, v in data.items() if v is not None},
                       content_type="multipart/form-data", headers=HX)


def test_compose_sends_exactly_what_was_written(client, auth, smtp, sender):
    user, account, contact = sender
    user.footer_html = '<p><b>Ola</b> · <a href="https://firma.example">firma.example</a></p>'
    auth.login_as(user)
    response = compose(client, contact, cc="Szef <szef@firma.example>",
                       body="<p>Dzień dobry, <b>oferta</b> w załączeniu.</p>",
                       attachments=(__import__("io").BytesIO(b"%PDF-1.4 oferta"), "oferta żółw.pdf"))
    assert response.status_code == 200, response.data
    assert b"Sent" in response.data and b'hx-swap-oob="innerHTML"' in response.data
    assert len(smtp.received) == 1
    received = smtp.received[0]
    assert received.mail_from == account.login
    assert sorted(received.rcpt_tos) == ["karol@klient.example", "szef@firma.example"]
    mail = parsed(received)
    assert mail.get_all("Subject") == ["Oferta"] and mail["To"] == "karol@klient.example"
    html = mail.get_body(("html",)).get_content()
    text = mail.get_body(("plain",)).get_content()
    assert "<b>oferta</b>" in html and "firma.example" in html
    assert "oferta w załączeniu" in text and "Ola" in text and "https://firma.example" in text
    attachment = next(mail.iter_attachments())
    assert attachment.get_filename() == "oferta żółw.pdf" and attachment.get_content() == b"%PDF-1.4 oferta"
    row = db.session.scalar(select(OutboxMessage))
    assert row.state == "sent" and row.appended
    message = db.session.get(Message, row.message_id)
    assert mail["Message-ID"].strip().strip("<>") == message.message_key
    assert db.session.scalar(select(MessageLink.person_id)) == contact.id  # linked at once


def test_reply_sets_threading_headers(client, auth, smtp, mail_server, sender):
    user, account, contact = sender
    mail_server.append(account.login, make_message(subject="Pytanie o cenę", sender="karol@klient.example",
                                                   to=account.login, message_id="<pytanie-1@klient.example>",
                                                   headers={"References": "<start@klient.example>"}))
    sync_account(account.id)
    original = db.session.scalar(select(Message))
    auth.login_as(user)
    form = client.get(f"/mail/{original.id}/reply").get_data(as_text=True)
    assert 'value="karol@klient.example"' in form and 'value="Re: Pytanie o cenę"' in form
    client.post("/compose", data={"to": "karol@klient.example", "subject": "Re: Pytanie o cenę",
                                  "body": "<p>Odpowiedź</p>", "reply_to_id": str(original.id)},
                content_type="multipart/form-data")
    mail = parsed(smtp.received[-1])
    assert mail["In-Reply-To"] == "<pytanie-1@klient.example>"
    assert mail["References"] == "<start@klient.example> <pytanie-1@klient.example>"
    assert "Pytanie o cenę" not in mail["Subject"][4:].replace("Pytanie o cenę", "", 1)
    assert "<blockquote>" in mail.get_body(("html",)).get_content()
    reply = db.session.scalar(select(Message).where(Message.id != original.id))
    assert reply.thread_key == original.thread_key


def test_header_injection_is_refused(client, auth, smtp, sender):
    user, _, contact = sender
    auth.login_as(user)
    attempts = [
        {"subject": "Hi\r\nBcc: victim@evil.example"},
        {"subject": "Hi\nX-Injected: 1"},
        {"to": "karol@klient.example\r\nBcc: victim@evil.example"},
        {"to": "Karol\u2028Bcc: x <karol@klient.example>"},
        {"cc": "a@b.example,\nBcc: victim@evil.example"},
        {"to": "not an address"},
        {"to": ""},
    ]
    for fields in attempts:
        response = compose(client, contact, **fields)
        assert response.status_code == 422, fields
    assert smtp.received == [] and db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_footer_is_sanitized_on_save_and_in_the_mail(client, auth, smtp, sender):
    user, _, contact = sender
    auth.login_as(user)
    client.post("/settings/footer", data={
        "footer_html": '<p onclick="x()">Ola<img src="https://firma.example/logo.png" onerror="alert(1)">'
                       '<a href="javascript:alert(1)">klik</a><script>alert(2)</script></p>',
        "default_account": str(sender[1].id)})
    db.session.refresh(user)
    for bad in ("onerror", "onclick", "javascript:", "<script"):
        assert bad not in user.footer_html
    assert 'src="https://firma.example/logo.png"' in user.footer_html
    compose(client, contact)
    html = parsed(smtp.received[0]).get_body(("html",)).get_content()
    assert "onerror" not in html and "javascript:" not in html and "logo.png" in html
    page = client.get("/settings/footer/preview")
    assert "sandbox" in page.headers["Content-Security-Policy"]


def test_the_footer_can_be_left_out_of_one_message(client, auth, smtp, sender):
    user, _, contact = sender
    user.footer_html = "<p>Stopka Oli</p>"
    auth.login_as(user)
    compose(client, contact, include_footer=None)
    assert "Stopka Oli" not in parsed(smtp.received[0]).get_body(("html",)).get_content()


def test_from_chooser_with_zero_one_and_three_sending_accounts(client, auth, mail_server, smtp, make_user,
                                                              make_account, make_person):
    user = auth.login_as(make_user())
    contact = make_person(emails=["k@klient.example"])
    none = client.get(f"/contacts/person/{contact.id}/compose").get_data(as_text=True)
    assert "None of your mail accounts may send" in none and 'name="to"' not in none
    first = make_account(user, sending_enabled=True, smtp_host="localhost", smtp_port=smtp.port,
                         smtp_security="starttls", is_default_sender=True)
    one = client.get(f"/contacts/person/{contact.id}/compose").get_data(as_text=True)
    assert '<select id="account_id"' not in one and first.login in one
    for _ in range(2):
        make_account(user, sending_enabled=True, smtp_host="localhost", smtp_port=smtp.port,
                     smtp_security="starttls")
    three = client.get(f"/contacts/person/{contact.id}/compose").get_data(as_text=True)
    assert three.count("<option") == 3 and f'<option selected value="{first.id}">' in three


def test_a_failed_smtp_login_counts_toward_the_account_state(client, auth, smtp, sender):
    user, account, contact = sender
    smtp.users[account.login] = "a changed password"
    auth.login_as(user)
    response = compose(client, contact)
    assert b"Not sent" in response.data and b"refused the login" in response.data
    db.session.refresh(account)
    assert account.failure_count == 1 and account.last_error_kind == "smtp_auth"
    assert db.session.scalar(select(OutboxMessage.state)) == "failed"


def test_sent_mail_filed_in_sent_and_synced_is_one_message(client, auth, smtp, mail_server, sender, make_user,
                                                           make_account):
    user, account, contact = sender
    colleague = make_account(make_user(), visibility="everyone")
    auth.login_as(user)
    compose(client, contact, to=f"karol@klient.example, {colleague.login}")
    mail_server.append(colleague.login, smtp.received[0].data)  # the SMTP server delivers it to the colleague
    sync_account(account.id)
    sync_account(colleague.id)
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
    copies = db.session.scalars(select(MessageCopy.account_id)).all()
    assert sorted(copies) == sorted([account.id, colleague.id])
    page = client.get(f"/contacts/person/{contact.id}").get_data(as_text=True)
    assert page.count('class="entry entry-email') == 1
    imap = mail_server.connect(account.login)
    imap.select("Sent", readonly=True)
    typ, flags = imap.uid("FETCH", "1:*", "(FLAGS)")
    imap.logout()
    assert b"\\Seen" in flags[0]
    assert db.session.scalar(select(MailAccount.failure_count).where(MailAccount.id == account.id)) == 0
