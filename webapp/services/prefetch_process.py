"""Fetching and parsing in a forked child process, so a big sync uses both cores.

Parsing mail is Python work, and Python threads share one core; a child process
does not. The child logs in on its own connection, opens the folder read-only,
and sends each parsed batch through a pipe; the worker stores them as they come.
Used only where forking is safe — a process with a single thread, such as an RQ
work horse — and only for syncs of several batches; otherwise the thread does it.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator

from ..extensions import db
from .connection_test import ServerSettings

log = logging.getLogger("mailtrail.sync")
_DONE = "done"


class ChildFailed(RuntimeError):
    """The fetching child died or sent something it should not have."""


def can_fork() -> bool:
    """True where a fork copies no other thread's half-held locks: a single-threaded process."""
    return threading.active_count() == 1 and hasattr(os, "fork")


def _child(connection, parents_end, settings: ServerSettings, folder: str, uidvalidity: int, batches,
           timeout: float) -> None:
    from .fetching import BatchFetcher
    from .mailbox import SyncSession

    # Only the parent reads: if it dies, our next send must fail (and end us) instead of blocking.
    parents_end.close()
    db.engine.dispose(close=False)  # the parent's pooled connections are not ours to use
    session = None
    try:
        session = SyncSession(settings, timeout)
        if session.examine(folder).uidvalidity != uidvalidity:
            raise ChildFailed(f"the UIDVALIDITY of {folder} changed during the sync")
        fetcher = BatchFetcher(session)
        for uids in batches:
            before = session.counter[0]
            batch = fetcher.fetch(uids)
            batch.bytes_read = session.counter[0] - before
            connection.send(batch)
        connection.send(_DONE)
    except BaseException as error:  # handed to the parent, which raises it in the worker
        try:
            connection.send(error)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled is sent as text
            connection.send(ChildFailed(f"{type(error).__name__}: {error}"))
    finally:
        if session is not None:
            session.close()
        connection.close()


def prefetched_in_child(settings: ServerSettings, folder: str, uidvalidity: int, batches: list[list[int]],
                        timeout: float, counter: list) -> Iterator:
    """Yield fetched batches from a forked child, in order; bytes it read are added to `counter`."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, receiver, settings, folder, uidvalidity, batches, timeout),
                            name="imap-fetch", daemon=True)
    child.start()
    sender.close()
    log.info("fetching %s batches of %s in a child process (pid %s)", len(batches), folder, child.pid)
    try:
        while True:
            try:
                item = receiver.recv()
            except EOFError:
                raise ChildFailed(f"the fetching process ended unexpectedly (exit code {child.exitcode})") from None
            if item == _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            counter[0] += getattr(item, "bytes_read", 0)
            yield item
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(10)
