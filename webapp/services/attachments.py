"""Attachments on demand: the MIME part is fetched from IMAP when someone downloads it.

The location comes only from what the sync stored (account, folder, UIDVALIDITY, UID,
part number) for a copy the reader may see. When the UID is gone (deleted, or the
folder was renumbered) the same Message-ID is looked for in the account's synced
folders. The part is streamed in 1 MB slices, decoded as it arrives, so a 50 MB
attachment never sits whole in memory.
"""
from __future__ import annotations

import binascii
import imaplib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from imap_tools.utils import encode_folder

from ..models import Attachment, Message, User
from .accounts import imap_credentials
from .crypto import SecretUnavailable
from .imapparse import parse_fetch
from .mailbox import SyncSession
from .mailerrors import MailError, classify
from .reading import copies_for_download

SLICE = 1024 * 1024
CONNECTION_ERRORS = (OSError, imaplib.IMAP4.abort, EOFError)


class AttachmentGone(Exception):
    """The message was deleted from the mail server; its attachments can no longer be downloaded."""


class ServerUnavailable(Exception):
    """The mail server could not be reached; the attachment may still be there."""

    def __init__(self, error: MailError | None):
        super().__init__(error.message if error else "unavailable")
        self.error = error


class _Base64Decoder:
    def __init__(self):
        self.pending = b""

    def feed(self, data: bytes) -> bytes:
        data = self.pending + re.sub(rb"[^A-Za-z0-9+/=]", b"", data)
        usable = len(data) - len(data) % 4
        self.pending = data[usable:]
        return binascii.a2b_base64(data[:usable]) if usable else b""

    def finish(self) -> bytes:
        tail = self.pending + b"=" * (-len(self.pending) % 4)
        self.pending = b""
        try:
            return binascii.a2b_base64(tail) if tail.strip(b"=") else b""
        except binascii.Error:
            return b""


class _QuotedPrintableDecoder:
    def __init__(self):
        self.pending = b""

    def feed(self, data: bytes) -> bytes:
        data = self.pending + data
        cut = data.rfind(b"\n") + 1
        self.pending = data[cut:]
        return binascii.a2b_qp(data[:cut])

    def finish(self) -> bytes:
        tail, self.pending = self.pending, b""
        return binascii.a2b_qp(tail)


class _Identity:
    def feed(self, data: bytes) -> bytes:
        return data

    def finish(self) -> bytes:
        return b""


def _decoder(encoding: str):
    return {"base64": _Base64Decoder, "quoted-printable": _QuotedPrintableDecoder}.get(encoding, _Identity)()


@dataclass
class PartStream:
    """An open download: iterate it for the decoded bytes; the IMAP session closes at the end."""

    session: SyncSession
    uid: int
    part: str
    first: bytes
    encoding: str

    def __iter__(self) -> Iterator[bytes]:
        decoder = _decoder(self.encoding)
        offset, chunk = len(self.first), self.first
        try:
            while True:
                yield decoder.feed(chunk)
                if len(chunk) < SLICE:
                    break
                chunk = _fetch_slice(self.session, self.uid, self.part, offset)
                offset += len(chunk)
            yield decoder.finish()
        finally:
            self.session.close()


def _fetch_slice(session: SyncSession, uid: int, part: str, offset: int) -> bytes:
    typ, data = session.client.uid("FETCH", str(uid), f"(UID BODY.PEEK[{part}]<{offset}.{SLICE}>)")
    item = parse_fetch(data).get(uid) or {}
    value = item.get(f"BODY[{part}]<{offset}>".encode()) or item.get(f"BODY[{part}]".encode())
    return value if isinstance(value, bytes) else b""


def _uid_present(session: SyncSession, uid: int) -> bool:
    typ, data = session.client.uid("SEARCH", f"UID {uid}")
    return str(uid).encode() in b" ".join(d for d in data if d).split()


def _search_message_id(session: SyncSession, message_id: str) -> int | None:
    if not message_id or re.search(r'[\s"\\]', message_id):
        return None
    typ, data = session.client.uid("SEARCH", "HEADER", "Message-ID", f'"<{message_id}>"')
    found = [int(x) for x in b" ".join(d for d in data if d).split()]
    return found[-1] if found else None


def _locate(session: SyncSession, account, folder, copy, message: Message) -> int | None:
    """The UID of the message in this account now: its stored one, else found by Message-ID."""
    state = session.examine(folder.name)
    if state.uidvalidity == copy.uidvalidity and _uid_present(session, copy.uid):
        return copy.uid
    for candidate in [folder] + [f for f in account.folders if f.id != folder.id]:
        if candidate is not folder:
            session.client.select(encode_folder(candidate.name), readonly=True)
        uid = _search_message_id(session, message.message_id_header)
        if uid is not None:
            return uid
    return None


def open_attachment(user: User, message: Message, attachment: Attachment) -> PartStream:
    """Start downloading a visible message's attachment; AttachmentGone or ServerUnavailable when it cannot."""
    failure: MailError | None = None
    for copy, account, folder in copies_for_download(user, message):
        try:
            credentials = imap_credentials(account)
        except SecretUnavailable:
            continue
        try:
            session = SyncSession(credentials, current_app.config["MAIL_TIMEOUT"] * 2)
        except Exception as error:  # a server that is down is told apart from a deleted message
            failure = classify(error, host=credentials.host, port=credentials.port, protocol="IMAP")
            continue
        try:
            uid = _locate(session, account, folder, copy, message)
            if uid is not None:
                first = _fetch_slice(session, uid, attachment.part, 0)
                return PartStream(session, uid, attachment.part, first, attachment.encoding)
        except CONNECTION_ERRORS as error:
            failure = classify(error, host=credentials.host, port=credentials.port, protocol="IMAP")
        session.close()
    if failure is not None:
        raise ServerUnavailable(failure)
    raise AttachmentGone()
