"""Syncing one folder of one account, batch by batch."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from ..database import writing
from ..extensions import db
from ..models import MailAccount, MailFolder, SyncOutcome, SyncRun
from ..models.types import utcnow
from .fetching import BatchFetcher, prefetched
from .locks import Lock
from .mailbox import SyncSession, find_sent_folder
from .parsed import ParsedMessage
from .storing import Location, clear_outcomes, record_outcomes, store_batch

log = logging.getLogger("mailtrail.sync")
MAX_ATTEMPTS = 3


def plan_folders(session: SyncSession, account: MailAccount) -> list[int]:
    """Ids of the folders this account syncs (INBOX and/or Sent, per 'what to store')."""
    wanted = []
    folders = session.folders()
    if account.store in ("all", "received"):
        inbox = next((f for f in folders if f.name.upper() == "INBOX"), None)
        wanted.append(("inbox", inbox.name if inbox else "INBOX"))
    if account.store in ("all", "sent"):
        sent = find_sent_folder(folders)
        if sent is None:
            log.warning("account %s: no Sent folder found among %s", account.id, [f.name for f in folders])
        else:
            wanted.append(("sent", sent.name))
    ids = []
    with writing():
        for role, name in wanted:
            folder = db.session.scalar(select(MailFolder).where(MailFolder.account_id == account.id,
                                                                MailFolder.name == name))
            if folder is None:
                folder = MailFolder(account_id=account.id, name=name, role=role)
                db.session.add(folder)
                db.session.flush()
            ids.append(folder.id)
    return ids


def plan_batches(uids: list[int], size: int) -> list[list[int]]:
    """The UIDs in batches of `size`. A big sync's first four batches grow from a fifth of that, so
    the worker starts writing while the fetching processes are still busy with their first batches."""
    ramp = [max(1, size * step // 5) for step in range(1, 5)] if len(uids) > 8 * size else []
    batches, start = [], 0
    while start < len(uids):
        step = ramp[len(batches)] if len(batches) < len(ramp) else size
        batches.append(uids[start:start + step])
        start += step
    return batches


@dataclass
class Cursor:
    """A folder's sync state, read into plain values so no ORM load happens during network waits."""

    folder_id: int
    name: str
    role: str
    uidvalidity: int
    last_uid: int
    since: object  # date | None while the first pass is not done
    fresh: bool  # first pass (or a rescan after a UIDVALIDITY change) still running


class FolderSync:
    """One folder's incremental sync within a run."""

    def __init__(self, session: SyncSession, account: MailAccount, folder_id: int, run: SyncRun,
                 team: frozenset[str], lock: Lock, settings=None):
        self.session, self.account_id, self.folder_id = session, account.id, folder_id
        self.settings = settings
        self.since_days = account.since_days
        self.run_id, self.team, self.lock = run.id, team, lock
        self.recorded: set[int] = set()  # UIDs with an outcome from earlier runs (read in `run`)

    def run(self) -> None:
        cursor, state = self._open()
        retry = self._retry_uids(cursor)
        if not cursor.fresh and state.uidnext and state.uidnext <= cursor.last_uid + 1 and not retry:
            return  # nothing new: one EXAMINE was enough
        new = self.session.search_uids(cursor.last_uid + 1, cursor.since)
        if cursor.fresh and cursor.since is not None:
            self._count_window(cursor, new)
        retrying = set(retry)
        work = retry + [uid for uid in new if uid not in retrying]
        self.recorded = self._recorded_uids(cursor)
        with writing():
            db.session.execute(update(SyncRun).where(SyncRun.id == self.run_id).values(
                progress_total=SyncRun.progress_total + len(work)))
        batches = plan_batches(work, current_app.config["SYNC_BATCH_SIZE"])
        source = (self.settings, cursor.name, cursor.uidvalidity) if self.settings else None
        for batch in prefetched(BatchFetcher(self.session), batches, source):
            self._store(cursor, batch.uids, batch.parsed, batch.outcomes)
            self.lock.extend()
        with writing():
            db.session.execute(update(MailFolder).where(MailFolder.id == cursor.folder_id).values(initial_done=True))

    def _open(self) -> tuple[Cursor, object]:
        name, role = db.session.execute(select(MailFolder.name, MailFolder.role)
                                        .where(MailFolder.id == self.folder_id)).one()
        db.session.commit()
        state = self.session.examine(name)
        with writing():
            folder = db.session.get(MailFolder, self.folder_id)
            if folder.uidvalidity != state.uidvalidity:
                if folder.uidvalidity is not None:
                    log.warning("folder %s: UIDVALIDITY changed %s -> %s; rescanning", folder.id,
                                folder.uidvalidity, state.uidvalidity)
                else:
                    folder.since_date = (utcnow() - timedelta(days=self.since_days)).date() \
                        if self.since_days else None
                folder.uidvalidity, folder.last_uid, folder.initial_done = state.uidvalidity, 0, False
            folder.server_count = state.messages
            cursor = Cursor(folder.id, folder.name, folder.role, folder.uidvalidity, folder.last_uid,
                            folder.since_date if not folder.initial_done else None, not folder.initial_done)
        return cursor, state

    def _recorded_uids(self, cursor: Cursor) -> set[int]:
        """UIDs of this folder with a recorded outcome (from earlier runs): the only ones whose record a
        stored message must clear. A run never stores a UID it recorded itself."""
        uids = set(db.session.scalars(select(SyncOutcome.uid).where(
            SyncOutcome.folder_id == cursor.folder_id, SyncOutcome.uidvalidity == cursor.uidvalidity)))
        db.session.commit()
        return uids

    def _retry_uids(self, cursor: Cursor) -> list[int]:
        uids = list(db.session.scalars(select(SyncOutcome.uid).where(
            SyncOutcome.folder_id == cursor.folder_id, SyncOutcome.uidvalidity == cursor.uidvalidity,
            SyncOutcome.outcome == "failed", SyncOutcome.attempts < MAX_ATTEMPTS).order_by(SyncOutcome.uid)))
        db.session.commit()
        return uids

    def _count_window(self, cursor: Cursor, in_window: list[int]) -> None:
        everything = self.session.search_uids(cursor.last_uid + 1)
        left_out = len(set(everything) - set(in_window))
        with writing():
            db.session.execute(update(MailFolder).where(MailFolder.id == cursor.folder_id).values(
                window_skipped=MailFolder.window_skipped + left_out))

    def _store(self, cursor: Cursor, uids: list[int], parsed: list[ParsedMessage], outcomes: list) -> None:
        """Write one batch; if the database connection is lost mid-batch, the batch is redone once."""
        try:
            self._write(cursor, uids, parsed, outcomes)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            log.warning("folder %s: database connection lost mid-batch; redoing the batch", cursor.folder_id)
            db.session.rollback()
            self._write(cursor, uids, parsed, outcomes)

    def _write(self, cursor: Cursor, uids: list[int], parsed: list[ParsedMessage], outcomes: list) -> None:
        location = Location(self.account_id, cursor.folder_id, cursor.uidvalidity,
                            "sent" if cursor.role == "sent" else "received", self.team)
        with writing():
            stored = store_batch(parsed, location)
            record_outcomes(cursor.folder_id, cursor.uidvalidity, outcomes)
            clear_outcomes(cursor.folder_id, cursor.uidvalidity, [uid for uid in stored if uid in self.recorded])
            db.session.execute(update(MailFolder).where(MailFolder.id == cursor.folder_id).values(
                last_uid=func.max(MailFolder.last_uid, max(uids)) if db.engine.dialect.name == "sqlite"
                else func.greatest(MailFolder.last_uid, max(uids)), updated_at=utcnow()))
            counts = {"imported": 0, "duplicate": 0, "skipped": 0, "failed": 0}
            for outcome in stored.values():
                counts[outcome] += 1
            for _, outcome, _ in outcomes:
                counts[outcome] += 1
            db.session.execute(update(SyncRun).where(SyncRun.id == self.run_id).values(
                progress_done=SyncRun.progress_done + len(uids),
                **{name: getattr(SyncRun, name) + value for name, value in counts.items()}))

