"""Header decoding details the sync relies on (fast paths must agree with the careful ones)."""
import pytest

from webapp.services.mimeparse import decode_words, snippet


@pytest.mark.parametrize("raw, decoded", [
    ("=?UTF-8?Q?Zaproszenie_na_spotkanie_=C5=BC=C3=B3=C5=82w?=", "Zaproszenie na spotkanie żółw"),
    ("=?utf-8?q?=c5=81=c3=b3d=c5=ba?=", "Łódź"),  # lower-case hex
    ("=?iso-8859-2?Q?=B1=E6=EA=B3=F1=F3=B6=BC=BF?=", "ąćęłńóśźż"),
    ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),  # the space between encoded words goes
    ("=?utf-8?Q?50=25_taniej=?=", "50% taniej="),  # a stray '=' stays as written
    ("=?utf-8?Q?x=ZZy?=", "x=ZZy"),
    ("=?utf-8?B?xbzDs8WCdw==?=", "żółw"),
    ("plain subject", "plain subject"),
])
def test_encoded_words(raw, decoded):
    assert decode_words(raw) == decoded


def test_snippets_of_long_bodies_skip_quotes_and_stop_at_the_signature():
    body = "> quoted\n" * 2000 + "Dzień dobry,\n\n   proszę   o ofertę.\n-- \nJan"
    assert snippet(body) == "Dzień dobry, proszę o ofertę."
    long_line = "słowo " * 2000
    assert snippet("\n" + long_line) == long_line[:200].replace("  ", " ")[:200]
