"""Fetching and parsing in a forked child process, so a big sync uses both cores.

Parsing mail is Python work, and Python threads share one core; child processes
do not. Each child logs in on its own connection, opens the folder read-only, and
sends its parsed batches through a pipe; the worker stores them in order as they come.
Used only where forking is safe — a process with a single thread, such as an RQ
work horse — and only for syncs of several batches; otherwise the thread does it.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Iterator
from multiprocessing.reduction import ForkingPickler

from ..extensions import db
from .connection_test import ServerSettings

log = logging.getLogger("mailtrail.sync")
FETCH_NICENESS = 5  # added to the worker's own


class ChildFailed(RuntimeError):
    """The fetching child died or sent something it should not have."""


def can_fork() -> bool:
    """True where a fork copies no other thread's half-held locks: a single-threaded process."""
    return threading.active_count() == 1 and hasattr(os, "fork")


def _child(connection, parents_ends, settings: ServerSettings, folder: str, uidvalidity: int, batches,
           timeout: float) -> None:
    from .fetching import BatchFetcher
    from .mailbox import SyncSession

    # Only the parent reads: if it dies, our next send must fail (and end us) instead of blocking.
    for end in parents_ends:
        end.close()
    db.engine.dispose(close=False)  # the parent's pooled connections are not ours to use
    # The process that writes is the one part of a sync that cannot spread over cores: when all
    # are busy, it goes first. We run ahead of it anyway (see _Sender).
    os.nice(FETCH_NICENESS)
    session = None
    try:
        session = SyncSession(settings, timeout)
        if session.examine(folder).uidvalidity != uidvalidity:
            raise ChildFailed(f"the UIDVALIDITY of {folder} changed during the sync")
        fetcher = BatchFetcher(session)
        with _Sender(connection) as sender:
            for uids in batches:
                before = session.counter[0]
                batch = fetcher.fetch(uids)
                batch.bytes_read = session.counter[0] - before
                sender.send(batch)
    except BaseException as error:  # handed to the parent, which raises it in the worker
        try:
            connection.send(error)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled is sent as text
            connection.send(ChildFailed(f"{type(error).__name__}: {error}"))
    finally:
        if session is not None:
            session.close()
        connection.close()


class _Sender:
    """Sends pickled batches from a thread, so the child fetches on while the parent is busy writing.

    A pipe holds only 64 KB; without this, a child with a batch ready would stand still until the
    parent read it. Up to `ahead` batches wait here (a few MB).
    """

    def __init__(self, connection, ahead: int = 3):
        self.connection = connection
        self.queue: queue.Queue = queue.Queue(maxsize=ahead)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name="batch-sender", daemon=True)

    def __enter__(self) -> "_Sender":
        self.thread.start()
        return self

    def send(self, item) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(ForkingPickler.dumps(item))

    def _drain(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.connection.send_bytes(data)
            except BaseException as error:  # the parent is gone: the fetching loop stops at its next send
                self.error = error
                while self.queue.get() is not None:  # unblock the fetching loop until it stops
                    pass
                return

    def __exit__(self, *exc) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error


def prefetched_in_child(settings: ServerSettings, folder: str, uidvalidity: int, batches: list[list[int]],
                        timeout: float, counter: list, processes: int = 2) -> Iterator:
    """Yield fetched batches in order, fetched by `processes` forked children taking turns (batch i by
    child i mod n); bytes they read are added to `counter`.

    With two children the parsing of the next batches runs beside the worker's writing
    of this one, on both cores, whichever side happens to be slower.
    """
    context = multiprocessing.get_context("fork")
    count = max(1, min(processes, len(batches)))
    receivers, children = [], []
    try:
        for index in range(count):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_child, name=f"imap-fetch-{index}", daemon=True,
                                    args=(sender, [*receivers, receiver], settings, folder, uidvalidity,
                                          batches[index::count], timeout))
            child.start()
            sender.close()
            receivers.append(receiver)
            children.append(child)
        log.info("fetching %s batches of %s in %s child processes (pids %s)", len(batches), folder, count,
                 [c.pid for c in children])
        for index in range(len(batches)):
            item = _receive(receivers[index % count], children[index % count])
            counter[0] += getattr(item, "bytes_read", 0)
            yield item
    finally:
        for receiver in receivers:
            receiver.close()
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join(10)


def _receive(receiver, child):
    try:
        item = receiver.recv()
    except EOFError:
        raise ChildFailed(f"the fetching process ended unexpectedly (exit code {child.exitcode})") from None
    if isinstance(item, BaseException):
        raise item
    return item
