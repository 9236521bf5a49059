"""Web security across the whole app: CSRF on every state-changing route, GETs that change nothing,
headers on every kind of response, throttled logins, the audit log."""
import re

import pytest
from sqlalchemy import select

from tests.fixtures.factories import DEFAULT_PASSWORD
from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Attachment, AuditEvent, ContactEmail, Message, Note
from webapp.services.sync import sync_account


@pytest.fixture
def world(auth, mail_server, make_user, make_account, make_person, make_company, make_note):
    """An admin with one of everything, and the ids that URL parameters name."""
    admin = auth.login_as(make_user(role="admin", email="root@example.com"))
    company = make_company(name="Acme", domains=["acme.example"])
    person = make_person(company=company, emails=["jan@acme.example"])
    account = make_account(admin, visibility="everyone")
    mail_server.append(account.login, make_message(sender="jan@acme.example", attachments=[
        ("a.png", "image/png", b"\x89PNG")], html='<p><img src="cid:pic@x"></p>'))
    sync_account(account.id)
    note = make_note(person, admin)
    message = db.session.scalar(select(Message))
    ids = {"contact_id": person.id, "kind": "person", "message_id": message.id, "account_id": account.id,
           "user_id": admin.id, "note_id": note.id, "email_id": db.session.scalar(select(ContactEmail.id)),
           "domain_id": company.domains[0].id, "attachment_id": db.session.scalar(select(Attachment.id)),
           "outbox_id": 1, "content_id": "pic@x", "filename": "css/app.css"}
    db.session.commit()
    return ids


def _url(rule, ids) -> str:
    url = rule.rule
    for argument in rule.arguments:
        url = re.sub(r"<(?:[^:<>]+:)?" + argument + r">", str(ids.get(argument, 1)), url)
    return url


def _state() -> dict:
    """Every row of every table: the whole database, to compare before and after."""
    state = {}
    for table in db.metadata.sorted_tables:
        state[table.name] = sorted(map(repr, db.session.execute(table.select()).all()))
    return state


def test_every_state_changing_route_needs_a_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            from webapp.services import auth as auth_service
            from webapp.models import User
            admin = db.session.get(User, world["user_id"])
            session["_user_id"] = auth_service.start_session(admin, "csrf")
        db.session.commit()
        before = _state()
        checked = 0
        for rule in app.url_map.iter_rules():
            for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
                response = client.open(_url(rule, world), method=method, data={"body": "x", "email": "a@b.pl"})
                assert response.status_code == 400, (rule.rule, method, response.status_code)
                assert b"Form expired" in response.data
                checked += 1
        assert checked >= 20
        sessions_before = before.pop("user_sessions")
        after = _state()
        after.pop("user_sessions")
        assert after == before and sessions_before
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_no_get_route_changes_state(app, client, world):
    before = _state()
    visited = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("auth.logout",):
            continue
        response = client.get(_url(rule, world) + "?q=jan&images=1")
        assert response.status_code < 500, rule.rule
        visited += 1
    assert visited >= 30
    assert _state() == before


@pytest.mark.parametrize("url, headers", [
    ("/auth/login", {}), ("/dashboard", {}), ("/contacts/?q=a", {"HX-Request": "true"}),
    ("/no/such/page", {}), ("/static/css/app.css", {})])
def test_security_headers_on_every_kind_of_response(client, auth, make_user, url, headers):
    auth.login_as(make_user())
    response = client.get(url, headers=headers)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_message_bodies_and_downloads_carry_stricter_policies(client, world):
    body = client.get(f"/mail/{world['message_id']}/body")
    assert "default-src 'none'" in body.headers["Content-Security-Policy"]
    assert "sandbox" in body.headers["Content-Security-Policy"]
    download = client.get(f"/mail/{world['message_id']}/attachments/{world['attachment_id']}")
    assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_login_is_throttled_per_ip_and_per_account_without_locking_the_owner_out(app, redis_conn, make_user):
    make_user(email="target@example.com")
    db.session.commit()
    app.config.update(LOGIN_RATE_LIMIT="6 per minute", LOGIN_ACCOUNT_LIMIT="3 per minute")
    try:
        owner = app.test_client()
        assert owner.post("/auth/login", data={"email": "target@example.com",
                                                "password": DEFAULT_PASSWORD}).status_code == 302
        owner.post("/auth/logout")
        attacker = app.test_client()
        codes = [attacker.post("/auth/login", data={"email": "target@example.com", "password": "guess"},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code for i in range(5)]
        assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]  # per account, across IPs
        # The owner's browser has logged in before: the account limit does not apply to it.
        assert owner.post("/auth/login", data={"email": "target@example.com",
                                                "password": DEFAULT_PASSWORD}).status_code == 302
        spray = [attacker.post("/auth/login", data={"email": f"u{i}@example.com", "password": "x"},
                               environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code for i in range(8)]
        assert spray[:6] == [422] * 6 and spray[6:] == [429, 429]  # per IP, across accounts
    finally:
        app.config.update(LOGIN_RATE_LIMIT="1000 per minute", LOGIN_ACCOUNT_LIMIT="1000 per minute")


def test_the_audit_log_records_who_did_what(app, client, auth, mail_server, make_user, make_account, make_person):
    admin = auth.login_as(make_user(role="admin", email="root@example.com"))
    account = make_account(admin, visibility="owner")
    client.post(f"/settings/accounts/{account.id}/edit", data={
        "login": account.login, "password": "", "imap_host": "localhost", "imap_port": str(mail_server.imap_port),
        "imap_security": "plain", "store": "all", "visibility": "everyone", "since": "all",
        "show_on_dashboard": "y", "smtp_port": "465", "smtp_security": "ssl", "smtp_same_login": "y"})
    person = make_person()
    client.post(f"/contacts/person/{person.id}/delete")
    client.post(f"/settings/accounts/{account.id}/delete")
    app.test_client().post("/auth/login", data={"email": "root@example.com", "password": "wrong"})
    events = {e.action: e for e in db.session.scalars(select(AuditEvent))}
    assert events["account.updated"].details == '{"visibility": ["owner", "everyone"]}'
    assert events["account.updated"].actor_email == "root@example.com"
    assert {"contact.deleted", "account.deleted", "login.failed"} <= set(events)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "account.updated" in page and "login.failed" in page
    auth.login_as(make_user())
    assert client.get("/admin/audit").status_code == 404


def test_deleting_a_note_is_audited(client, auth, make_user, make_person, make_note):
    user = auth.login_as(make_user())
    note = make_note(make_person(), user, body="do usunięcia")
    client.post(f"/contacts/notes/{note.id}/delete")
    assert db.session.scalar(select(AuditEvent.action)) == "note.deleted"
    assert db.session.scalar(select(Note.id)) is None
