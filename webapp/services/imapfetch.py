"""Reading a UID FETCH response straight off the connection.

imaplib reads a response line by line and matches several regular expressions
against each, files it under its untagged type, then hands it back: for a sync's
bulk fetches that bookkeeping cost about a fifth of a fetching process's CPU. Here
the lines and literals of one FETCH are read in a plain loop, and returned in the
shape imaplib returns (a `(text, literal)` tuple per literal, bytes for other
lines), so `imapparse.parse_fetch` reads either.
"""
from __future__ import annotations

import imaplib

MAX_LINE = 1_000_000  # as imaplib: a longer line is not IMAP we are willing to read


def uid_fetch(client: imaplib.IMAP4, uid_set: str, items: str) -> list:
    """Send `UID FETCH uid_set items` on a selected imaplib connection; the untagged FETCH data.

    As with imaplib: a BAD answer raises `imaplib.IMAP4.error`, a NO returns what did
    come, and a connection that ends or sends something unreadable raises `imaplib.IMAP4.abort`.
    """
    if client.state != "SELECTED":
        raise imaplib.IMAP4.error(f"UID FETCH in state {client.state}")
    tag = client._new_tag()
    client.tagged_commands.pop(tag, None)  # we read its completion ourselves
    client.send(b"%s UID FETCH %s %s\r\n" % (tag, uid_set.encode("ascii"), items.encode("ascii")))
    return read_fetch(client.file, tag)


def read_fetch(file, tag: bytes) -> list:
    """Read responses up to the tagged completion of `tag`; the FETCH responses, imaplib-shaped."""
    data: list = []
    done = tag + b" "
    while True:
        line = _line(file)
        if line.startswith(done):
            status = line[len(done):].strip()
            if status[:3].upper() == b"BAD":
                raise imaplib.IMAP4.error(f"UID FETCH command error: {status.decode('utf-8', 'replace')}")
            # OK, or NO with what the server could read (the rest is missing and recorded so): as imaplib.
            return data
        pieces = []
        while line.endswith(b"}\r\n"):
            start = line.rfind(b"{")
            size = line[start + 1:-3]
            if start < 0 or not size.isdigit():
                break
            literal = file.read(int(size))
            if len(literal) != int(size):
                raise imaplib.IMAP4.abort("socket error: EOF in a literal")
            pieces.append((line[:-2], literal))
            line = _line(file)
        pieces.append(line[:-2])
        # Anything but FETCH (EXISTS, EXPUNGE, OK [ALERT] …) says nothing about the messages asked for.
        data += _fetch_pieces(pieces)


def _line(file) -> bytes:
    line = file.readline(MAX_LINE + 1)
    if not line:
        raise imaplib.IMAP4.abort("socket error: EOF")
    if not line.endswith(b"\r\n"):
        if len(line) > MAX_LINE:
            raise imaplib.IMAP4.abort(f"got more than {MAX_LINE} bytes in a line")
        raise imaplib.IMAP4.abort(f"socket error: unterminated line: {line[:100]!r}")
    return line


def _fetch_pieces(pieces: list) -> list:
    """A FETCH response as imaplib returns it ('* 12 FETCH (UID 5 …' → b'12 (UID 5 …'); [] for any other."""
    first = pieces[0]
    text = first[0] if isinstance(first, tuple) else first
    number, _, rest = text[2:].partition(b" ")
    if not (text.startswith(b"* ") and number.isdigit() and rest[:5].upper() == b"FETCH"):
        return []
    text = number + b" " + rest[5:].lstrip()
    pieces[0] = (text, first[1]) if isinstance(first, tuple) else text
    return pieces
