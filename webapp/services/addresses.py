"""Email addresses in canonical form: the one key used to match mail to contacts.

Canonical form: the domain lower-cased with IDN converted to punycode, an ASCII
local part lower-cased, and a `+tag` removed (setting ADDRESS_STRIP_PLUS, on by
default). The raw form is kept elsewhere for display.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import idna
from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_app_context

_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_LOCAL_FORBIDDEN = re.compile(r"[\s<>()\[\],;:\\\"@]")


class AddressError(ValueError):
    """A user-entered address that is not a valid email address (message is user-facing)."""


def strip_plus_default() -> bool:
    """The ADDRESS_STRIP_PLUS setting (on when there is no app)."""
    return _strip_plus_default()


def _strip_plus_default() -> bool:
    if has_app_context():
        return bool(current_app.config.get("ADDRESS_STRIP_PLUS", True))
    return True


def canonical_domain(domain: str) -> str | None:
    """The domain in lower-case punycode, or None if it is not a valid domain name."""
    domain = unicodedata.normalize("NFC", (domain or "").strip()).rstrip(".")
    if not domain or len(domain) > 253:
        return None
    if not domain.isascii():
        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError:
            return None
    domain = domain.lower()
    labels = domain.split(".")
    if not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    return domain


def canonicalize(address: str | None, strip_plus: bool | None = None) -> str | None:
    """The canonical matching key of `address`, or None when it cannot match anything.

    Addresses with more than one `@` (quoted local parts, spoofing attempts) never match.
    """
    if not address:
        return None
    return _canonical(address, strip_plus if strip_plus is not None else _strip_plus_default())


@lru_cache(maxsize=65536)
def _canonical(address: str, strip_plus: bool) -> str | None:
    # Mail repeats the same correspondents over and over: the cache makes the sync's hot path cheap.
    address = address.strip().strip("<>").strip()
    if address.count("@") != 1 or len(address) > 320:
        return None
    local, domain = address.split("@")
    domain = canonical_domain(domain)
    local = unicodedata.normalize("NFC", local)
    if not domain or not local or len(local) > 64 or _LOCAL_FORBIDDEN.search(local):
        return None
    if strip_plus:
        base = local.split("+", 1)[0]
        local = base or local
    if local.isascii():
        local = local.lower()
    return f"{local}@{domain}"


def domain_of(canonical: str) -> str:
    """The domain part of a canonical address."""
    return canonical.rsplit("@", 1)[1]


def validate_address(address: str) -> str:
    """Check a user-entered address; return it trimmed, or raise AddressError saying why."""
    address = (address or "").strip()
    if not address:
        raise AddressError("empty")
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True, globally_deliverable=False)
    except EmailNotValidError as error:
        raise AddressError(str(error)) from None
    if canonicalize(address) is None:
        raise AddressError("not usable")
    return address


def split_addresses(text: str) -> list[str]:
    """Split user input such as 'a@x.pl; b@y.pl, c@z.pl' into trimmed, non-empty items."""
    return [item.strip() for item in re.split(r"[;,\s]+", text or "") if item.strip()]
