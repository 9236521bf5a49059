"""A message as the sync sees it: built from its header block and BODYSTRUCTURE, then its text parts."""
from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime

from . import search_index
from .addresses import canonicalize, domain_of
from .addresses import strip_plus_default as strip_plus_tags
from .imapparse import Part, Structure
from .mimeparse import (LIMITS, decode_bytes, decode_transfer, decode_words, first_message_id, html_to_text,
                        message_ids, message_key, parse_addresses, parse_date, snippet, split_headers)

ADDRESS_ROLES = (("from", "from"), ("to", "to"), ("cc", "cc"), ("reply-to", "reply_to"))


@dataclass
class ParsedMessage:
    """Everything stored about one message, before it has a database id."""

    uid: int
    key: str
    message_id_header: str
    subject: str
    date: datetime
    in_reply_to: str
    references: str
    thread_key: str
    addresses: list[tuple[str, str, str, str | None, str | None]]  # role, name, address, canonical, domain
    size: int
    truncated: bool
    attachments: list[dict] = field(default_factory=list)
    text_part: Part | None = None
    html_part: Part | None = None
    body_text: str = ""
    body_html: str = ""

    @property
    def sender(self) -> tuple[str, str]:
        return next(((name, address) for role, name, address, *_ in self.addresses if role == "from"), ("", ""))

    # Cached, and computed by `finish` where the message was fetched: in a fetching
    # child process that work (regular expressions over every HTML body, folding for
    # the index) stays off the process that writes to the database, the one process
    # a sync cannot spread over several cores, and travels with the pickled message.
    @cached_property
    def search_body(self) -> str:
        return self.body_text or html_to_text(self.body_html)

    @cached_property
    def snippet(self) -> str:
        return snippet(self.search_body)

    @cached_property
    def index_document(self) -> tuple[str, str, str, str]:
        """The message's text for the search index, folded (search_index.document)."""
        return search_index.document(self.subject, search_index.people_text(self.addresses),
                                     search_index.attachments_text(a["filename"] for a in self.attachments),
                                     self.search_body)

    def finish(self) -> None:
        """Derive the snippet and the indexed text now (the bodies are final), and let go of what
        only fetching needed (less to pickle to the writing process)."""
        for name in ("search_body", "snippet", "index_document"):
            self.__dict__.pop(name, None)
        _ = self.snippet, self.index_document
        del self.__dict__["search_body"]
        self.text_part = self.html_part = None

    def wanted_parts(self) -> tuple[str, ...]:
        return tuple(p.number for p in (self.text_part, self.html_part) if p is not None)


def _address_rows(fields: dict[str, list[str]]) -> tuple[list, bool]:
    rows, truncated = [], False
    strip_plus = strip_plus_tags()
    for header, role in ADDRESS_ROLES:
        values = fields.get(header)
        if not values:
            continue
        pairs, cut = parse_addresses(values)
        truncated |= cut
        for name, address in pairs:
            canonical = canonicalize(address, strip_plus)
            rows.append((role, name, address, canonical, domain_of(canonical) if canonical else None))
    return rows, truncated


def parse_head(uid: int, header: bytes, structure: Structure, size: int,
               arrival: Callable[[], datetime]) -> ParsedMessage:
    """The message's fields from its header block; bodies are filled in later by `apply_body`.

    `arrival` gives the server's arrival date, the date of a message whose Date header is unusable.
    """
    charset = structure.parts[0].params.get("charset") if structure.parts else None
    fields = split_headers(header, charset)
    message_id = first_message_id(fields.get("message-id", []))
    references = " ".join(fields.get("references", []))[:20000]
    in_reply_to = (message_ids(" ".join(fields.get("in-reply-to", []))) or [""])[0]
    # The body's shape only matters for the synthetic key of a message without a Message-ID.
    signature = "" if message_id else ";".join(f"{p.number}:{p.content_type}:{p.encoding}:{p.size}"
                                               for p in structure.parts)
    key = message_key(message_id, fields, signature)
    refs = message_ids(references)
    addresses, cut = _address_rows(fields)
    parsed = ParsedMessage(
        uid=uid, key=key, message_id_header=message_id,
        subject=decode_words(" ".join(fields.get("subject", [])[:1]))[:LIMITS["subject"]].replace("\x00", ""),
        date=parse_date(fields.get("date", [])) or arrival(),
        in_reply_to=in_reply_to, references=references,
        thread_key=(refs[0] if refs else in_reply_to or message_id or key)[:255],
        addresses=addresses, size=size,
        truncated=cut or structure.truncated or len(header) >= LIMITS["header_bytes"])
    choose_parts(parsed, structure.parts)
    return parsed


def _is_body_candidate(part: Part) -> bool:
    return (part.maintype == "text" and part.subtype in ("plain", "html")
            and part.disposition != "attachment" and not part.filename)


def choose_parts(parsed: ParsedMessage, parts: list[Part]) -> None:
    """Pick the first text/plain and text/html body parts; every other leaf is an attachment."""
    for part in parts:
        if _is_body_candidate(part):
            if part.subtype == "plain" and parsed.text_part is None:
                parsed.text_part = part
                continue
            if part.subtype == "html" and parsed.html_part is None:
                parsed.html_part = part
                continue
        parsed.attachments.append(_attachment(part))


def _attachment(part: Part) -> dict:
    filename = part.filename.replace("\x00", "").strip()[:500]
    if not filename:
        extension = ".eml" if part.content_type == "message/rfc822" else (
            mimetypes.guess_extension(part.content_type) or ".bin")
        filename = f"part-{part.number}{extension}"
    # Base64 is usually wrapped at 76 characters + CRLF: 57 bytes of data per 78 on the wire.
    size = part.size * 57 // 78 if part.encoding == "base64" else part.size
    return {"part": part.number[:100], "filename": filename, "content_type": part.content_type[:200],
            "size": size, "content_id": part.content_id[:300], "encoding": part.encoding[:30],
            "is_inline": part.disposition == "inline" or (bool(part.content_id) and part.disposition != "attachment")}


def part_limit(part: Part) -> int:
    """How many bytes of a body part the sync fetches."""
    return LIMITS["html_bytes"] if part.subtype == "html" else LIMITS["text_bytes"]


def apply_body(parsed: ParsedMessage, part: Part, data: bytes) -> None:
    """Decode a fetched body part into the message's text or HTML body."""
    limit = part_limit(part)
    if part.size > limit:
        parsed.truncated = True
    text = decode_bytes(decode_transfer(data, part.encoding), part.params.get("charset"), "utf-8")
    if part is parsed.text_part:
        parsed.body_text = text
    else:
        parsed.body_html = text
