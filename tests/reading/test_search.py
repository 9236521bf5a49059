"""Full-text search: ranking, Polish diacritics on both databases, filters, syntax that never breaks, the CLI."""
import json
from datetime import date

import pytest

from tests.fixtures.messages import make_message
from webapp.services.search import Filters, parse_terms, search
from webapp.services.sync import sync_account


@pytest.fixture
def searchable(mail_server, make_user, make_account, make_person, make_note):
    user = make_user(email="szuka@example.com")
    account = make_account(user, visibility="owner")
    client_person = make_person(first_name="Żaneta", last_name="Łuczak", emails=["zaneta@klient.example"])
    mail_server.append_many(account.login, [
        make_message(subject="Żółw w ogrodzie", sender="Żaneta Łuczak <zaneta@klient.example>",
                     text="Zażółć gęślą jaźń. Płatność przelewem."),
        make_message(subject="Oferta", sender="biuro@inny.example", text="Cena za żółwia: 100 zł.",
                     attachments=[("cennik-żółwi.pdf", "application/pdf", b"%PDF")]),
        make_message(subject="Spotkanie", sender="anna@dalej.example", text="Omówimy płatności w czwartek.",
                     date=None),
    ])
    sync_account(account.id)
    make_note(client_person, user, body="Żaneta prosi o fakturę proforma.")
    return user, client_person


@pytest.mark.parametrize("query, expected", [
    ("zolw", {"Żółw w ogrodzie"}),
    ("żółw", {"Żółw w ogrodzie"}),
    ("zolw*", {"Żółw w ogrodzie", "Oferta"}),
    ("zazolc", {"Żółw w ogrodzie"}),
    ("platnosc", {"Żółw w ogrodzie"}),
    ("platno*", {"Żółw w ogrodzie", "Spotkanie"}),
    ("luczak", {"Żółw w ogrodzie"}),
    ("zaneta@klient.example", {"Żółw w ogrodzie"}),
    ("cennik", {"Oferta"}),
    ('"gęślą jaźń"', {"Żółw w ogrodzie"}),
    ("gesla jazn", {"Żółw w ogrodzie"}),
])
def test_words_prefixes_phrases_and_diacritics(searchable, query, expected):
    user, _ = searchable
    assert {h.subject for h in search(user, query, prefix_last=False) if h.kind == "email"} == expected


def test_as_you_type_the_last_word_is_a_prefix(searchable):
    user, _ = searchable
    assert {h.subject for h in search(user, "zol")} == {"Żółw w ogrodzie", "Oferta"}
    assert {h.subject for h in search(user, "platno")} == {"Żółw w ogrodzie", "Spotkanie"}


@pytest.mark.parametrize("query", ['"', "AND", "OR NOT", "zolw AND", '"unterminated', "((", "*", "NEAR(", "^", "-"])
def test_query_syntax_never_breaks(searchable, query):
    user, _ = searchable
    search(user, query)  # no exception: odd syntax is just words


def test_notes_are_searched_and_highlighted(searchable):
    user, person = searchable
    hits = [h for h in search(user, "proforma") if h.kind == "note"]
    assert len(hits) == 1 and "<mark>proforma</mark>" in str(hits[0].snippet)


def test_snippets_highlight_the_original_letters(searchable):
    user, _ = searchable
    hit = search(user, "platnosc", prefix_last=False)[0]
    assert "<mark>Płatność</mark>" in str(hit.snippet)


def test_filters(searchable):
    user, person = searchable
    assert {h.subject for h in search(user, "zolw*", Filters(attachments=True))} == {"Oferta"}
    assert {h.subject for h in search(user, "zolw*", Filters(contact=("person", person.id))) if h.kind == "email"} \
        == {"Żółw w ogrodzie"}
    assert search(user, "zolw*", Filters(since=date(2030, 1, 1))) == []


def test_other_users_find_nothing_of_owner_only_mail(searchable, make_user):
    stranger = make_user()
    assert [h.kind for h in search(stranger, "zolw*")] == []
    assert [h.kind for h in search(stranger, "proforma")] == ["note"]  # notes are shared by the team


def test_common_words_rank_the_newest_matches_first_and_still_find_rare_visible_ones(
        client, auth, mail_server, make_user, make_account, monkeypatch):
    from webapp.services import search as search_service

    monkeypatch.setattr(search_service, "RANK_WINDOW", 4)
    monkeypatch.setattr("webapp.search.views.RANK_WINDOW", 4)
    user = auth.login_as(make_user())
    mine = make_account(user, visibility="owner")
    theirs = make_account(make_user(), visibility="owner")
    # Stored first, so the oldest: the only match this user may see.
    mail_server.append(mine.login, make_message(subject="Faktura stara", text="faktura"))
    sync_account(mine.id)
    mail_server.append_many(theirs.login, [make_message(subject=f"Faktura cudza {n}", text="faktura")
                                           for n in range(40)])
    sync_account(theirs.id)
    # The newest matches are someone else's: the window widens until the visible one is found.
    hits = search(user, "faktura", limit=5)
    assert [h.subject for h in hits] == ["Faktura stara"] and not hits.newest_only
    # With enough visible matches among the newest, those are ranked, and the page says so.
    mail_server.append_many(mine.login, [make_message(subject=f"Faktura nowa {n}", text="faktura")
                                         for n in range(34)])
    sync_account(mine.id)
    hits = search(user, "faktura", limit=2)
    assert hits.newest_only and all(h.subject.startswith("Faktura nowa") for h in hits)
    page = client.get("/search?q=faktura").get_data(as_text=True)
    assert "30 results" in page and "these are the best of the newest 4." in page
    assert "Faktura cudza" not in page


def test_search_page_without_javascript(client, auth, searchable):
    user, _ = searchable
    auth.login_as(user)
    page = client.get("/search?q=platnosc")
    assert page.status_code == 200 and b"<html" in page.data and "<mark>Płatność</mark>".encode() in page.data
    fragment = client.get("/search?q=platnosc", headers={"HX-Request": "true"})
    assert b"<html" not in fragment.data and "Płatność".encode() in fragment.data
    assert client.get('/search?q="((').status_code == 200


def test_cli_search_as_a_user(runner, searchable, make_user):
    user, _ = searchable
    result = runner.invoke(args=["search", "zolw", "--as", user.email, "--json"])
    rows = json.loads(result.output)
    assert [(r["kind"], r["subject"]) for r in rows] == [("email", "Żółw w ogrodzie")]
    assert set(rows[0]) == {"kind", "id", "subject", "date", "snippet"}
    stranger = make_user(email="obcy@example.com")
    assert json.loads(runner.invoke(args=["search", "zolw", "--as", stranger.email, "--json"]).output) == []


def test_parse_terms():
    assert parse_terms('Żółw "gęślą jaźń" pła') == [("żólw", False), ("gęślą jaźń", False), ("pla", True)]
