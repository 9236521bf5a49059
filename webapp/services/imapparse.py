"""Parsing IMAP FETCH responses (as imaplib returns them) and BODYSTRUCTURE.

imaplib hands back a FETCH response as a list in which every literal arrives as
the second half of a `(text ending in {n}, literal)` tuple. We tokenize the text
pieces with one regex and splice the literals in, so a literal anywhere (a header
block, an odd file name inside BODYSTRUCTURE) is handled the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mimeparse import collapse_params

# One token per match: a parenthesis, a quoted string, a literal's {n} marker (at the end of a text
# piece) or an atom. A section name such as BODY[HEADER.FIELDS (FROM TO)]<0> is one atom, spaces and
# parentheses included.
# Quoted strings are written as an unrolled loop ("[^"\\]*(?:\\.[^"\\]*)*"): the regex engine runs
# through plain characters in one step instead of trying an alternation at each one.
_TOKEN = re.compile(rb'[()]|"[^"\\]*(?:\\.[^"\\]*)*"|\{\d+\}$|(?:BODY|BINARY)\[[^\]]*\](?:<\d+>)?|[^\s()"]+',
                    re.DOTALL)
_MARKER = re.compile(rb"\{\d+\}")
_UNESCAPE = re.compile(rb"\\(.)")
_LITERAL = object()


class ParseError(ValueError):
    """A response that is not valid IMAP."""


def _pieces(data: list):
    """The text pieces of an imaplib response, with each literal spliced in after its {n} marker."""
    for element in data:
        if isinstance(element, tuple):
            yield element[0], element[1]
        elif element is not None:
            yield element, _LITERAL


def _is_marker(token: bytes, text: bytes) -> bool:
    """Whether the last token of `text` is a literal's {n} (the regex's marker branch matched it)."""
    return _MARKER.fullmatch(token) is not None and (text.endswith(token) or text.endswith(token + b"\n"))


def build_response(data: list) -> list:
    """Nest an imaplib response into lists; atoms and strings are bytes, NIL is None, literals are bytes."""
    stack: list[list] = [[]]
    top = stack[0]
    for text, literal in _pieces(data):
        # Whole tokens, told apart by their first byte: cheaper than one regex group per kind.
        tokens = _TOKEN.findall(text)
        for token in tokens:
            first = token[0]
            if first == 40:  # (
                top = []
                stack.append(top)
            elif first == 41:  # )
                if len(stack) == 1:
                    raise ParseError("unbalanced parenthesis")
                finished = stack.pop()
                top = stack[-1]
                top.append(finished)
            elif first == 34:  # a quoted string
                body = token[1:-1]
                top.append(_UNESCAPE.sub(rb"\1", body) if b"\\" in body else body)
            elif first == 123 and token is tokens[-1] and _is_marker(token, text):
                pass  # the literal itself follows
            else:
                top.append(None if token == b"NIL" or token.upper() == b"NIL" else token)
        if literal is not _LITERAL:
            top.append(literal)
    if len(stack) != 1:
        raise ParseError("unterminated list")
    return stack[0]


def parse_fetch(data: list) -> dict[int, dict[bytes, object]]:
    """{uid: {ITEM: value}} from an imaplib UID FETCH response.

    Item names are upper-cased and keep their section, e.g. b'BODY[HEADER]', b'BODY[1.2]<0>'.
    """
    items = build_response(data)
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
    if not isinstance(value, list):
        return {}
    pairs = [(_text(value[i]).lower(), _text(value[i + 1])) for i in range(0, len(value) - 1, 2)]
    return collapse_params(pairs)


def _disposition(value) -> tuple[str, dict[str, str]]:
    if isinstance(value, list) and value:
        return _text(value[0]).lower(), _params(value[1] if len(value) > 1 else None)
    return "", {}


def parse_bodystructure(value, max_parts: int = 1000, max_depth: int = 60) -> Structure:
    """Flatten a parsed BODYSTRUCTURE into its leaf parts with IMAP part numbers.

    Messages nested deeper than `max_depth` (multiparts and attached messages alike)
    or with more than `max_parts` leaves are cut there and flagged as truncated.
    """
    structure = Structure()
    _walk(value, "", 0, structure, max_parts, max_depth)
    if _nesting(value) > max_depth:
        structure.truncated = True
    return structure


def _nesting(value) -> int:
    """How deep the lists of a parsed response go (iteratively: a hostile message can nest thousands deep).

    Level by level, one comprehension per level: this runs for every synced message.
    """
    depth, level = 0, [value] if isinstance(value, list) else []
    while level:
        depth += 1
        level = [child for node in level for child in node if isinstance(child, list)]
    return depth


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
