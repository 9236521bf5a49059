"""Login sessions: flask-login wired to server-side session rows.

The cookie carries a random token; the database keeps only its SHA-256. Deleting
a row (logout, deactivation, password change) ends that browser's session at its
next request, including a remember-me cookie.
"""
from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l

from .extensions import login_manager


class SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _load_user(token: str):
    from .services.auth import user_for_session_token

    return user_for_session_token(token)


def init_app(app: Flask) -> None:
    """Configure flask-login for the app."""
    app.session_interface = SessionInterface()
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
