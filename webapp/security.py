"""Security headers on every response."""
from __future__ import annotations

from flask import Flask, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _add_headers(response):
    headers = response.headers
    # A view may set a stricter policy of its own (message bodies, downloads).
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _storage_uri(redis_url: str) -> str:
    # The limits library names a Redis on a unix socket redis+unix://.
    return "redis+unix://" + redis_url.removeprefix("unix://") if redis_url.startswith("unix://") else redis_url


def init_app(app: Flask) -> None:
    """Security headers on every response, the login rate limiter, and the proxy setup."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from .extensions import limiter

    app.after_request(_add_headers)
    app.config.setdefault("RATELIMIT_STORAGE_URI", _storage_uri(app.config["REDIS_URL"]))
    limiter.init_app(app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind N reverse proxies, the client address and scheme come from their X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
