"""Persons and companies: create, edit, addresses in place, search, delete."""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Company, ContactEmail, Note, Person

HX = {"HX-Request": "true"}


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_a_person_with_two_addresses_and_a_new_company(client, auth, make_user):
    auth.login_as(make_user())
    response = client.post("/contacts/person/new", data={
        "first_name": "Zofia", "last_name": "Wójcik", "company": "Żabka Sp. z o.o.", "phone": "+48 600 100 200",
        "email_list": "Zofia@Example.com, zofia+crm@example.com\nzw@example.org"})
    assert response.status_code == 302
    person = db.session.scalar(select(Person))
    assert person.display_name == "Zofia Wójcik" and person.company.name == "Żabka Sp. z o.o."
    assert sorted(e.canonical for e in person.emails) == ["zofia@example.com", "zw@example.org"]
    page = client.get(response.headers["Location"])
    assert "Zofia Wójcik".encode() in page.data and b"zw@example.org" in page.data


def test_person_without_names_or_with_a_bad_address_saves_nothing(client, auth, make_user):
    auth.login_as(make_user())
    empty = client.post("/contacts/person/new", data={"first_name": "  ", "last_name": ""})
    assert empty.status_code == 422 and b"Enter a first or last name" in empty.data
    bad = client.post("/contacts/person/new", data={"first_name": "Jan", "email_list": "jan@example.com, not-an-email"})
    assert bad.status_code == 422 and b"not a valid email address" in bad.data
    assert count(Person) == 0 and count(ContactEmail) == 0


def test_company_needs_a_name_and_valid_domains(client, auth, make_user):
    auth.login_as(make_user())
    assert client.post("/contacts/company/new", data={"name": ""}).status_code == 422
    bad = client.post("/contacts/company/new", data={"name": "Acme", "domain_list": "acme.com bad_domain"})
    assert bad.status_code == 422 and b"not a valid domain" in bad.data
    assert count(Company) == 0
    ok = client.post("/contacts/company/new", data={"name": "Acme", "domain_list": "ACME.com, acme.pl"})
    assert ok.status_code == 302
    assert sorted(d.domain for d in db.session.scalar(select(Company)).domains) == ["acme.com", "acme.pl"]


def test_add_and_remove_addresses_in_place(client, auth, make_user, make_person):
    auth.login_as(make_user())
    person = make_person(emails=["one@example.com"])
    added = client.post(f"/contacts/person/{person.id}/emails", data={"email": "two@example.com"}, headers=HX)
    assert added.status_code == 200
    assert b'id="addresses"' in added.data and b"two@example.com" in added.data and b"<html" not in added.data
    email_id = db.session.scalar(select(ContactEmail.id).where(ContactEmail.canonical == "two@example.com"))
    removed = client.post(f"/contacts/person/{person.id}/emails/{email_id}/delete", headers=HX)
    assert removed.status_code == 200 and b"two@example.com" not in removed.data


def test_duplicate_and_malformed_addresses_are_refused_in_place(client, auth, make_user, make_person):
    auth.login_as(make_user())
    owner = make_person(first_name="Ewa", last_name="Owner", emails=["taken@example.com"])
    other = make_person()
    dup = client.post(f"/contacts/person/{other.id}/emails", data={"email": "TAKEN+x@example.com"}, headers=HX)
    assert dup.status_code == 422 and b"already belongs to Ewa Owner" in dup.data
    bad = client.post(f"/contacts/person/{other.id}/emails", data={"email": "nope"}, headers=HX)
    assert bad.status_code == 422 and b"not a valid email address" in bad.data
    assert [e.address for e in owner.emails] == ["taken@example.com"] and other.emails == []


def test_without_htmx_adding_an_address_redirects_back(client, auth, make_user, make_person):
    auth.login_as(make_user())
    person = make_person()
    response = client.post(f"/contacts/person/{person.id}/emails", data={"email": "x@example.com"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/contacts/person/{person.id}")


def test_company_domains_in_place(client, auth, make_user, make_company):
    auth.login_as(make_user())
    company = make_company(name="Acme")
    other = make_company(name="Other", domains=["other.com"])
    ok = client.post(f"/contacts/company/{company.id}/domains", data={"domain": "@Acme.COM"}, headers=HX)
    assert ok.status_code == 200 and b"acme.com" in ok.data
    clash = client.post(f"/contacts/company/{company.id}/domains", data={"domain": "other.com"}, headers=HX)
    assert clash.status_code == 422 and b"already belongs to Other" in clash.data
    assert [d.domain for d in other.domains] == ["other.com"]


def test_edit_keeps_addresses(client, auth, make_user, make_person):
    auth.login_as(make_user())
    person = make_person(first_name="Jan", last_name="Kowalski", emails=["jan@example.com"])
    response = client.post(f"/contacts/person/{person.id}/edit", data={"first_name": "Janusz", "last_name": "Kowalski",
                                                                       "company": "", "phone": "123"})
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.first_name == "Janusz" and person.phone == "123" and len(person.emails) == 1


def test_delete_contact_removes_notes_and_addresses(client, auth, make_user, make_person, make_note):
    user = auth.login_as(make_user())
    person = make_person(emails=["gone@example.com"])
    make_note(person, user)
    assert client.post(f"/contacts/person/{person.id}/delete").status_code == 302
    assert count(Person) == 0 and count(Note) == 0 and count(ContactEmail) == 0


def test_search_as_you_type_returns_rows_only(client, auth, make_user, make_person, make_company):
    auth.login_as(make_user())
    make_person(first_name="Łucja", last_name="Zielińska", emails=["lucja@firma.pl"])
    make_person(first_name="Adam", last_name="Nowak")
    make_company(name="Firma Zielińscy")
    response = client.get("/contacts/?kind=person&q=zieli", headers=HX)
    assert "Łucja Zielińska".encode() in response.data and b"Adam" not in response.data
    assert b"<html" not in response.data and "HX-Request" in response.headers["Vary"]
    by_mail = client.get("/contacts/?kind=person&q=firma.pl")
    assert "Łucja".encode() in by_mail.data and b"<html" in by_mail.data
    upper = client.get("/contacts/?kind=person&q=ŁUCJA", headers=HX)
    assert "Łucja".encode() in upper.data
    companies = client.get("/contacts/?kind=company&q=zieli", headers=HX)
    assert "Firma Zielińscy".encode() in companies.data


def test_contact_list_is_paginated(client, auth, make_user, make_person):
    auth.login_as(make_user())
    for i in range(30):
        make_person(first_name=f"P{i:02d}", last_name="Same")
    first = client.get("/contacts/?kind=person")
    second = client.get("/contacts/?kind=person&page=2")
    assert b"Page 1 of 2" in first.data and b"P00 Same" in first.data and b"P29 Same" not in first.data
    assert b"P29 Same" in second.data


def test_unknown_contact_is_404(client, auth, make_user):
    auth.login_as(make_user())
    assert client.get("/contacts/person/999").status_code == 404
    assert client.get("/contacts/robot/1").status_code == 404
