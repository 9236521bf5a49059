"""One rule everywhere: owner, manager, other user and admin × everyone / managers / owner only ×
timeline, message, attachment, search, dashboard, unassigned and counts."""
import re

import pytest
from sqlalchemy import select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import Attachment, Message
from webapp.services.sync import sync_account

VIEWERS = ("owner", "manager", "other", "admin")
RULES = {"everyone": set(VIEWERS), "managers": {"owner", "manager", "admin"}, "owner": {"owner"}}


@pytest.mark.parametrize("visibility", list(RULES))
@pytest.mark.parametrize("viewer_role", VIEWERS)
def test_visibility_matrix(client, auth, mail_server, make_user, make_account, make_person, visibility,
                           viewer_role):
    manager = make_user(name="Manager")
    owner = make_user(name="Owner", supervisor=manager)
    people = {"owner": owner, "manager": manager, "other": make_user(name="Other"),
              "admin": make_user(name="Admin", role="admin")}
    contact = make_person(first_name="Klara", last_name="Visible", emails=["klara@client.example"])
    account = make_account(owner, visibility=visibility, show_on_dashboard=True)
    mail_server.append_many(account.login, [
        make_message(subject="Zamówienie kwiatów", sender="Klara <klara@client.example>", text="Prosimy o tulipany.",
                     attachments=[("lista.txt", "text/plain", b"tulipany, roze")]),
        make_message(subject="Nieznany nadawca", sender="stranger@nowhere.example", text="Kto to wie."),
    ])
    sync_account(account.id)
    linked = db.session.scalar(select(Message).where(Message.subject == "Zamówienie kwiatów"))
    unassigned = db.session.scalar(select(Message).where(Message.subject == "Nieznany nadawca"))
    attachment = db.session.scalar(select(Attachment))
    sees = viewer_role in RULES[visibility]
    auth.login_as(people[viewer_role])

    timeline = client.get(f"/contacts/person/{contact.id}").get_data(as_text=True)
    assert ("Zamówienie kwiatów" in timeline) is sees
    assert ("1 email" in timeline) is sees and ("0 emails" in timeline) is not sees
    assert client.get(f"/mail/{linked.id}").status_code == (200 if sees else 404)
    assert client.get(f"/mail/{linked.id}/body").status_code == (200 if sees else 404)
    download = client.get(f"/mail/{linked.id}/attachments/{attachment.id}")
    assert download.status_code == (200 if sees else 404)
    if sees:
        assert download.data == b"tulipany, roze"
    found = client.get("/search?q=tulipany").get_data(as_text=True)
    assert ("Zamówienie kwiatów" in found) is sees
    assert ("<mark>tulipany</mark>" in found) is sees  # snippets come from visible messages only
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert ("Zamówienie kwiatów" in dashboard) is sees
    lost = client.get("/unassigned").get_data(as_text=True)
    assert ("Nieznany nadawca" in lost) is sees
    assert client.get(f"/mail/{unassigned.id}").status_code == (200 if sees else 404)
    accounts_page = client.get("/settings/accounts/").get_data(as_text=True)
    if viewer_role in ("owner", "manager", "admin"):
        row = accounts_page.split(f'id="account-{account.id}"')[1].split("</tr>")[0]
        counts = re.findall(r'<td class="(?:fetched|assigned)">([^<]*)</td>', row)
        assert counts == (["2", "1"] if sees else ["—", "—"])


def test_changing_visibility_takes_effect_on_the_next_request(client, auth, mail_server, make_user, make_account):
    owner, other = make_user(), make_user()
    account = make_account(owner, visibility="owner")
    mail_server.append(account.login, make_message(subject="Tajne"))
    sync_account(account.id)
    message_id = db.session.scalar(select(Message.id))
    auth.login_as(other)
    assert client.get(f"/mail/{message_id}").status_code == 404
    account.visibility = "everyone"
    db.session.commit()
    assert client.get(f"/mail/{message_id}").status_code == 200
