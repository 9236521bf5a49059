"""Configuration read from environment variables, with safe development defaults.

Every variable is documented in README.md. Nothing here runs at import time:
`load_config` is called by `create_app`.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    return int(raw) if raw not in (None, "") else default


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def instance_secret(instance_path: str, filename: str, make) -> str:
    """Return the secret stored in `instance/filename`, creating it on first use.

    The file is written with mode 0600 so that only the service account reads it.
    """
    path = Path(instance_path) / filename
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def load_config(instance_path: str, env: dict | None = None) -> dict:
    """Build the Flask config mapping from `env` (default: `os.environ`)."""
    env = dict(os.environ if env is None else env)
    default_db = "sqlite:///" + str(Path(instance_path) / "mailtrail.db")
    secure_cookies = _bool(env.get("SESSION_COOKIE_SECURE"), False)
    return {
        "SECRET_KEY": env.get("SECRET_KEY")
        or instance_secret(instance_path, "secret_key", lambda: secrets.token_urlsafe(48)),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or default_db,
        # A connection that died while idle (database restart, network) is replaced before use.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "RQ_ASYNC": _bool(env.get("RQ_ASYNC"), True),
        "SYNC_INTERVAL": _int(env, "SYNC_INTERVAL", 300),
        "SYNC_BATCH_SIZE": _int(env, "SYNC_BATCH_SIZE", 250),
        "SYNC_JOB_TIMEOUT": _int(env, "SYNC_JOB_TIMEOUT", 3600),
        "SYNC_FETCH_PROCESSES": _int(env, "SYNC_FETCH_PROCESSES", 2),
        # Background jobs yield the CPU to the web pages on a small machine.
        "WORKER_NICE": _int(env, "WORKER_NICE", 10),
        "MAX_ACCOUNTS_PER_USER": _int(env, "MAX_ACCOUNTS_PER_USER", 3),
        "ADDRESS_STRIP_PLUS": _bool(env.get("ADDRESS_STRIP_PLUS"), True),
        "MAIL_TIMEOUT": _int(env, "MAIL_TIMEOUT", 10),
        "MAIL_ALLOWED_NETWORKS": _list(env.get("MAIL_ALLOWED_NETWORKS")),
        "MAIL_ALLOW_PLAINTEXT": _bool(env.get("MAIL_ALLOW_PLAINTEXT"), False),
        "MAIL_ALLOWED_PORTS": [int(p) for p in _list(env.get("MAIL_ALLOWED_PORTS"))]
        or [143, 993, 465, 587, 25],
        "MAIL_CA_FILE": env.get("MAIL_CA_FILE") or None,
        "MAIL_MX_LOOKUP": _bool(env.get("MAIL_MX_LOOKUP"), True),
        "ENCRYPTION_KEYS": _list(env.get("MAILTRAIL_KEYS")),
        "MAX_ATTACHMENT_MB": _int(env, "MAX_ATTACHMENT_MB", 20),
        "SEND_STALE_SECONDS": _int(env, "SEND_STALE_SECONDS", 300),
        "MAX_CONTENT_LENGTH": (_int(env, "MAX_ATTACHMENT_MB", 20) + 5) * 1024 * 1024,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT") or "20 per 10 minutes",
        "LOGIN_ACCOUNT_LIMIT": env.get("LOGIN_ACCOUNT_LIMIT") or "10 per 10 minutes",
        "RATELIMIT_HEADERS_ENABLED": False,
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0),
        "LOG_LEVEL": env.get("LOG_LEVEL") or "INFO",
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE") or "UTC",
        "LANGUAGES": ["en", "pl"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        "PAGE_SIZE": 25,
        "TIMELINE_PAGE_SIZE": 20,
    }
