"""Turning the fetched pieces of a message (header block, BODYSTRUCTURE, text parts) into
the fields Mailtrail stores. Email is hostile: every decoder here replaces what it
cannot read and every field has a bound, so no message can fail an insert.
"""
from __future__ import annotations

import binascii
import codecs
import hashlib
import html
import re
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote

LIMITS = {
    "header_bytes": 256 * 1024,      # header block fetched per message
    "text_bytes": 1024 * 1024,       # text/plain part fetched
    "html_bytes": 2 * 1024 * 1024,   # text/html part fetched
    "parts": 1000,                   # MIME leaves recorded
    "depth": 60,                     # multipart nesting followed
    "addresses": 1000,               # addresses kept per header field
    "subject": 2000,                 # characters
    "name": 300,
    "address": 320,
    "message_id": 998,
}
WANTED_HEADERS = {"subject", "from", "to", "cc", "reply-to", "date", "message-id", "in-reply-to", "references",
                  "content-type"}
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?")
_MSGID = re.compile(r"<([^<>\s]{1,900})>")
_WS = re.compile(r"\s+")


def decode_bytes(data: bytes, charset: str | None, fallback: str = "utf-8") -> str:
    """Bytes in a declared charset to text, never failing (unknown charsets and bad bytes are replaced)."""
    for name in (charset, fallback):
        if not name:
            continue
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return data.decode(name, errors="replace").replace("\x00", "")
    return data.decode("utf-8", errors="replace").replace("\x00", "")


def _header_text(raw: bytes, charset: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Raw 8-bit headers: most often in the message's own charset (Polish mail: ISO-8859-2).
        return decode_bytes(raw, charset, "cp1252")


# One regex pass picks the wanted fields with their folded continuation lines out of the
# header block; the other header lines (Received: and friends, most of the block) are skipped in C.
_FIELD = re.compile(r"^(subject|from|to|cc|reply-to|date|message-id|in-reply-to|references|content-type)"
                    r"[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_FOLD = re.compile(r"\r?\n[ \t]+")


def split_headers(raw: bytes, charset: str | None = None) -> dict[str, list[str]]:
    """The wanted header fields, unfolded, in order of appearance (names lower-cased)."""
    fields: dict[str, list[str]] = {}
    text = _header_text(raw, charset)
    if "\x00" in text:
        text = text.replace("\x00", "")
    for match in _FIELD.finditer(text):
        value = match.group(2)
        if "\n" in value:
            value = _FOLD.sub(" ", value)
        fields.setdefault(match.group(1).lower(), []).append(value.strip())
    return fields


_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(=\?)")
_Q_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
_Q_ODD = re.compile(r"=(?![0-9A-Fa-f]{2})")


def _decode_word(match: re.Match) -> str:
    charset, kind, payload = match.group(1).split("*", 1)[0], match.group(2), match.group(3)
    if kind in "bB":
        data = binascii.a2b_base64(payload + "=" * (-len(payload) % 4))
    elif _Q_ODD.search(payload) is None:
        # Well-formed Q encoding is quoted-printable with "_" for space: decoded in C.
        data = binascii.a2b_qp(payload.encode("ascii"), header=True)
    else:  # a stray "=" stays as written (a2b_qp would drop or merge it)
        data = _Q_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), payload.replace("_", " ").encode("ascii"))
    return decode_bytes(data, charset, "utf-8")


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words; anything undecodable stays as written.

    Written out here (not email.header) because it runs for most subjects and names of
    every synced message; whitespace between adjacent encoded words is dropped, as the
    RFC says.
    """
    if "=?" not in value:
        return value
    try:
        return _WORD.sub(_decode_word, _BETWEEN_WORDS.sub(r"\1\2", value))
    except (ValueError, LookupError, UnicodeError, binascii.Error):
        try:
            return str(make_header(decode_header(value)))
        except (ValueError, LookupError, UnicodeError, binascii.Error, AssertionError):
            return value


_SIMPLE_ADDRESS = re.compile(
    r'\s*(?:(?:"([^"\\]*(?:\\.[^"\\]*)*)"|([^"<>,;()\\:]*?))\s*<([^<>\s"(),;:\\]+)>|([^<>\s"(),;:\\]+))\s*')
_ITEMS = re.compile(r'(?:"[^"\\]*(?:\\.[^"\\]*)*"|[^,"]+)+')  # quoted strings unrolled, as in imapparse


def _simple_addresses(value: str) -> list[tuple[str, str]] | None:
    """The common shapes ('a@b', 'Name <a@b>', '"Last, First" <a@b>', comma lists) without the
    email package, which is slow; None for anything else (comments, groups, odd quoting)."""
    if "(" in value or ";" in value or "\\" in value:
        return None
    pairs = []
    for item in _ITEMS.findall(value):
        if not item.strip():
            continue
        match = _SIMPLE_ADDRESS.fullmatch(item)
        if match is None:
            return None
        quoted, plain, bracketed, bare = match.groups()
        pairs.append(((quoted if quoted is not None else plain or "").strip(), bracketed or bare))
    return pairs


def parse_addresses(values: list[str], limit: int | None = None) -> tuple[list[tuple[str, str]], bool]:
    """[(name, address)] from header values, and whether the limit cut the list."""
    limit = limit or LIMITS["addresses"]
    pairs = []
    for value in values:
        simple = _simple_addresses(value)
        if simple is None:
            try:
                simple = getaddresses([value])
            except (ValueError, IndexError, TypeError):
                simple = []
        pairs += simple
    result = []
    name_limit, address_limit = LIMITS["name"], LIMITS["address"]
    for name, address in pairs:
        if not address and not name:
            continue
        if "=?" in name:
            name = decode_words(name)
        result.append((name.strip()[:name_limit], address.strip()[:address_limit]))
        if len(result) >= limit:
            return result, True
    return result, False


def parse_date(values: list[str]) -> datetime | None:
    """The Date header as an aware UTC datetime, or None when missing or absurd."""
    for value in values:
        try:
            date = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if date is None:
            continue
        if date.tzinfo is None:
            date = date.replace(tzinfo=timezone.utc)
        if 1980 <= date.year <= datetime.now(timezone.utc).year + 1:
            return date.astimezone(timezone.utc)
    return None


def message_ids(value: str) -> list[str]:
    """Message-IDs in a header value (References, In-Reply-To), without angle brackets."""
    return _MSGID.findall(value or "")


def first_message_id(values: list[str]) -> str:
    """The Message-ID header's id (tolerating a missing pair of brackets)."""
    for value in values:
        found = message_ids(value)
        if found:
            return found[0]
        bare = value.strip().strip("<>").strip()
        if bare and " " not in bare:
            return bare[:900]
    return ""


def message_key(message_id: str, fields: dict[str, list[str]], body_signature: str = "") -> str:
    """The identity a message is stored under: its Message-ID, or a stable hash of what identifies it.

    Without a Message-ID the hash covers Date, From, To, Cc, Subject and the shape and size of
    the body parts: the same in every mailbox that holds the message (transit adds headers,
    never body bytes), different for two headerless messages with different bodies.
    """
    if message_id:
        return message_id if len(message_id) <= 200 else "long:" + hashlib.sha256(message_id.encode()).hexdigest()
    basis = "\n".join(" ".join(fields.get(name, [])) for name in ("date", "from", "to", "cc", "subject"))
    basis += "\n" + body_signature
    return "synthetic:" + hashlib.sha256(basis.encode("utf-8", errors="replace")).hexdigest()


def collapse_params(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """MIME parameters with RFC 2231 continuations and charsets, and RFC 2047 words, decoded."""
    plain: dict[str, str] = {}
    extended: dict[str, list[tuple[int, bool, str]]] = {}
    for key, value in pairs:
        if "*" not in key:
            plain[key] = decode_words(value)
            continue
        name, _, rest = key.partition("*")
        encoded = key.endswith("*")
        order = rest.rstrip("*")
        extended.setdefault(name, []).append((int(order) if order.isdigit() else 0, encoded, value))
    for name, pieces in extended.items():
        plain[name] = _rfc2231(sorted(pieces))
    return plain


def _rfc2231(pieces: list[tuple[int, bool, str]]) -> str:
    charset, raw = "utf-8", b""
    for index, (_, encoded, value) in enumerate(pieces):
        if encoded and index == 0 and value.count("'") >= 2:
            charset, _, value = value.split("'", 2)
        raw += unquote(value, encoding="latin-1").encode("latin-1") if encoded else value.encode("utf-8", "replace")
    return decode_bytes(raw, charset or "utf-8")


def decode_transfer(data: bytes, encoding: str) -> bytes:
    """Undo base64 / quoted-printable; tolerate garbage and truncation."""
    if encoding == "base64":
        try:
            return binascii.a2b_base64(data)  # skips line breaks and other non-alphabet bytes itself
        except binascii.Error:
            # Truncated (a partial fetch) or damaged: keep the whole 4-character groups.
            cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
            cleaned = cleaned[: len(cleaned) - len(cleaned) % 4]
            try:
                return binascii.a2b_base64(cleaned)
            except binascii.Error:
                return b""
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    return data


_SCRIPT_STYLE = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h\d|/table|/blockquote|p|div|tr|li|h\d|blockquote)\b[^>]*>",
                    re.IGNORECASE)
_CELL = re.compile(r"<\s*/?\s*(td|th)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    """The readable text of an HTML body (for search and snippets; display uses the sanitizer)."""
    text = _COMMENT.sub(" ", _SCRIPT_STYLE.sub(" ", markup))
    # Inline tags vanish without a trace (so "<b>oferta</b>." stays "oferta."); blocks and cells break.
    text = _TAG.sub("", _CELL.sub(" ", _BLOCK.sub("\n", text)))
    text = html.unescape(text)
    return _NEWLINES.sub("\n\n", _BLANKS.sub(" ", text)).strip()


def snippet(text: str, length: int = 200) -> str:
    """The first meaningful words of a body: quoted lines and signatures' dashes skipped."""
    # Most bodies give their words in the first few lines: split only the start of a long body
    # (its last, possibly cut line left out), and the whole only when the start was not enough.
    if len(text) > _SNIPPET_WINDOW:
        found = _snippet_lines(text[:_SNIPPET_WINDOW].splitlines()[:-1], length)
        if found is not None:
            return found
    return _snippet_lines(text.splitlines(), length, complete=True)


_SNIPPET_WINDOW = 4096


def _snippet_lines(lines: list[str], length: int, complete: bool = False) -> str | None:
    """The snippet from these lines, or None when they ran out before it was decided (and are not all)."""
    kept, total = [], 0
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(">"):
            continue
        if stripped in ("--", "-- "):
            break
        kept.append(stripped)
        total += len(stripped)
        if total > length:
            break
    else:
        if not complete:
            return None
    joined = " ".join(kept)
    # Collapsing the spaces of a prefix gives a prefix of the collapsed whole: usually enough.
    text = _WS.sub(" ", joined[:length * 4])
    if len(text) < length < len(joined):
        text = _WS.sub(" ", joined)
    return text[:length]
