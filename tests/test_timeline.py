"""Timelines: notes newest first, paged by cursor, company timelines include their persons."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select

from webapp.extensions import db
from webapp.models import Note
from webapp.services import timeline

HX = {"HX-Request": "true"}
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_notes_are_newest_first_and_paged_without_gaps(make_user, make_person, make_note):
    user = make_user()
    person = make_person()
    for i in range(45):
        # Several notes share a timestamp: the cursor must still neither skip nor repeat one.
        make_note(person, user, body=f"n{i}", created_at=T0 + timedelta(minutes=i // 3))
    seen, cursor = [], None
    while True:
        entries, cursor = timeline.page(person, user, cursor=cursor, limit=10)
        seen += [e.item.body for e in entries]
        if cursor is None:
            break
    assert len(seen) == 45 and len(set(seen)) == 45
    times = [n.created_at for n in db.session.scalars(select(Note).where(Note.body.in_(seen[:2])))]
    assert max(times) == T0 + timedelta(minutes=14)


def test_company_timeline_includes_its_persons_notes(make_user, make_company, make_person, make_note):
    user = make_user()
    company = make_company(name="Acme")
    person = make_person(first_name="Ola", last_name="Kot", company=company)
    make_note(company, user, body="about the company", created_at=T0)
    make_note(person, user, body="about Ola", created_at=T0 + timedelta(hours=1))
    entries, _ = timeline.page(company, user)
    assert [e.item.body for e in entries] == ["about Ola", "about the company"]
    assert entries[0].via == person and entries[1].via is None
    only_person, _ = timeline.page(person, user)
    assert [e.item.body for e in only_person] == ["about Ola"]


def test_add_a_note_in_place(client, auth, make_user, make_person):
    auth.login_as(make_user(name="Marta"))
    person = make_person()
    response = client.post(f"/contacts/person/{person.id}/notes", data={"body": "Called, <b>will</b> buy."},
                           headers=HX)
    assert response.status_code == 200
    assert b"Called, &lt;b&gt;will&lt;/b&gt; buy." in response.data  # escaped, never markup
    assert b'hx-swap-oob="true"' in response.data and b"<html" not in response.data
    assert db.session.scalar(select(func.count()).select_from(Note)) == 1


def test_empty_note_is_refused(client, auth, make_user, make_person):
    auth.login_as(make_user())
    person = make_person()
    response = client.post(f"/contacts/person/{person.id}/notes", data={"body": "   "}, headers=HX)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0


def test_only_the_author_or_an_admin_deletes_a_note(client, auth, make_user, make_person, make_note):
    author, other = make_user(), make_user()
    person = make_person()
    note = make_note(person, author)
    auth.login_as(other)
    assert client.post(f"/contacts/notes/{note.id}/delete", headers=HX).status_code == 404
    auth.login_as(author)
    assert client.post(f"/contacts/notes/{note.id}/delete", headers=HX).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0


def test_load_more_returns_the_next_entries_only(client, auth, make_user, make_person, make_note):
    user = auth.login_as(make_user())
    person = make_person()
    for i in range(25):
        make_note(person, user, body=f"note number {i}", created_at=T0 + timedelta(minutes=i))
    page = client.get(f"/contacts/person/{person.id}")
    assert b"note number 24" in page.data and b"note number 4<" not in page.data
    assert b'hx-trigger="revealed"' in page.data
    _, cursor = timeline.page(person, user, limit=20)
    more = client.get(f"/contacts/person/{person.id}/timeline?cursor={cursor.encode()}", headers=HX)
    assert b"note number 4<" in more.data and b"note number 5<" not in more.data
    assert b"<html" not in more.data and b"revealed" not in more.data
    plain = client.get(f"/contacts/person/{person.id}/timeline?cursor={cursor.encode()}")
    assert b"<html" in plain.data  # works as a plain link too


def test_first_page_costs_the_same_for_10_and_10000_entries(client, auth, make_user, make_person, make_note,
                                                            count_queries):
    user = auth.login_as(make_user())
    small, big = make_person(), make_person()
    for i in range(10):
        make_note(small, user, body=f"s{i}")
    db.session.execute(insert(Note), [
        {"person_id": big.id, "author_id": user.id, "body": f"b{i}", "created_at": T0 + timedelta(seconds=i)}
        for i in range(10_000)])
    db.session.commit()
    with count_queries() as small_queries:
        assert client.get(f"/contacts/person/{small.id}").status_code == 200
    with count_queries() as big_queries:
        response = client.get(f"/contacts/person/{big.id}")
    assert b"b9999" in response.data
    assert len(big_queries) == len(small_queries) <= 12


def test_bad_cursor_is_ignored(client, auth, make_user, make_person):
    auth.login_as(make_user())
    person = make_person()
    assert client.get(f"/contacts/person/{person.id}/timeline?cursor=garbage", headers=HX).status_code == 200
