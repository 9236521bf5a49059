"""The sync's own UID FETCH reader: what imaplib returns, from a real Dovecot and from odd servers."""
import imaplib
import io

import pytest

from tests.fixtures.messages import make_message
from webapp.services.accounts import imap_credentials
from webapp.services.imapfetch import MAX_LINE, read_fetch
from webapp.services.imapparse import parse_fetch
from webapp.services.mailbox import HEADER_FIELDS, ReadOnlyViolation, SyncSession

TAG = b"ABCD7"


def test_it_returns_what_imaplib_returns_from_dovecot(mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append_many(account.login, [
        make_message(subject="Zażółć gęślą jaźń", text="Dzień dobry\r\n" * 50, html="<p>Cześć</p>"),
        make_message(subject="with a file", attachments=[("cennik 2026.pdf", "application/pdf", b"%PDF" * 500)]),
        make_message(subject="plain"),
    ])
    session = SyncSession(imap_credentials(account), 5)
    try:
        session.examine("INBOX")
        for items in (f"(UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE BODY.PEEK[{HEADER_FIELDS}]<0.262144>)",
                      "(UID BODY.PEEK[1]<0.1048576> BODY.PEEK[2]<0.2097152>)"):
            typ, expected = session.client.uid("FETCH", "1:3", items)
            ours = session._uid_fetch([1, 2, 3], items)
            assert typ == "OK" and ours == expected
            assert sorted(parse_fetch(ours)) == [1, 2, 3]
        # The connection is still in step: the next command gets its own answer.
        assert session.search_uids() == [1, 2, 3]
    finally:
        session.close()


def test_the_read_only_rules_hold_for_it(mail_server, make_user, make_account):
    account = make_account(make_user())
    mail_server.append(account.login, make_message())
    session = SyncSession(imap_credentials(account), 5)
    try:
        session.examine("INBOX")
        for items in ("(BODY[])", "(RFC822)", "(UID BODY[1])"):
            with pytest.raises(ReadOnlyViolation):
                session._uid_fetch([1], items)
        assert session._uid_fetch([1], "(UID BODY.PEEK[1])")
    finally:
        session.close()


def _read(*lines: bytes) -> list:
    return read_fetch(io.BufferedReader(io.BytesIO(b"".join(lines))), TAG)


def test_literals_anywhere_and_other_untagged_lines():
    data = _read(b"* 3 EXISTS\r\n",
                 b"* 1 FETCH (UID 7 BODY[1] {5}\r\n", b"hello", b" BODY[2] {3}\r\n", b"a\r\n", b")\r\n",
                 b"* OK [ALERT] {2}\r\n", b"xy", b"\r\n",
                 b"* 2 FETCH (UID 8 RFC822.SIZE 10)\r\n",
                 TAG + b" OK done\r\n")
    assert data == [(b"1 (UID 7 BODY[1] {5}", b"hello"), (b" BODY[2] {3}", b"a\r\n"), b")",
                    b"2 (UID 8 RFC822.SIZE 10)"]
    fields = parse_fetch(data)
    assert fields[7][b"BODY[2]"] == b"a\r\n" and fields[8][b"RFC822.SIZE"] == b"10"


def test_no_keeps_what_came_and_bad_is_an_error():
    assert _read(b"* 1 FETCH (UID 7 RFC822.SIZE 1)\r\n", TAG + b" NO some messages could not be read\r\n") == \
        [b"1 (UID 7 RFC822.SIZE 1)"]
    with pytest.raises(imaplib.IMAP4.error) as refused:
        _read(TAG + b" BAD syntax\r\n")
    assert not isinstance(refused.value, imaplib.IMAP4.abort)


@pytest.mark.parametrize("stream", [
    b"* 1 FETCH (UID 7 BODY[1] {50}\r\nonly part of it",  # the connection ends inside a literal
    b"* 1 FETCH (UID 7 RFC822.SIZE 1)\r\n",  # ... before the completion
    b"* 1 FETCH (UID 7 RFC822.SIZE 1)",  # ... inside a line
    b"* 1 FETCH (UID 7 X " + b"x" * (MAX_LINE + 10) + b")\r\n" + TAG + b" OK\r\n",  # a line without end
])
def test_a_broken_stream_is_an_abort(stream):
    with pytest.raises(imaplib.IMAP4.abort):
        _read(stream)
