"""Settings → Email accounts: the form, the list, edit, delete, sync now, and who sees which row."""
import pytest
from sqlalchemy import func, select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import MailAccount, Message, MessageCopy
from webapp.services.compose import Draft, create_outbox
from webapp.services.sync import sync_account

HX = {"HX-Request": "true"}


def form_data(mail_server, login, password="secret-pass", **overrides):
    data = {"login": login, "password": password, "imap_host": "localhost", "imap_port": str(mail_server.imap_port),
            "imap_security": "plain", "store": "all", "visibility": "owner", "since": "all",
            "show_on_dashboard": "y", "smtp_port": "465", "smtp_security": "ssl", "smtp_same_login": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_add_an_account_through_the_form(client, auth, mail_server, make_user):
    owner = auth.login_as(make_user())
    login = mail_server.add_user()
    mail_server.append(login, make_message(subject="First one"))
    response = client.post("/settings/accounts/new", data=form_data(mail_server, login))
    assert response.status_code == 302, response.data
    account = db.session.scalar(select(MailAccount))
    assert account.owner_id == owner.id and account.visibility == "owner"
    listing = client.get("/settings/accounts/")
    assert login.encode() in listing.data and b"Active" in listing.data  # the first sync ran (synchronous queue)
    assert b"secret-pass" not in listing.data


def test_a_failed_test_refuses_to_save_and_says_why(client, auth, mail_server, make_user):
    auth.login_as(make_user())
    response = client.post("/settings/accounts/new", data=form_data(mail_server, mail_server.add_user(), "nope"))
    assert response.status_code == 422
    assert b"Wrong login or password." in response.data and b"AUTHENTICATIONFAILED" in response.data
    assert b"nope" not in response.data  # the typed password is never rendered back
    assert db.session.scalar(select(func.count()).select_from(MailAccount)) == 0


def test_edit_without_retyping_the_password(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner, visibility="owner")
    page = client.get(f"/settings/accounts/{account.id}/edit")
    assert b"secret-pass" not in page.data and b'name="password" placeholder="unchanged" type="password" value=""' in page.data
    response = client.post(f"/settings/accounts/{account.id}/edit",
                           data=form_data(mail_server, account.login, password="", visibility="everyone"))
    assert response.status_code == 302
    db.session.refresh(account)
    assert account.visibility == "everyone"


def test_changed_credentials_are_tested_again(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner)
    response = client.post(f"/settings/accounts/{account.id}/edit",
                           data=form_data(mail_server, account.login, password="a wrong one"))
    assert response.status_code == 422 and b"Wrong login or password." in response.data
    db.session.refresh(account)
    from webapp.services import crypto
    assert crypto.decrypt(account.password_enc) == "secret-pass"


def test_a_deactivated_account_comes_back_when_the_test_passes(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner, status="deactivated", failure_count=10,
                           last_error="Wrong login or password.")
    mail_server.append(account.login, make_message(subject="Old mail"))
    sync_account(account.id)  # nothing happens while deactivated
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0
    response = client.post(f"/settings/accounts/{account.id}/edit",
                           data=form_data(mail_server, account.login, password="secret-pass"))
    assert response.status_code == 302
    db.session.refresh(account)
    assert account.status in ("new", "active") and account.failure_count == 0
    sync_account(account.id)
    assert db.session.scalars(select(Message.subject)).all() == ["Old mail"]


def test_delete_confirms_and_keeps_a_message_another_account_holds(client, auth, mail_server, make_user,
                                                                     make_account):
    owner = auth.login_as(make_user())
    colleague = make_user()
    mine, theirs = make_account(owner), make_account(colleague)
    shared = make_message(subject="To both of us", to=f"{mine.login}, {theirs.login}")
    mail_server.append(mine.login, shared)
    mail_server.append(theirs.login, shared)
    mail_server.append(mine.login, make_message(subject="Only mine"))
    db.session.commit()
    sync_account(mine.id)
    sync_account(theirs.id)
    confirm = client.get(f"/settings/accounts/{mine.id}/delete")
    assert b"removes its 1 messages" in confirm.data and b"1 messages stay" in confirm.data
    assert client.post(f"/settings/accounts/{mine.id}/delete").status_code == 302
    assert db.session.scalars(select(Message.subject)).all() == ["To both of us"]
    assert db.session.scalar(select(func.count()).select_from(MessageCopy)) == 1


def test_delete_takes_mail_that_only_its_outbox_holds(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner, sending_enabled=True, smtp_host="localhost", smtp_port=2525,
                           smtp_security="starttls", smtp_same_login=True, is_default_sender=True)
    create_outbox(owner, Draft(account_id=account.id, to="karol@klient.example", subject="Never synced",
                               html="<p>Hi</p>"))
    db.session.commit()
    confirm = client.get(f"/settings/accounts/{account.id}/delete")
    assert b"removes its 1 messages" in confirm.data
    assert client.post(f"/settings/accounts/{account.id}/delete").status_code == 302
    # No message is left that no account holds (the visibility rule relies on it).
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_typing_a_known_address_prefills_the_servers(client, auth, make_user):
    auth.login_as(make_user())
    gmail = client.get("/settings/accounts/prefill?login=jan.kowalski@gmail.com&imap_port=993", headers=HX)
    assert b'value="imap.gmail.com"' in gmail.data and b'value="smtp.gmail.com"' in gmail.data
    assert b"app password" in gmail.data and b"<html" not in gmail.data
    onet = client.get("/settings/accounts/prefill?login=biuro@op.pl", headers=HX)
    assert b'value="imap.poczta.onet.pl"' in onet.data
    unknown = client.get("/settings/accounts/prefill?login=jan@my-firm.example&imap_host=mail.my-firm.example"
                         "&imap_port=143&imap_security=starttls", headers=HX)
    assert b'value="mail.my-firm.example"' in unknown.data and b'value="143"' in unknown.data


def test_who_sees_which_row(client, auth, mail_server, make_user, make_account):
    boss = make_user()
    worker = make_user(supervisor=boss)
    stranger = make_user()
    admin = make_user(role="admin")
    account = make_account(worker)
    auth.login_as(boss)
    listing = client.get("/settings/accounts/")
    assert account.login.encode() in listing.data and b"read-only" in listing.data
    assert client.get(f"/settings/accounts/{account.id}/edit").status_code == 404
    assert client.get(f"/settings/accounts/{account.id}").status_code == 200
    auth.login_as(stranger)
    assert account.login.encode() not in client.get("/settings/accounts/").data
    assert client.get(f"/settings/accounts/{account.id}").status_code == 404
    auth.login_as(admin)
    assert client.get(f"/settings/accounts/{account.id}/edit").status_code == 200


def test_sync_now_returns_the_row(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner)
    mail_server.append(account.login, make_message(subject="Fresh"))
    response = client.post(f"/settings/accounts/{account.id}/sync", headers=HX)
    assert response.status_code == 200 and f'id="account-{account.id}"'.encode() in response.data
    assert b"<html" not in response.data
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_the_owner_list_shows_only_active_users_to_admins(client, auth, make_user):
    auth.login_as(make_user(role="admin", email="root@example.com"))
    make_user(email="gone@example.com", active=False)
    page = client.get("/settings/accounts/new")
    assert b"root@example.com" in page.data and b"gone@example.com" not in page.data
    auth.login_as(make_user(email="plain@example.com"))
    assert b'name="owner_id"' not in client.get("/settings/accounts/new").data


@pytest.mark.parametrize("since, days", [("30", 30), ("all", None)])
def test_since_choice_is_stored(client, auth, mail_server, make_user, since, days):
    auth.login_as(make_user())
    client.post("/settings/accounts/new", data=form_data(mail_server, mail_server.add_user(), since=since))
    assert db.session.scalar(select(MailAccount.since_days)) == days
