"""Logging in and out, sessions, cookies and one's own password."""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import UserSession
from tests.fixtures.factories import DEFAULT_PASSWORD


def test_login_with_the_right_password_reaches_the_dashboard(client, auth, make_user):
    make_user(email="anna@example.com")
    response = auth.login("Anna@Example.com")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, auth, make_user):
    make_user(email="anna@example.com")
    response = auth.login("anna@example.com", "wrong password")
    assert response.status_code == 422
    assert b"Wrong email or password" in response.data
    assert client.get("/dashboard").status_code == 302


def test_unknown_email_gets_the_same_message(auth):
    response = auth.login("nobody@example.com", "whatever")
    assert b"Wrong email or password" in response.data


def test_session_cookie_flags(client, auth, make_user):
    make_user(email="anna@example.com")
    response = auth.login("anna@example.com", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # plain HTTP in tests


def test_cookies_are_secure_over_https(client, make_user):
    make_user(email="anna@example.com")
    response = client.post("/auth/login", data={"email": "anna@example.com", "password": DEFAULT_PASSWORD},
                           base_url="https://localhost")
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session_cookie


def test_each_login_gets_a_new_session(client, auth, make_user):
    user = make_user(email="anna@example.com")
    auth.login("anna@example.com")
    first = db.session.scalars(select(UserSession.token_hash).where(UserSession.user_id == user.id)).all()
    auth.logout()
    auth.login("anna@example.com")
    second = db.session.scalars(select(UserSession.token_hash).where(UserSession.user_id == user.id)).all()
    assert len(first) == len(second) == 1 and first != second


def test_logout_ends_the_session_even_for_a_replayed_cookie(app, client, auth, make_user):
    make_user(email="anna@example.com")
    auth.login("anna@example.com")
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/dashboard").status_code == 302


def test_deactivated_user_is_logged_out_and_cannot_log_in(client, auth, make_user):
    user = make_user(email="anna@example.com")
    auth.login("anna@example.com")
    user.active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    assert b"Wrong email or password" in auth.login("anna@example.com").data


def test_change_own_password_ends_other_sessions(app, client, auth, make_user):
    make_user(email="anna@example.com")
    other_browser = app.test_client()
    other_browser.post("/auth/login", data={"email": "anna@example.com", "password": DEFAULT_PASSWORD})
    auth.login("anna@example.com")
    response = client.post("/settings/password", data={
        "current": DEFAULT_PASSWORD, "password": "new secret 123", "confirm": "new secret 123"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other_browser.get("/dashboard").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
    auth.logout()
    assert auth.login("anna@example.com", "new secret 123").status_code == 302


def test_change_password_refuses_wrong_current_and_short_ones(client, auth, make_user):
    auth.login_as(make_user())
    wrong = client.post("/settings/password", data={"current": "nope", "password": "long enough 1",
                                                    "confirm": "long enough 1"})
    assert wrong.status_code == 422 and b"current password is wrong" in wrong.data
    short = client.post("/settings/password", data={"current": DEFAULT_PASSWORD, "password": "short",
                                                    "confirm": "short"})
    assert short.status_code == 422 and b"at least 8 characters" in short.data


def test_next_parameter_cannot_leave_the_site(client, make_user):
    make_user(email="anna@example.com")
    response = client.post("/auth/login?next=https://evil.example/", data={
        "email": "anna@example.com", "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/dashboard"


def test_pages_need_login(client):
    for url in ("/dashboard", "/contacts/", "/settings/", "/admin/users"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
