"""Header decoding details the sync relies on (fast paths must agree with the careful ones)."""
import pytest

from webapp.services.imapparse import ParseError, build_response
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


@pytest.mark.parametrize("data, nested", [
    ([b'1 (UID 7 FLAGS (\\Seen) X "a \\"q\\" b" Y NIL Z nil)'],
     [b"1", [b"UID", b"7", b"FLAGS", [b"\\Seen"], b"X", b'a "q" b', b"Y", None, b"Z", None]]),
    # A literal follows its {n}; a {n} anywhere else is only an odd atom.
    ([(b"1 (UID 7 BODY[HEADER.FIELDS (FROM)]<0> {5}", b"From:"), b" K {3} L)"],
     [b"1", [b"UID", b"7", b"BODY[HEADER.FIELDS (FROM)]<0>", b"From:", b"K", b"{3}", b"L"]]),
    ([(b'1 (X "q"{2}', b"ab"), b")"], [b"1", [b"X", b"q", b"ab"]]),
    ([(b"1 (X a{2}", b"ab"), b")"], [b"1", [b"X", b"a{2}", b"ab"]]),
    ([b'(("TEXT" "PLAIN" NIL)("TEXT" "HTML" NIL) "ALTERNATIVE")'],
     [[[b"TEXT", b"PLAIN", None], [b"TEXT", b"HTML", None], b"ALTERNATIVE"]]),
])
def test_imap_responses_nest_into_lists(data, nested):
    assert build_response(data) == nested


@pytest.mark.parametrize("data", [[b"1 (UID 7"], [b"1 UID 7)"]])
def test_unbalanced_imap_responses_are_refused(data):
    with pytest.raises(ParseError):
        build_response(data)
