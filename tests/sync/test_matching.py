"""Linking mail to contacts: addresses, company domains, free-mail, the team's own addresses, rematch."""
from sqlalchemy import select

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.models import MessageLink
from webapp.services import contacts as contact_service
from webapp.services.matching import rematch_unassigned
from webapp.services.sync import sync_account


def links():
    return sorted((link.person_id, link.company_id, link.reason, link.matched)
                  for link in db.session.scalars(select(MessageLink)))


def test_a_new_contact_picks_up_its_old_mail_at_once(mail_server, make_user, make_account, make_person):
    account = make_account(make_user())
    mail_server.append_many(account.login, [make_message(sender="Ola <Ola+crm@Nowa-Firma.example>"),
                                            make_message(sender="x@other.example", cc="ola@nowa-firma.example")])
    sync_account(account.id)
    assert links() == []
    person = make_person(first_name="Ola", emails=["ola@nowa-firma.example"])
    assert links() == [(person.id, None, "address", "ola@nowa-firma.example")] * 2


def test_company_domains_match_but_free_mail_never_does(mail_server, make_user, make_account, make_company):
    account = make_account(make_user())
    mail_server.append_many(account.login, [
        make_message(sender="someone@acme.example"),
        make_message(sender="private@gmail.com"),
        make_message(sender="kontakt@wp.pl"),
    ])
    sync_account(account.id)
    acme = make_company(name="Acme", domains=["acme.example"])
    make_company(name="Gmail fans", domains=["gmail.com"])
    make_company(name="WP", domains=["wp.pl"])
    assert links() == [(None, acme.id, "domain", "someone@acme.example")]


def test_the_team_is_never_a_contact(mail_server, make_user, make_account, make_person):
    account = make_account(make_user())
    colleague = make_user(email="kolega@our-team.example")
    make_person(first_name="Self", emails=[account.login])
    make_person(first_name="Colleague", emails=[colleague.email])
    mail_server.append(account.login, make_message(sender=colleague.email, to=account.login))
    sync_account(account.id)
    assert links() == []


def test_spoofed_display_names_and_double_at_never_link(mail_server, make_user, make_account, make_person):
    alice = make_person(first_name="Alice", emails=["alice@client.example"])
    evil = make_person(first_name="Evil", emails=["evil@x.example"])
    account = make_account(make_user())
    mail_server.append_many(account.login, [
        make_message(sender='"alice@client.example" <evil@x.example>'),
        b"From: alice@client.example@evil.example\r\nSubject: two ats\r\nMessage-ID: <2at@x>\r\n\r\nhi\r\n",
    ])
    sync_account(account.id)
    assert links() == [(evil.id, None, "address", "evil@x.example")]
    assert alice.id not in {link[0] for link in links()}


def test_rematch_links_mail_that_arrived_before_its_contact(mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append(account.login, make_message(sender="late@bloomer.example"))
    sync_account(account.id)
    # A contact added without the immediate link (e.g. restored from a backup), then the daily job.
    person = contact_service.save_person(None, first_name="Late", last_name="Bloomer")
    from webapp.models import ContactEmail
    db.session.add(ContactEmail(person_id=person.id, address="late@bloomer.example",
                                canonical="late@bloomer.example"))
    db.session.flush()
    assert links() == []
    assert rematch_unassigned() == 1
    assert links() == [(person.id, None, "address", "late@bloomer.example")]
