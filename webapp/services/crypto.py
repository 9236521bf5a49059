"""Secrets at rest: mail passwords encrypted with Fernet (AES-CBC + HMAC) under keys
that never enter the database.

Keys come from MAILTRAIL_KEYS (comma-separated; the first encrypts, all decrypt) or,
when unset, from `instance/fernet.key` (generated on first use, one key per line).
"""
from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from .errors import ValidationError

KEY_FILE = "fernet.key"


class SecretUnavailable(Exception):
    """A stored secret cannot be decrypted with the configured keys (key lost or token tampered)."""


def _key_path() -> Path:
    return Path(current_app.instance_path) / KEY_FILE


def _file_keys() -> list[str]:
    from ..config import instance_secret

    instance_secret(current_app.instance_path, KEY_FILE, lambda: Fernet.generate_key().decode())
    return [line.strip() for line in _key_path().read_text().splitlines() if line.strip()]


def keys() -> list[str]:
    """The configured keys, the encrypting one first."""
    return current_app.config["ENCRYPTION_KEYS"] or _file_keys()


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys()])
    except ValueError as error:
        raise ValidationError(f"An encryption key is malformed: {error}") from None


def encrypt(secret: str) -> str:
    """An authenticated, randomized token for `secret` (two calls give different tokens)."""
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str | None) -> str:
    """The secret inside `token`; SecretUnavailable if no configured key opens it."""
    if not token:
        raise SecretUnavailable("no secret stored")
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        raise SecretUnavailable("the stored secret cannot be decrypted with the configured keys") from None


def rotate_token(token: str) -> str:
    """Re-encrypt `token` under the first key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise SecretUnavailable("the stored secret cannot be decrypted with the configured keys") from None


def uses_key_file() -> bool:
    """True when keys live in instance/fernet.key rather than MAILTRAIL_KEYS."""
    return not current_app.config["ENCRYPTION_KEYS"]


def write_key_file(new_keys: list[str]) -> None:
    """Replace the key file's contents (mode 0600)."""
    path = _key_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(new_keys) + "\n")
    tmp.chmod(0o600)
    tmp.replace(path)
