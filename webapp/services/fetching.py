"""The IMAP half of a folder sync: fetch and parse batches, ahead of the database half.

`prefetched` runs the fetching in a background thread that stays a batch or two ahead:
while the worker's main thread writes batch N, this thread is already waiting on the
server for batch N+1 and parsing it. Network waits and SQLite's own work release the
GIL, so the sync uses both cores. The thread has its own app context (its own
database session) for the one read it makes: which messages are stored already.
"""
from __future__ import annotations

import imaplib
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import current_app

from ..extensions import db
from ..models.types import utcnow
from .imapparse import parse_bodystructure
from .mailbox import HEADER_KEY, SyncSession, parse_internaldate
from .mimeparse import LIMITS
from .parsed import ParsedMessage, apply_body, parse_head, part_limit
from .storing import existing_keys

VANISHED = "deleted from the server before it could be read"
_DONE = object()


@dataclass
class FetchedBatch:
    """One batch of UIDs: the messages parsed from it, and the UIDs that became outcomes."""

    uids: list[int]
    parsed: list[ParsedMessage] = field(default_factory=list)
    outcomes: list[tuple[int, str, str]] = field(default_factory=list)
    bytes_read: int = 0


def build(uid: int, item: dict) -> ParsedMessage:
    """A ParsedMessage from one FETCH response item (headers and BODYSTRUCTURE)."""
    structure = parse_bodystructure(item.get(b"BODYSTRUCTURE"), LIMITS["parts"], LIMITS["depth"])
    header = _header_item(item)
    size = int(item.get(b"RFC822.SIZE") or 0)
    arrived = item.get(b"INTERNALDATE")
    # The arrival date only matters for a message whose Date header is missing or absurd.
    return parse_head(uid, header if isinstance(header, bytes) else b"", structure, size,
                      lambda: parse_internaldate(arrived) or utcnow())


def _header_item(item: dict) -> bytes:
    # Servers echo the section name as they please (case, spacing): take whichever header item came.
    value = item.get(HEADER_KEY)
    if value is None:
        value = next((v for k, v in item.items() if k.startswith(b"BODY[HEADER")), b"")
    return value if isinstance(value, bytes) else b""


class BatchFetcher:
    """Fetches one batch: headers + BODYSTRUCTURE, then the text parts of messages not stored yet."""

    def __init__(self, session: SyncSession):
        self.session = session

    def fetch(self, uids: list[int]) -> FetchedBatch:
        batch = FetchedBatch(uids)
        heads = self.session.fetch_heads(uids)
        for uid in uids:
            item = heads.get(uid)
            if item is None:
                batch.outcomes.append((uid, "skipped", VANISHED))
                continue
            try:
                batch.parsed.append(build(uid, item))
            except Exception as error:  # a broken message is recorded, never stops the sync
                batch.outcomes.append((uid, "failed", f"{type(error).__name__}: {error}"))
        known = existing_keys(list({pm.key for pm in batch.parsed}))
        db.session.commit()  # end the read; no transaction stays open while we wait on the network
        failed = self._fetch_bodies(batch.parsed, known)
        batch.parsed = [pm for pm in batch.parsed if pm.uid not in failed]
        for pm in batch.parsed:
            pm.finish()
        batch.outcomes += [(uid, "failed", reason) for uid, reason in failed.items()]
        return batch

    def _fetch_bodies(self, parsed: list[ParsedMessage], known: dict) -> dict[int, str]:
        groups: dict[tuple, list[ParsedMessage]] = {}
        seen = set(known)
        for pm in parsed:
            if pm.key in seen or not pm.wanted_parts():
                continue
            seen.add(pm.key)
            spec = tuple((p.number, part_limit(p)) for p in (pm.text_part, pm.html_part) if p is not None)
            groups.setdefault(spec, []).append(pm)
        failed: dict[int, str] = {}
        for spec, members in groups.items():
            failed.update(self._fetch_group(dict(spec), members))
        return failed

    def _fetch_group(self, spec: dict[str, int], members: list[ParsedMessage]) -> dict[int, str]:
        try:
            data = self.session.fetch_parts([pm.uid for pm in members], spec)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as error:
            if len(members) == 1:
                return {members[0].uid: f"the server refused to send the text: {error}"}
            failed = {}
            for pm in members:  # find the one message the server chokes on
                failed.update(self._fetch_group(spec, [pm]))
            return failed
        failed = {}
        for pm in members:
            item = data.get(pm.uid)
            if item is None:
                failed[pm.uid] = VANISHED
                continue
            for part in (pm.text_part, pm.html_part):
                if part is not None:
                    raw = item.get(f"BODY[{part.number}]<0>".encode()) or item.get(f"BODY[{part.number}]".encode())
                    apply_body(pm, part, raw if isinstance(raw, bytes) else b"")
        return failed


def prefetched(fetcher: BatchFetcher, batches: list[list[int]], source: tuple | None = None) -> Iterator[FetchedBatch]:
    """Yield the fetched batches in order, fetched ahead in a child process (big syncs, where forking is
    safe) or a background thread. `source` is (server settings, folder name, UIDVALIDITY) for the child."""
    from .prefetch_process import can_fork, prefetched_in_child

    if source is not None and len(batches) > 1 and can_fork():
        settings, folder, uidvalidity = source
        timeout = current_app.config["MAIL_TIMEOUT"] * 3
        return prefetched_in_child(settings, folder, uidvalidity, batches, timeout, fetcher.session.counter,
                                   current_app.config["SYNC_FETCH_PROCESSES"])
    return _prefetched_in_thread(fetcher, batches)


def _prefetched_in_thread(fetcher: BatchFetcher, batches: list[list[int]], ahead: int = 2) -> Iterator[FetchedBatch]:
    """Yield the fetched batches in order, fetching up to `ahead` batches in a background thread."""
    results: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    app = current_app._get_current_object()

    def produce() -> None:
        with app.app_context():
            try:
                for uids in batches:
                    if stop.is_set():
                        return
                    _put(results, fetcher.fetch(uids), stop)
                _put(results, _DONE, stop)
            except BaseException as error:  # handed to the consumer, which raises it in the worker's thread
                _put(results, error, stop)

    thread = threading.Thread(target=produce, name="imap-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _put(results: queue.Queue, item, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            results.put(item, timeout=0.5)
            return
        except queue.Full:
            continue
