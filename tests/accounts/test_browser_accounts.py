"""Connecting a mailbox through the form in a real browser, and seeing it in the list."""
import pytest

from tests.fixtures.messages import make_message

pytestmark = pytest.mark.browser


def test_add_an_account_through_the_form(page, live_server, browser_login, mail_server, make_user, screenshot):
    make_user(email="piotr@example.com", name="Piotr")
    login = mail_server.add_user(password="hasło-Piotra-1")
    mail_server.append(login, make_message(subject="Pierwsza wiadomość"), password="hasło-Piotra-1")
    browser_login("piotr@example.com")
    page.click("text=Settings")
    page.click("text=Email accounts")
    page.click("text=Connect a mailbox")
    # The navigation is boosted: htmx wires up the new form a moment after it swaps it in.
    page.wait_for_function("() => { const el = document.querySelector('input[name=login]');"
                           " return el && el['htmx-internal-data'] && el['htmx-internal-data'].initHash; }")
    page.fill("input[name=login]", "piotr.nowak@gmail.com")
    page.wait_for_selector("#provider-hint:has-text('app password')")
    assert page.input_value("input[name=imap_host]") == "imap.gmail.com"
    # A password typed before the address must not travel in the lookup's URL (access logs keep URLs).
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.fill("input[name=password]", "wrong password")
    page.fill("input[name=login]", login)
    page.wait_for_selector("#provider-hint", state="detached")
    assert any("/settings/accounts/prefill" in url for url in urls)
    assert not any("wrong" in url or "password=" in url for url in urls), urls
    page.fill("input[name=imap_host]", "localhost")
    page.fill("input[name=imap_port]", str(mail_server.imap_port))
    page.select_option("select[name=imap_security]", "starttls")
    page.select_option("select[name=since]", "all")
    page.click("button:has-text('Test the connection and save')")
    page.wait_for_selector("#connection-error:has-text('Wrong login or password.')")
    page.fill("input[name=password]", "hasło-Piotra-1")
    page.click("button:has-text('Test the connection and save')")
    page.wait_for_selector(f"tr.account-row:has-text('{login}')")
    row = page.inner_text(f"tr.account-row:has-text('{login}')")
    assert "Active" in row and "1" in row
    screenshot("account-list")
