"""Attachments are fetched from IMAP on demand, and say plainly when they can no longer be."""
import os
from email.message import EmailMessage

from sqlalchemy import select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Attachment, Message
from webapp.services.sync import sync_account


def synced(mail_server, make_user, make_account, auth, raw):
    owner = auth.login_as(make_user())
    account = make_account(owner)
    mail_server.append(account.login, raw)
    sync_account(account.id)
    return account, db.session.scalar(select(Message)), db.session.scalars(select(Attachment)).all()


def test_download_streams_the_part_with_safe_headers(client, auth, mail_server, make_user, make_account):
    data = os.urandom(3 * 1024 * 1024 + 17)
    raw = make_message(subject="Raport", attachments=[("raport kwartał Q3 „final”.pdf", "application/pdf", data),
                                                     ("skrypt.html", "text/html", b"<script>alert(1)</script>")])
    _, message, (pdf, html) = synced(mail_server, make_user, make_account, auth, raw)
    response = client.get(f"/mail/{message.id}/attachments/{pdf.id}")
    assert response.status_code == 200 and response.data == data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="raport kwarta_ Q3 _final_.pdf"')
    assert "filename*=UTF-8''raport%20kwarta%C5%82%20Q3%20%E2%80%9Efinal%E2%80%9D.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    risky = client.get(f"/mail/{message.id}/attachments/{html.id}")
    assert risky.headers["Content-Type"] == "application/octet-stream"
    assert "sandbox" in risky.headers["Content-Security-Policy"]


def test_a_message_deleted_on_the_server_keeps_its_text(client, auth, mail_server, make_user, make_account):
    raw = make_message(subject="Umowa", text="Treść umowy.", attachments=[("umowa.pdf", "application/pdf", b"%PDF")])
    account, message, (pdf,) = synced(mail_server, make_user, make_account, auth, raw)
    imap = mail_server.connect(account.login)
    imap.select("INBOX")
    imap.uid("STORE", "1:*", "+FLAGS", "(\\Deleted)")
    imap.expunge()
    imap.logout()
    gone = client.get(f"/mail/{message.id}/attachments/{pdf.id}")
    assert gone.status_code == 410 and b"deleted from the mail server" in gone.data
    assert "Treść umowy.".encode() in client.get(f"/mail/{message.id}").data


def test_after_a_uidvalidity_change_the_part_is_found_by_message_id(client, auth, mail_server, make_user,
                                                                    make_account):
    raw = make_message(subject="Faktura", attachments=[("faktura.pdf", "application/pdf", b"%PDF-renumbered")])
    account, message, (pdf,) = synced(mail_server, make_user, make_account, auth, raw)
    maildir = mail_server.maildir(account.login)
    for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.log", "dovecot.index.cache"):
        (maildir / name).unlink(missing_ok=True)
    mail_server.append(account.login, make_message(subject="pushes the uids"))
    response = client.get(f"/mail/{message.id}/attachments/{pdf.id}")
    assert response.status_code == 200 and response.data == b"%PDF-renumbered"


def test_a_server_that_is_down_is_not_called_deleted(client, auth, mail_server, make_user, make_account,
                                                     closed_port):
    raw = make_message(subject="Oferta", attachments=[("oferta.pdf", "application/pdf", b"%PDF")])
    account, message, (pdf,) = synced(mail_server, make_user, make_account, auth, raw)
    account.imap_port = closed_port
    db.session.commit()
    response = client.get(f"/mail/{message.id}/attachments/{pdf.id}")
    assert response.status_code == 503
    assert b"could not be reached" in response.data and b"deleted" not in response.data


def test_inline_cid_images_are_served_under_the_same_rule(client, auth, mail_server, make_user, make_account):
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"], msg["Message-ID"] = "Logo", "a@client.example", "b@x.example", "<cid@x>"
    msg.set_content("text")
    msg.add_alternative('<p>Logo: <img src="cid:logo@firma"></p>', subtype="html")
    msg.get_payload()[1].add_related(b"\x89PNG\r\n\x1a\nfake", "image", "png", cid="<logo@firma>")
    _, message, (image,) = synced(mail_server, make_user, make_account, auth, msg.as_bytes())
    assert image.content_id == "logo@firma" and image.is_inline
    body = client.get(f"/mail/{message.id}/body").get_data(as_text=True)
    assert f'src="/mail/{message.id}/cid/logo@firma"' in body
    served = client.get(f"/mail/{message.id}/cid/logo@firma")
    assert served.status_code == 200 and served.data == b"\x89PNG\r\n\x1a\nfake"
    assert served.headers["Content-Type"] == "image/png"
    auth.login_as(make_user())
    assert client.get(f"/mail/{message.id}/cid/logo@firma").status_code == 404
