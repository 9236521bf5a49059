"""Reading in a real browser: a timeline with mail expanding in place, and search as you type."""
import pytest

from tests.fixtures.messages import make_message
from webapp.extensions import db
from webapp.services.sync import sync_account

pytestmark = pytest.mark.browser



@pytest.fixture
def mailbox_with_history(mail_server, make_user, make_account, make_person, make_company, make_note):
    user = make_user(email="ewa@example.com", name="Ewa")
    company = make_company(name="Żółw Logistics", domains=["zolw-logistics.pl"])
    person = make_person(first_name="Grzegorz", last_name="Brzęczyszczykiewicz", company=company,
                         emails=["grzegorz@zolw-logistics.pl"])
    account = make_account(user, visibility="everyone")
    mail_server.append_many(account.login, [
        make_message(subject="Zapytanie ofertowe: 120 palet", sender="Grzegorz <grzegorz@zolw-logistics.pl>",
                     to=account.login, text="Dzień dobry, prosimy o ofertę na transport 120 palet do Gdańska.",
                     attachments=[("specyfikacja.pdf", "application/pdf", b"%PDF-1.4 spec")]),
        make_message(subject="Re: Zapytanie ofertowe: 120 palet", sender=f"Ewa <{account.login}>",
                     to="grzegorz@zolw-logistics.pl", text=None,
                     html="<p>Dzień dobry,</p><p>w załączeniu <b>oferta</b>: 4 200 zł netto.</p>"
                          "<img src='https://tracker.example/pixel.gif'>",
                     headers={"In-Reply-To": "<x@y>"}),
        make_message(subject="Faktura 12/2026", sender="ksiegowosc@zolw-logistics.pl", to=account.login,
                     text="Płatność w terminie 14 dni."),
    ])
    sync_account(account.id)
    make_note(person, user, body="Telefon: zainteresowani stałą współpracą.")
    db.session.commit()
    return user, person, company


def test_timeline_shows_mail_and_expands_it_in_place(page, live_server, browser_login, mailbox_with_history, screenshot):
    user, person, company = mailbox_with_history
    browser_login(user.email)
    page.goto(f"{live_server}/contacts/person/{person.id}")
    entries = page.locator("#timeline-entries .entry")
    assert entries.count() == 3
    page.evaluate("window.__noReload = 1")
    page.click("text=Zapytanie ofertowe: 120 palet >> nth=-1")
    page.wait_for_selector(".message-view a:has-text('specyfikacja.pdf')")
    assert page.evaluate("window.__noReload") == 1
    page.click(".entry-email.sent summary")
    page.wait_for_selector("iframe[name^=body-]")
    assert page.locator("text=Remote images are blocked").count() == 1
    screenshot("timeline-with-mail")
    page.goto(f"{live_server}/contacts/company/{company.id}")
    assert page.locator("#timeline-entries .entry").count() == 4  # the domain mail and the person's entries


def test_search_updates_as_you_type(page, live_server, browser_login, mailbox_with_history, screenshot):
    user, _, _ = mailbox_with_history
    browser_login(user.email)
    page.goto(f"{live_server}/search")
    page.evaluate("window.__noReload = 1")
    page.type("#q", "platnosc", delay=40)
    page.wait_for_selector("#search-results mark:has-text('Płatność')")
    assert "Faktura 12/2026" in page.inner_text("#search-results")
    page.fill("#q", "")
    page.type("#q", "zainteres", delay=40)
    page.wait_for_selector("#search-results .entry-note mark")
    assert page.evaluate("window.__noReload") == 1
    assert "q=zainteres" in page.url
    screenshot("search")
