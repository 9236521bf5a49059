"""Parsing IMAP FETCH responses (as imaplib returns them) and BODYSTRUCTURE.

imaplib hands back a FETCH response as a list in which every literal arrives as
the second half of a `(text ending in {n}, literal)` tuple. We tokenize the text
pieces with one regex and splice the literals in, so a literal anywhere (a header
block, an odd file name inside BODYSTRUCTURE) is handled the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(rb'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|(\{\d+\}$)|([^\s()"]+))', re.DOTALL)
_UNESCAPE = re.compile(rb"\\(.)")
NIL = None


class ParseError(ValueError):
    """A response that is not valid IMAP."""


def _tokens(data: list):
    """Yield tokens: b'(' b')' ('str', bytes) ('lit', bytes) ('atom', bytes); b'' between responses."""
    for element in data:
        if isinstance(element, tuple):
            text, literal = element
            yield from _scan(text)
            yield ("lit", literal)
        elif element is not None:
            yield from _scan(element)


def _scan(text: bytes):
    pos, end = 0, len(text)
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            if text[pos:].strip():
                raise ParseError(f"unexpected data near {text[pos:pos + 40]!r}")
            return
        pos = match.end()
        open_, close, quoted, _literal, atom = match.groups()
        if open_:
            yield b"("
        elif close:
            yield b")"
        elif quoted is not None:
            yield ("str", _UNESCAPE.sub(rb"\1", quoted) if b"\\" in quoted else quoted)
        elif atom is not None:
            yield ("atom", atom)
        # a {n} marker is followed by its literal, yielded by _tokens


def _build(tokens) -> list:
    """Nest the token stream into lists; returns the top-level items."""
    stack: list[list] = [[]]
    for token in tokens:
        if token == b"(":
            stack.append([])
        elif token == b")":
            if len(stack) == 1:
                raise ParseError("unbalanced parenthesis")
            finished = stack.pop()
            stack[-1].append(finished)
        else:
            kind, value = token
            stack[-1].append(None if kind == "atom" and value.upper() == b"NIL" else value)
    if len(stack) != 1:
        raise ParseError("unterminated list")
    return stack[0]


def parse_fetch(data: list) -> dict[int, dict[bytes, object]]:
    """{uid: {ITEM: value}} from an imaplib UID FETCH response.

    Item names are upper-cased and keep their section, e.g. b'BODY[HEADER]', b'BODY[1.2]<0>'.
    """
    items = _build(_tokens(data))
    result: dict[int, dict[bytes, object]] = {}
    index = 0
    while index + 1 < len(items):
        attributes = items[index + 1]
        index += 2
        if not isinstance(attributes, list):
            continue
        fields = {}
        for pos in range(0, len(attributes) - 1, 2):
            name = attributes[pos]
            if isinstance(name, bytes):
                fields[name.upper()] = attributes[pos + 1]
        uid = fields.get(b"UID")
        if uid is not None:
            result[int(uid)] = fields
    return result


@dataclass
class Part:
    """One leaf of a message's MIME tree."""

    number: str
    maintype: str
    subtype: str
    params: dict[str, str]
    content_id: str
    encoding: str
    size: int
    disposition: str = ""
    disposition_params: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return f"{self.maintype}/{self.subtype}"

    @property
    def filename(self) -> str:
        return self.disposition_params.get("filename") or self.params.get("name") or ""


@dataclass
class Structure:
    """The leaves of a BODYSTRUCTURE, the charset of the top part, and whether limits cut it short."""

    parts: list[Part] = field(default_factory=list)
    truncated: bool = False
    max_depth: int = 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _params(value) -> dict[str, str]:
    from .mimeparse import collapse_params

    if not isinstance(value, list):
        return {}
    pairs = [(_text(value[i]).lower(), _text(value[i + 1])) for i in range(0, len(value) - 1, 2)]
    return collapse_params(pairs)


def _disposition(value) -> tuple[str, dict[str, str]]:
    if isinstance(value, list) and value:
        return _text(value[0]).lower(), _params(value[1] if len(value) > 1 else None)
    return "", {}


def parse_bodystructure(value, max_parts: int = 1000, max_depth: int = 60) -> Structure:
    """Flatten a parsed BODYSTRUCTURE into its leaf parts with IMAP part numbers."""
    structure = Structure()
    _walk(value, "", 0, structure, max_parts, max_depth)
    return structure


def _walk(node, prefix: str, depth: int, out: Structure, max_parts: int, max_depth: int) -> None:
    if not isinstance(node, list) or not node:
        return
    out.max_depth = max(out.max_depth, depth)
    if depth > max_depth:
        out.truncated = True
        return
    if isinstance(node[0], list):  # multipart: the children come first, then the subtype string
        for index, child in enumerate(_children(node)):
            if len(out.parts) >= max_parts:
                out.truncated = True
                return
            number = f"{prefix}.{index + 1}" if prefix else str(index + 1)
            _walk(child, number, depth + 1, out, max_parts, max_depth)
        return
    out.parts.append(_leaf(node, prefix or "1"))


def _children(node: list):
    for item in node:
        if not isinstance(item, list):
            return
        yield item


def _leaf(node: list, number: str) -> Part:
    maintype, subtype = _text(node[0]).lower(), _text(node[1]).lower()
    size = int(node[6]) if len(node) > 6 and isinstance(node[6], bytes) and node[6].isdigit() else 0
    # Extension data starts after the basic fields (+1 for text/* lines, +3 for message/rfc822).
    extension = 7 + (1 if maintype == "text" else 3 if (maintype, subtype) == ("message", "rfc822") else 0)
    disposition, disposition_params = _disposition(node[extension + 1] if len(node) > extension + 1 else None)
    return Part(number=number, maintype=maintype, subtype=subtype, params=_params(node[2] if len(node) > 2 else None),
                content_id=_text(node[3] if len(node) > 3 else None).strip().strip("<>"),
                encoding=_text(node[5] if len(node) > 5 else None).lower(), size=size,
                disposition=disposition, disposition_params=disposition_params)
