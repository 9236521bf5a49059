"""Dashboard, unassigned mail with 'create a contact', the manager's review, threads."""
from sqlalchemy import select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Message, MessageLink
from webapp.services import mail_lists
from webapp.services.sync import sync_account

HX = {"HX-Request": "true"}


def test_unassigned_mail_and_creating_a_contact_from_the_sender(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner)
    mail_server.append(account.login, make_message(subject="Kto pisze?", sender='"Nowicka, Barbara" <b.nowicka@x.example>'))
    sync_account(account.id)
    page = client.get("/unassigned").get_data(as_text=True)
    assert "Kto pisze?" in page and "Create a contact from this sender" in page
    form = client.get("/contacts/person/new?first_name=Barbara&last_name=Nowicka&email=b.nowicka@x.example")
    assert b'value="Barbara"' in form.data and b"b.nowicka@x.example" in form.data
    client.post("/contacts/person/new", data={"first_name": "Barbara", "last_name": "Nowicka",
                                              "email_list": "b.nowicka@x.example"})
    assert db.session.scalar(select(MessageLink.reason)) == "address"
    assert "Kto pisze?" not in client.get("/unassigned").get_data(as_text=True)


def test_unassigned_count_is_visible_mail_only_and_capped(client, auth, mail_server, make_user, make_account,
                                                           monkeypatch):
    owner = auth.login_as(make_user())
    mine = make_account(owner)
    theirs = make_account(make_user(), visibility="owner")
    for n in range(3):
        mail_server.append(mine.login, make_message(subject=f"Nieznany {n}", sender=f"obcy{n}@x.example"))
    mail_server.append(theirs.login, make_message(subject="Cudzy", sender="ktos@y.example"))
    sync_account(mine.id)
    sync_account(theirs.id)
    assert mail_lists.count_unassigned(owner) == 3
    assert mail_lists.count_unassigned(owner, cap=2) == 2
    monkeypatch.setattr(mail_lists, "UNASSIGNED_COUNT_CAP", 2)
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<div class="stat">2+</div>' in page


def test_dashboard_shows_dashboard_accounts_and_problems(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    shown = make_account(owner, show_on_dashboard=True)
    hidden = make_account(owner, show_on_dashboard=False)
    mail_server.append(shown.login, make_message(subject="Na pulpit"))
    mail_server.append(hidden.login, make_message(subject="Nie na pulpit"))
    sync_account(shown.id)
    sync_account(hidden.id)
    broken = make_account(owner, status="deactivated", failure_count=10, last_error="Wrong login or password.")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Na pulpit" in page and "Nie na pulpit" not in page
    assert broken.login in page and "stopped syncing after 10 failed attempts" in page


def test_a_manager_reviews_a_report_s_mail(client, auth, mail_server, make_user, make_account):
    boss = make_user(name="Szef")
    worker = make_user(name="Pracownik", supervisor=boss)
    shared = make_account(worker, visibility="managers")
    private = make_account(worker, visibility="owner")
    mail_server.append(shared.login, make_message(subject="Do wglądu"))
    mail_server.append(private.login, make_message(subject="Prywatne"))
    sync_account(shared.id)
    sync_account(private.id)
    auth.login_as(boss)
    assert "Pracownik" in client.get("/team").get_data(as_text=True)
    page = client.get(f"/team/{worker.id}").get_data(as_text=True)
    assert "Do wglądu" in page and "Prywatne" not in page and private.login in page
    auth.login_as(make_user())
    assert client.get(f"/team/{worker.id}").status_code == 404


def test_messages_of_one_thread(client, auth, mail_server, make_user, make_account):
    owner = auth.login_as(make_user())
    account = make_account(owner)
    mail_server.append_many(account.login, [
        make_message(subject="Pytanie", message_id="<q1@x>"),
        make_message(subject="Re: Pytanie", message_id="<a1@x>", headers={"In-Reply-To": "<q1@x>",
                                                                          "References": "<q1@x>"}),
        make_message(subject="Re: Re: Pytanie", message_id="<a2@x>", headers={"In-Reply-To": "<a1@x>",
                                                                              "References": "<q1@x> <a1@x>"}),
    ])
    sync_account(account.id)
    last = db.session.scalar(select(Message).where(Message.message_key == "a2@x"))
    page = client.get(f"/mail/{last.id}", headers=HX).get_data(as_text=True)
    assert "Thread (3 messages)" in page and "<html" not in page
