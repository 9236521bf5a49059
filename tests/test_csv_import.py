"""Contact import from CSV, in the UI and the CLI."""
import io

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Company, ContactEmail, Person
from webapp.services.csv_import import import_csv

GOOD_AND_BAD = """kind,name,first_name,last_name,company,emails,domains,notes
person,,Jan,Kowalski,Acme,jan@acme.com;JAN+x@acme.com,,ignored column
company,Acme,,,,info@acme.com,acme.com;acme.pl,
person,,,,Acme,nobody@acme.com,,
person,,Anna,Nowak,Nowhere Inc,anna@x.pl,,
person,,Ewa,Zły,,not-an-address,,
robot,,R2,D2,,,,
company,Żółw S.A.,,,,biuro@żółw.pl,żółw.pl,
person,,Łukasz,Wiśniewski,Żółw S.A.,lukasz@żółw.pl,,
"""


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Person, Company, ContactEmail))


def test_good_rows_import_and_bad_rows_are_reported_with_line_numbers():
    result = import_csv(GOOD_AND_BAD.encode())
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert [line for line, _ in result.errors] == [4, 5, 6, 7]
    reasons = dict(result.errors)
    assert "first or last name" in reasons[4]
    assert "Nowhere Inc" in reasons[5]
    assert "not-an-address" in reasons[6]
    assert "robot" in reasons[7]
    jan = db.session.scalar(select(Person).where(Person.first_name == "Jan"))
    assert jan.company.name == "Acme" and [e.canonical for e in jan.emails] == ["jan@acme.com"]
    lukasz = db.session.scalar(select(Person).where(Person.first_name == "Łukasz"))
    assert lukasz.company.domains[0].domain == "xn--w-uga1v8h.pl"
    # The refused rows left nothing behind.
    assert counts() == (2, 2, 4)


def test_reimporting_the_same_file_creates_no_duplicates():
    import_csv(GOOD_AND_BAD.encode())
    db.session.commit()
    before = counts()
    result = import_csv(GOOD_AND_BAD.encode())
    db.session.commit()
    assert result.created == 0 and result.unchanged == 4
    assert counts() == before


def test_a_missing_header_is_one_clear_error():
    result = import_csv(b"name;email\nAcme;a@b.pl\n")
    assert result.errors and result.errors[0][0] == 1 and "header" in result.errors[0][1]


def test_bom_and_windows_line_ends_are_fine():
    data = "\ufeffkind,name,first_name,last_name,company,emails,domains\r\ncompany,Acme,,,,,acme.com\r\n"
    assert import_csv(data.encode("utf-8")).created == 1


def test_upload_in_the_ui_shows_the_report(client, auth, make_user):
    auth.login_as(make_user())
    response = client.post("/contacts/import", data={"file": (io.BytesIO(GOOD_AND_BAD.encode()), "contacts.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert b"Created: 4, updated: 0, unchanged: 0, rejected: 4." in response.data
    assert b"Nowhere Inc" in response.data


def test_cli_import_reports_rejected_rows(runner, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    result = runner.invoke(args=["contacts", "import", str(path)])
    assert result.exit_code == 1
    assert "created 4, updated 0, unchanged 0, rejected 4" in result.output
    assert "line 5:" in result.output
