"""Writing and sending an email from a timeline in a real browser, with the toolbar editor."""
import pytest

from tests.sending.conftest import parsed
from webapp.extensions import db

pytestmark = pytest.mark.browser


def test_write_and_send_from_the_timeline(page, live_server, browser_login, smtp, sender, screenshot):
    user, account, contact = sender
    user.footer_html = "<p><i>Ola, dział sprzedaży</i></p>"
    db.session.commit()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    browser_login(user.email)
    page.goto(f"{live_server}/contacts/person/{contact.id}")
    page.evaluate("window.__noReload = 1")
    page.click("text=Write email")
    page.wait_for_selector("#compose-form .ql-editor")
    assert page.input_value("#compose-form input[name=to]") == "karol@klient.example"
    page.fill("#compose-form input[name=subject]", "Propozycja współpracy")
    page.click("#compose-form .ql-editor")
    page.keyboard.type("Dzień dobry, przesyłam ")
    page.keyboard.press("Control+b")
    page.keyboard.type("propozycję")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.click("#compose-form button:has-text('Send')")
    page.wait_for_selector("#timeline-entries .entry-email .badge:has-text('Sent')")
    assert page.evaluate("window.__noReload") == 1
    assert page.locator("#compose-form").count() == 0
    screenshot("sent-from-timeline")
    mail = parsed(smtp.received[0])
    html = mail.get_body(("html",)).get_content()
    assert "<strong>propozycję</strong>" in html and "dział sprzedaży" in html
    assert mail["Subject"] == "Propozycja współpracy"
    assert errors == []


def test_footer_editor_with_source_toggle(page, live_server, browser_login, sender):
    user, _, _ = sender
    browser_login(user.email)
    page.goto(f"{live_server}/settings/footer")
    page.wait_for_selector(".ql-editor")
    page.click("text=Source")
    page.fill("textarea[name=footer_html]", '<p>Pozdrawiam, <a href="https://firma.example">Ola</a>'
                                            '<img src="x" onerror="alert(1)"></p>')
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Footer saved.")
    db.session.commit()  # end the test's read transaction to see what the server wrote
    db.session.refresh(user)
    assert "onerror" not in user.footer_html and 'href="https://firma.example"' in user.footer_html
    assert page.locator("iframe.footer-frame").count() == 1
