"""Login throttling: per IP and per account, counting failed attempts only.

The per-account limit does not apply to a browser that has logged in to that account
before (a signed 'known device' cookie), so an attacker who burns an account's
attempts cannot lock its real owner out.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import limiter
from ..services.auth import normalize_email

DEVICE_COOKIE = "mailtrail_device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _digest(email: str) -> str:
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()[:32]


def _known(email: str) -> bool:
    try:
        known = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return False
    return isinstance(known, list) and _digest(email) in known


def remember_device(response, email: str) -> None:
    """Mark this browser as one that logged in to `email` (keeps up to 5 accounts)."""
    try:
        known = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        known = []
    known = [d for d in known if d != _digest(email)][-4:] + [_digest(email)]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(known), max_age=365 * 24 * 3600, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def _failed(response) -> bool:
    return response.status_code == 422


ip_limit = limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed,
                         scope="login-ip")
account_limit = limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_LIMIT"], methods=["POST"], deduct_when=_failed, scope="login-account",
    key_func=lambda: "account:" + _digest(request.form.get("email", "")),
    exempt_when=lambda: _known(request.form.get("email", "")))
