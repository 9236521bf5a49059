"""Error pages, headers and the look every page shares."""
import pytest


def test_404_page_in_the_app_look(client, auth, make_user):
    auth.login_as(make_user())
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data and b"Mailtrail" in response.data


def test_500_page_shows_no_traceback(app):
    from tests.conftest import close_redis, rate_limit_clients
    from webapp import create_app

    production_like = create_app({**app.config, "TESTING": False, "DEBUG": False})

    @production_like.route("/__boom")
    def boom():
        raise RuntimeError("secret internals")

    try:
        response = production_like.test_client().get("/__boom")
    finally:
        close_redis([production_like.extensions.get("mailtrail_redis"), *rate_limit_clients(production_like)])
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"secret internals" not in response.data and b"Traceback" not in response.data


def test_security_headers(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    for part in ("script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" in client.get("/auth/login", base_url="https://localhost").headers


@pytest.mark.parametrize("url", ["/dashboard", "/contacts/", "/contacts/import", "/settings/", "/admin/users",
                                 "/contacts/person/new", "/contacts/company/new", "/admin/users/new"])
def test_pages_render_for_an_admin(client, auth, make_user, url):
    auth.login_as(make_user(role="admin"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"<script>" not in response.data  # no inline scripts anywhere
