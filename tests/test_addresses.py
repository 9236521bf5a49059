"""The one canonicalization function, as a table."""
import pytest

from webapp.services.addresses import AddressError, canonical_domain, canonicalize, split_addresses, validate_address

CASES = [
    ("jan@example.com", "jan@example.com"),
    ("Jan.Kowalski@Example.COM", "jan.kowalski@example.com"),
    ("  <Jan@Example.com>  ", "jan@example.com"),
    ("jan+newsletter@example.com", "jan@example.com"),
    ("jan+a+b@example.com", "jan@example.com"),
    ("+only@example.com", "+only@example.com"),
    ("jan@EXAMPLE.com.", "jan@example.com"),
    ("biuro@żółw.pl", "biuro@xn--w-uga1v8h.pl"),
    ("BIURO@ŻÓŁW.PL", "biuro@xn--w-uga1v8h.pl"),
    ("biuro@xn--w-uga1v8h.pl", "biuro@xn--w-uga1v8h.pl"),
    ("Łukasz@example.com", "Łukasz@example.com"),  # non-ASCII local part keeps its case
    ("o'brien@example.ie", "o'brien@example.ie"),
    ("user_name-1@sub.example.co.uk", "user_name-1@sub.example.co.uk"),
    ("a@b@example.com", None),
    ('"alice@client.example"@evil.example', None),
    ("no-at-sign", None),
    ("@example.com", None),
    ("jan@", None),
    ("jan@-bad.com", None),
    ("jan@bad-.com", None),
    ("jan@exa mple.com", None),
    ("jan kowalski@example.com", None),
    ("", None),
    (None, None),
    ("x" * 65 + "@example.com", None),
]


@pytest.mark.parametrize("raw, expected", CASES)
def test_canonicalize(raw, expected):
    assert canonicalize(raw) == expected


def test_plus_tags_are_kept_when_the_setting_is_off(app):
    assert canonicalize("jan+x@example.com", strip_plus=False) == "jan+x@example.com"
    app.config["ADDRESS_STRIP_PLUS"] = False
    try:
        assert canonicalize("jan+x@example.com") == "jan+x@example.com"
    finally:
        app.config["ADDRESS_STRIP_PLUS"] = True


@pytest.mark.parametrize("raw, expected", [("Example.COM", "example.com"), ("żółw.pl", "xn--w-uga1v8h.pl"),
                                           ("bad domain.com", None), ("", None)])
def test_canonical_domain(raw, expected):
    assert canonical_domain(raw) == expected


@pytest.mark.parametrize("raw", ["bad", "a@b@c.pl", "jan@", "jan@localhost", " "])
def test_validate_address_refuses_malformed(raw):
    with pytest.raises(AddressError):
        validate_address(raw)


def test_split_addresses():
    assert split_addresses("a@x.pl; b@y.pl,c@z.pl\nd@w.pl  ") == ["a@x.pl", "b@y.pl", "c@z.pl", "d@w.pl"]
