"""The foundation in a real browser: log in, create contacts, write a note in place."""
import pytest


pytestmark = pytest.mark.browser



def test_create_company_and_person_then_add_a_note_without_reload(page, live_server, browser_login, make_user,
                                                                    screenshot):
    make_user(email="marta@example.com", name="Marta")
    browser_login("marta@example.com")

    page.click("text=Contacts")
    page.click("text=New company")
    page.fill("input[name=name]", "Żółw Logistics")
    page.fill("textarea[name=domain_list]", "zolw-logistics.pl")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Żółw Logistics')")

    page.goto(f"{live_server}/contacts/person/new")
    page.fill("input[name=first_name]", "Grzegorz")
    page.fill("input[name=last_name]", "Brzęczyszczykiewicz")
    page.fill("input[name=company]", "Żółw Logistics")
    page.fill("textarea[name=email_list]", "grzegorz@zolw-logistics.pl, g.b@example.com")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Grzegorz Brzęczyszczykiewicz')")
    assert page.locator("#addresses li").count() == 2

    page.evaluate("window.__noReload = 'still here'")
    page.fill("#note-form textarea[name=body]", "Spotkanie w czwartek: oferta na 120 palet.")
    page.click("#note-form button[type=submit]")
    page.wait_for_selector("#timeline-entries .entry-note:has-text('120 palet')")
    assert page.evaluate("window.__noReload") == "still here"
    assert page.input_value("#note-form textarea[name=body]") == ""

    page.fill("#addresses input[name=email]", "not an address")
    page.click("#addresses button:has-text('Add')")
    page.wait_for_selector("#addresses .errors")
    assert page.evaluate("window.__noReload") == "still here"
    path = screenshot("timeline")
    assert path.exists()
