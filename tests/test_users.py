"""User administration, the supervisor chain and the users CLI."""
import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import User
from webapp.services import users as user_service
from webapp.services.errors import ValidationError


@pytest.fixture
def admin(make_user, auth):
    return auth.login_as(make_user(email="boss@example.com", role="admin"))


def test_admin_creates_a_user_and_sees_the_generated_password_once(client, admin):
    response = client.post("/admin/users/new", data={"email": "new@example.com", "name": "New", "role": "user",
                                                      "supervisor_id": str(admin.id)}, follow_redirects=True)
    assert b"shown only now" in response.data
    user = db.session.scalar(select(User).where(User.email == "new@example.com"))
    assert user.supervisor_id == admin.id and user.role == "user"


def test_duplicate_user_email_is_refused(client, admin, make_user):
    make_user(email="taken@example.com")
    response = client.post("/admin/users/new", data={"email": "Taken@example.com", "role": "user"})
    assert response.status_code == 422
    assert b"already exists" in response.data
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_malformed_user_email_is_refused(client, admin):
    response = client.post("/admin/users/new", data={"email": "not-an-address", "role": "user"})
    assert response.status_code == 422 and b"not a valid email address" in response.data


def test_supervisor_cycle_is_refused(client, admin, make_user):
    top = make_user()
    middle = make_user(supervisor=top)
    bottom = make_user(supervisor=middle)
    response = client.post(f"/admin/users/{top.id}/edit", data={
        "email": top.email, "role": "user", "supervisor_id": str(bottom.id), "active": "y"})
    assert response.status_code == 422 and b"cycle" in response.data
    db.session.refresh(top)
    assert top.supervisor_id is None


def test_managers_are_everyone_up_the_chain(make_user):
    top = make_user()
    middle = make_user(supervisor=top)
    bottom = make_user(supervisor=middle)
    assert user_service.manager_ids(bottom.id) == {top.id, middle.id}
    assert user_service.report_ids(top.id) == {middle.id, bottom.id}
    assert user_service.manager_ids(top.id) == set()


def test_self_as_supervisor_is_a_cycle(make_user):
    user = make_user()
    with pytest.raises(ValidationError):
        user_service.update_user(user, email=user.email, name="", role="user", supervisor_id=user.id,
                                 active=True, acting=make_user(role="admin"))


def test_deactivating_a_user_ends_their_sessions(app, client, admin, make_user):
    victim = make_user(email="victim@example.com")
    their_browser = app.test_client()
    their_browser.post("/auth/login", data={"email": victim.email, "password": "correct horse 42"})
    assert their_browser.get("/dashboard").status_code == 200
    client.post(f"/admin/users/{victim.id}/edit", data={"email": victim.email, "role": "user"})
    assert their_browser.get("/dashboard").status_code == 302


def test_admin_cannot_demote_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/edit", data={"email": admin.email, "role": "user",
                                                                   "active": "y"})
    assert response.status_code == 422
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_admin_pages_do_not_exist_for_users(client, auth, make_user):
    auth.login_as(make_user())
    assert client.get("/admin/users").status_code == 404


def test_cli_creates_and_lists_users(runner):
    result = runner.invoke(args=["users", "create", "--email", "cli@example.com", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Password: " in result.output
    result = runner.invoke(args=["users", "create", "--email", "rep@example.com", "--manager", "cli@example.com",
                                 "--password-stdin"], input="a long password\n")
    assert result.exit_code == 0 and "Password" not in result.output
    listing = runner.invoke(args=["users", "list"]).output
    assert "cli@example.com\tadmin" in listing and "rep@example.com\tuser\tcli@example.com" in listing


def test_cli_refuses_duplicates_and_unknown_managers(runner, make_user):
    make_user(email="dup@example.com")
    assert runner.invoke(args=["users", "create", "--email", "dup@example.com"]).exit_code != 0
    result = runner.invoke(args=["users", "create", "--email", "x@example.com", "--manager", "ghost@example.com"])
    assert result.exit_code != 0 and "ghost@example.com" in result.output


def test_ensure_admin_only_on_an_empty_database(runner):
    first = runner.invoke(args=["users", "ensure-admin"])
    assert "First admin created" in first.output
    assert runner.invoke(args=["users", "ensure-admin"]).output == ""
