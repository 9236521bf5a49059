"""The IMAP side of a sync: a read-only session that lists folders and fetches in chunks.

The session refuses, before anything reaches the server, every command that could
change the mailbox (STORE, COPY, MOVE, EXPUNGE, APPEND, SELECT…) and every FETCH
that is not a PEEK: Mailtrail never changes a flag, moves or deletes anything.
"""
from __future__ import annotations

import imaplib
import re
import types
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from imap_tools import imap_utf7
from imap_tools.utils import encode_folder

from .connection_test import ServerSettings, imap_login
from .imapfetch import uid_fetch
from .imapparse import build_response, parse_fetch
from .mailconn import open_imap
from .mimeparse import LIMITS

ALLOWED_COMMANDS = {"CAPABILITY", "LOGIN", "AUTHENTICATE", "LIST", "EXAMINE", "STATUS", "UID", "LOGOUT", "NOOP",
                    "STARTTLS", "ID"}
ALLOWED_UID_COMMANDS = {"SEARCH", "FETCH"}
_UNPEEKED_BODY = re.compile(r"BODY\[|RFC822(?![.](SIZE|HEADER))", re.IGNORECASE)
SENT_NAMES = {"sent", "sent items", "sent messages", "sent mail", "sent-mail", "wysłane", "elementy wysłane",
              "wysłane elementy", "poczta wysłana", "wiadomości wysłane", "gesendet", "gesendete elemente",
              "envoyés", "éléments envoyés", "enviados", "inviata", "posta inviata", "verzonden"}


HEADER_FIELDS = "HEADER.FIELDS (FROM TO CC REPLY-TO SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE)"
HEADER_KEY = f"BODY[{HEADER_FIELDS}]<0>".encode()


class ReadOnlyViolation(RuntimeError):
    """Code tried to send a command that could change the mailbox."""


def check_command(name: str, args: tuple) -> None:
    """Refuse a command that could change the mailbox, or a FETCH that is not a PEEK."""
    upper = name.upper()
    if upper not in ALLOWED_COMMANDS:
        raise ReadOnlyViolation(f"IMAP command {name} is not allowed during sync")
    if upper == "UID":
        sub = str(args[0]).upper() if args else ""
        if sub not in ALLOWED_UID_COMMANDS:
            raise ReadOnlyViolation(f"UID {sub} is not allowed during sync")
        items = " ".join(a.decode() if isinstance(a, bytes) else str(a) for a in args[2:])
        if sub == "FETCH" and _UNPEEKED_BODY.search(items.replace("BODY.PEEK[", "")):
            raise ReadOnlyViolation("FETCH without PEEK would mark mail as read")


def _guard(client: imaplib.IMAP4) -> None:
    original = client._command

    def checked(self, name, *args):
        check_command(name, args)
        return original(name, *args)

    # A bound method, not a plain function: imaplib tells AUTHENTICATE's callable literal
    # apart by comparing its type with type(self._command).
    client._command = types.MethodType(checked, client)


@dataclass
class FolderInfo:
    """A folder on the server: its decoded name and its flags (SPECIAL-USE included)."""

    name: str
    flags: tuple[str, ...]
    delimiter: str


@dataclass
class FolderState:
    """What EXAMINE/STATUS tell about a folder."""

    uidvalidity: int
    uidnext: int
    messages: int


def uid_set(uids: list[int]) -> str:
    """A compact IMAP UID set: '1:5,9,12:14'."""
    ranges, start, prev = [], None, None
    for uid in sorted(uids):
        if start is None:
            start = prev = uid
        elif uid == prev + 1:
            prev = uid
        else:
            ranges.append(f"{start}:{prev}" if start != prev else str(start))
            start = prev = uid
    if start is not None:
        ranges.append(f"{start}:{prev}" if start != prev else str(start))
    return ",".join(ranges)


_MONTHS = {m: i + 1 for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                            "Nov", "Dec"))}


def parse_internaldate(value) -> datetime | None:
    """INTERNALDATE ('17-Jul-1996 02:44:25 -0700') as aware UTC."""
    try:
        text = value.decode() if isinstance(value, bytes) else str(value)
        day_part, clock, zone = text.split()
        day, month, year = day_part.split("-")
        hour, minute, second = (int(x) for x in clock.split(":"))
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        local = datetime(int(year), _MONTHS[month.title()], int(day), hour, minute, second, tzinfo=timezone.utc)
        return local - offset
    except (ValueError, AttributeError, KeyError, IndexError):
        return None


class SyncSession:
    """One logged-in, read-only IMAP connection used by a sync run."""

    def __init__(self, settings: ServerSettings, timeout: float, counter: list | None = None):
        self.counter = counter if counter is not None else [0]
        self.client = open_imap(settings.host, settings.port, settings.security, timeout, counter=self.counter)
        _guard(self.client)
        try:
            imap_login(self.client, settings.login, settings.password)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            self.client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
        finally:
            try:
                self.client.shutdown()
            except OSError:
                pass

    def folders(self) -> list[FolderInfo]:
        typ, data = self.client.list('""', "*")
        result = []
        for entry in data or []:
            if entry is None:
                continue
            items = build_response([entry])
            if len(items) < 3 or not isinstance(items[0], list):
                continue
            flags = tuple(f.decode(errors="replace") for f in items[0] if isinstance(f, bytes))
            raw_name = items[2] if isinstance(items[2], bytes) else b""
            delimiter = items[1].decode(errors="replace") if isinstance(items[1], bytes) else ""
            result.append(FolderInfo(imap_utf7.utf7_decode(raw_name), flags, delimiter))
        return result

    def examine(self, name: str) -> FolderState:
        typ, data = self.client.select(encode_folder(name), readonly=True)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {name}: {data}")
        untagged = self.client.untagged_responses
        return FolderState(int(untagged.get("UIDVALIDITY", [b"0"])[-1]), int(untagged.get("UIDNEXT", [b"0"])[-1]),
                           int(data[0] or 0))

    def status(self, name: str) -> FolderState:
        typ, data = self.client.status(encode_folder(name), "(UIDVALIDITY UIDNEXT MESSAGES)")
        values = build_response(data)
        pairs = next((v for v in values if isinstance(v, list)), [])
        found = {pairs[i].upper(): int(pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)}
        return FolderState(found.get(b"UIDVALIDITY", 0), found.get(b"UIDNEXT", 0), found.get(b"MESSAGES", 0))

    def search_uids(self, min_uid: int = 1, since: date | None = None) -> list[int]:
        criteria = [f"UID {max(min_uid, 1)}:*"]
        if since is not None:
            criteria.append("SINCE " + since.strftime("%d-%b-%Y"))
        typ, data = self.client.uid("SEARCH", *criteria)
        uids = [int(x) for x in b" ".join(d for d in data if d).split()]
        # `n:*` always matches the last message, even when its UID is below n.
        return sorted(u for u in uids if u >= min_uid)

    def fetch_heads(self, uids: list[int]) -> dict[int, dict]:
        """Size, arrival date, BODYSTRUCTURE and only the header fields Mailtrail stores (not Received…)."""
        items = f"(UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE BODY.PEEK[{HEADER_FIELDS}]<0.{LIMITS['header_bytes']}>)"
        return parse_fetch(self._uid_fetch(uids, items))

    def fetch_parts(self, uids: list[int], parts: dict[str, int]) -> dict[int, dict]:
        """Fetch the same parts (number → byte limit) of several messages, with PEEK."""
        items = " ".join(f"BODY.PEEK[{number}]<0.{limit}>" for number, limit in parts.items())
        return parse_fetch(self._uid_fetch(uids, f"(UID {items})"))

    def _uid_fetch(self, uids: list[int], items: str) -> list:
        """UID FETCH through the read-only check, its response read by `imapfetch` (as imaplib returns it)."""
        arguments = ("FETCH", uid_set(uids), items)
        check_command("UID", arguments)
        return uid_fetch(self.client, *arguments[1:])


def find_sent_folder(folders: list[FolderInfo]) -> FolderInfo | None:
    """The Sent folder: by SPECIAL-USE \\Sent, else by a known name (any language we meet)."""
    flagged = next((f for f in folders if "\\Sent" in f.flags), None)
    if flagged:
        return flagged
    for folder in folders:
        last = folder.name.rsplit(folder.delimiter, 1)[-1] if folder.delimiter else folder.name
        if last.strip().lower() in SENT_NAMES or folder.name.lower() in SENT_NAMES:
            return folder
    return None
