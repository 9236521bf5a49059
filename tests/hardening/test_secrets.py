"""Secrets never escape: after syncs, failures, sends and every page, the known passwords are nowhere —
not in the database, not in Redis, not in the logs, not in any rendered page."""
import logging
import re
import subprocess

from sqlalchemy import select

from tests.fixtures.messages import make_message
from tests.hardening.test_web_security import _url
from webapp.extensions import db, redis_connection
from webapp.models import ContactEmail, MailAccount, Message
from webapp.services.sync import sync_account

IMAP_PASSWORD = "Canary-IMAP-5d81f0c3"
SMTP_PASSWORD = "Canary-SMTP-9a77e2b4"
WRONG_PASSWORD = "Canary-Wrong-44c0e1d7"
CANARIES = (IMAP_PASSWORD, SMTP_PASSWORD, WRONG_PASSWORD)


def _database_bytes(app) -> bytes:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        path = uri.removeprefix("sqlite:///")
        data = b""
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as handle:
                    data += handle.read()
            except FileNotFoundError:
                pass
        return data
    url = uri.replace("postgresql+psycopg://", "postgresql://")
    return subprocess.run(["pg_dump", "--data-only", url], capture_output=True, check=True).stdout


def _redis_bytes() -> bytes:
    conn = redis_connection()
    chunks = []
    for key in conn.scan_iter():
        kind = conn.type(key)
        value = {b"string": lambda: conn.get(key), b"hash": lambda: repr(conn.hgetall(key)).encode(),
                 b"list": lambda: repr(conn.lrange(key, 0, -1)).encode(),
                 b"set": lambda: repr(conn.smembers(key)).encode(),
                 b"zset": lambda: repr(conn.zrange(key, 0, -1)).encode()}.get(kind, lambda: b"")()
        chunks += [key, value or b""]
    return b"\n".join(chunks)


def test_known_passwords_appear_nowhere(app, client, auth, mail_server, smtp, make_user, make_person, redis_conn,
                                        caplog):
    caplog.set_level(logging.DEBUG)
    admin = auth.login_as(make_user(role="admin", email="root@example.com"))
    person = make_person(emails=["karol@klient.example"])
    login = mail_server.add_user(password=IMAP_PASSWORD)
    smtp.add_user(login, SMTP_PASSWORD)
    mail_server.create_folder(login, "Sent", password=IMAP_PASSWORD)
    mail_server.append(login, make_message(sender="karol@klient.example", to=login), password=IMAP_PASSWORD)
    pages = []
    form = {"login": login, "password": IMAP_PASSWORD, "imap_host": "localhost",
            "imap_port": str(mail_server.imap_port), "imap_security": "starttls", "store": "all",
            "visibility": "everyone", "since": "all", "show_on_dashboard": "y", "sending_enabled": "y",
            "smtp_host": "localhost", "smtp_port": str(smtp.port), "smtp_security": "starttls",
            "smtp_login": login, "smtp_password": SMTP_PASSWORD}
    pages.append(client.post("/settings/accounts/new", data={**form, "password": WRONG_PASSWORD}).data)
    pages.append(client.post("/settings/accounts/new", data=form).data)
    account = db.session.scalar(select(MailAccount))
    assert account is not None and not account.smtp_same_login
    pages.append(client.post("/compose", data={"to": "karol@klient.example", "subject": "Hej",
                                               "body": "<p>Treść</p>"}, content_type="multipart/form-data").data)
    assert len(smtp.received) == 1
    sync_account(account.id)
    mail_server.add_user(login, password="rotated-on-the-server")  # the next sync fails to log in
    failed = sync_account(account.id)
    assert failed.status == "failed"
    runner = app.test_cli_runner()
    pages.append(runner.invoke(args=["accounts", "list", "--json"]).output.encode())
    ids = {"contact_id": person.id, "kind": "person", "message_id": db.session.scalar(select(Message.id)),
           "account_id": account.id, "user_id": admin.id, "email_id": db.session.scalar(select(ContactEmail.id))}
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            pages.append(client.get(_url(rule, ids)).data)
    db.session.commit()
    places = {"database": _database_bytes(app), "redis": _redis_bytes(), "logs": caplog.text.encode(),
              "pages": b"\n".join(pages)}
    assert len(places["pages"]) > 50_000 and re.search(rb"Wrong login or password", places["pages"])
    for name, data in places.items():
        for canary in CANARIES:
            assert canary.encode() not in data, f"{canary} found in {name}"
