"""Two languages, both complete: every string the code uses has a Polish translation."""
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from webapp.extensions import db

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("webapp/**.py", "python"), ("jobs/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}


def used_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS, strip_comment_tags=True):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_polish_catalogue_is_complete():
    with open(ROOT / "webapp/translations/pl/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue
                  if m.id and m.string and (all(m.string) if isinstance(m.string, tuple) else True)
                  and not m.fuzzy}
    missing = sorted(used_messages() - translated)
    assert missing == [], f"{len(missing)} strings lack a Polish translation: {missing[:20]}"


def test_browser_language_picks_polish(client):
    response = client.get("/auth/login", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert "Zaloguj się".encode() in response.data and b'lang="pl"' in response.data


def test_profile_language_wins_over_the_browser(client, auth, make_user, make_person, make_note):
    user = auth.login_as(make_user(locale="pl"))
    person = make_person()
    make_note(person, user, created_at=datetime(2026, 3, 5, 14, 30, tzinfo=timezone.utc))
    db.session.commit()
    response = client.get(f"/contacts/person/{person.id}", headers={"Accept-Language": "en"})
    page = response.data.decode()
    assert "Dodaj notatkę" in page and "Notatka" in page
    assert "5.03.2026" in page or "05.03.2026" in page  # Polish date format


def test_polish_form_errors(client):
    response = client.post("/auth/login", data={"email": "x@example.com", "password": "bad"},
                           headers={"Accept-Language": "pl"})
    assert "Błędny e-mail lub hasło.".encode() in response.data


def test_polish_translations_keep_their_placeholders():
    import re

    with open(ROOT / "webapp/translations/pl/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(pattern.findall(ids[0]))
        for translated in strings:
            assert set(pattern.findall(translated)) == expected, message.id


def test_dates_format_as_flask_babel_does_in_both_languages(app):
    from flask_babel import format_datetime, refresh

    from webapp.i18n import format_when

    moments = [datetime(2026, month, day, hour, minute, tzinfo=timezone.utc)
               for month, day, hour, minute in [(1, 1, 0, 5), (3, 29, 1, 30), (7, 4, 23, 59), (12, 31, 12, 0)]]
    moments.append(datetime(2026, 10, 25, 1, 30))  # naive: stored as UTC
    babel_config = app.extensions["babel"]  # Flask-Babel reads TIMEZONE once, at init_app
    shown = {}
    try:
        for language, zone in [("en", "UTC"), ("pl", "Europe/Warsaw"), ("en", "America/New_York")]:
            babel_config.default_timezone = zone
            with app.test_request_context(headers={"Accept-Language": language}):
                refresh()  # Flask-Babel keeps the language and zone on `g`, which outlives a request here
                for moment in moments:
                    for fmt in ("short", "medium", "long"):
                        assert format_when(moment, fmt) == format_datetime(moment, fmt), (language, zone, moment, fmt)
                assert format_when(None) == ""
                shown[zone] = format_when(moments[0], "short")
    finally:
        babel_config.default_timezone = "UTC"
        refresh()
    assert shown == {"UTC": "1/1/26, 12:05\u202fAM", "Europe/Warsaw": "1.01.2026, 01:05",
                     "America/New_York": "12/31/25, 7:05\u202fPM"}


def test_template_translations_escape_and_format_their_variables(app):
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "pl"}):
        page = render_template_string('{{ _("Delete %(name)s and its notes? Its emails stay stored.", name=n) }}|'
                                      '{{ ngettext("%(num)d email", "%(num)d emails", 5) }}', n="<b>Ala</b>")
    assert page.startswith("Usunąć &lt;b&gt;Ala&lt;/b&gt;") and page.endswith("|5 e-maili")
