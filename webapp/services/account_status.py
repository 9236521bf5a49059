"""What the account list shows per account: status, progress, counts, last sync."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import distinct, exists, func, select

from ..extensions import db
from ..models import MAX_FAILURES, MailAccount, MessageCopy, MessageLink, SyncRun, User
from ..models.types import utcnow
from .accounts import can_edit, listed_accounts
from .sync_queue import is_queued
from .visibility import visible_account_ids


@dataclass
class AccountRow:
    """One row of the account list."""

    account: MailAccount
    status: str  # new | syncing | active | failing | deactivated | reauth
    can_edit: bool
    fetched: int | None  # None: the viewer may not see this account's mail
    assigned: int | None
    run: SyncRun | None = None
    queued: bool = False

    @property
    def failures(self) -> int:
        return self.account.failure_count

    @property
    def max_failures(self) -> int:
        return MAX_FAILURES

    @property
    def last_attempt_failed(self) -> bool:
        """True when the latest attempt came after the latest success (it failed)."""
        attempt, success = self.account.last_attempt_at, self.account.last_success_at
        return attempt is not None and (success is None or attempt > success + timedelta(minutes=1)
                                        or self.account.failure_count > 0)

    @property
    def progress(self) -> tuple[int, int]:
        return (self.run.progress_done, self.run.progress_total) if self.run else (0, 0)


def running_run(account_id: int) -> SyncRun | None:
    """The sync run in progress for this account, if one started recently enough to be alive."""
    since: datetime = utcnow() - timedelta(seconds=current_app.config["SYNC_JOB_TIMEOUT"])
    return db.session.scalar(select(SyncRun).where(
        SyncRun.account_id == account_id, SyncRun.status == "running", SyncRun.started_at > since)
        .order_by(SyncRun.id.desc()).limit(1))


def status_of(account: MailAccount, run: SyncRun | None) -> str:
    """The status key the list shows."""
    if account.status in ("deactivated", "reauth"):
        return account.status
    if run is not None:
        return "syncing"
    if account.failure_count:
        return "failing"
    return "new" if account.status == "new" else "active"


def counts(account_id: int) -> tuple[int, int]:
    """(messages fetched, messages assigned to at least one contact) for one account."""
    held = select(MessageCopy.message_id).where(MessageCopy.account_id == account_id)
    fetched = db.session.scalar(select(func.count(distinct(MessageCopy.message_id)))
                                .where(MessageCopy.account_id == account_id))
    assigned = db.session.scalar(select(func.count()).select_from(
        held.where(exists().where(MessageLink.message_id == MessageCopy.message_id))
        .distinct().subquery()))
    return fetched or 0, assigned or 0


def row(viewer: User, account: MailAccount, visible: set[int] | None = None) -> AccountRow:
    """The list row of `account` as `viewer` sees it."""
    visible = visible_account_ids(viewer) if visible is None else visible
    run = running_run(account.id)
    fetched, assigned = counts(account.id) if account.id in visible else (None, None)
    queued = run is None and account.is_syncable and is_queued(account.id)
    return AccountRow(account, status_of(account, run), can_edit(viewer, account), fetched, assigned, run, queued)


def rows(viewer: User) -> list[AccountRow]:
    """Every row of `viewer`'s account list."""
    visible = visible_account_ids(viewer)
    return [row(viewer, account, visible) for account in listed_accounts(viewer)]


def problems(user: User) -> list[MailAccount]:
    """The user's own accounts that are failing, deactivated or need their password again."""
    return list(db.session.scalars(select(MailAccount).where(
        MailAccount.owner_id == user.id,
        (MailAccount.status.in_(("deactivated", "reauth"))) | (MailAccount.failure_count > 0))
        .order_by(MailAccount.login)))


@dataclass
class FolderReport:
    """How a folder's messages on the server are accounted for; the numbers add up to `on_server`."""

    name: str
    role: str
    on_server: int
    imported: int
    duplicate: int
    skipped: int
    failed: int
    older_than_window: int
    reasons: list[tuple[str, str, int]]  # (outcome, reason, count)

    @property
    def gone_from_server(self) -> int:
        """Messages stored here that the server no longer has (Mailtrail keeps them)."""
        accounted = self.imported + self.duplicate + self.skipped + self.failed + self.older_than_window
        return max(0, accounted - self.on_server)

    @property
    def not_yet_synced(self) -> int:
        accounted = self.imported + self.duplicate + self.skipped + self.failed + self.older_than_window
        return max(0, self.on_server - accounted)


def folder_reports(account: MailAccount) -> list[FolderReport]:
    """One report per synced folder of the account."""
    from ..models import MailFolder, SyncOutcome

    reports = []
    for folder in db.session.scalars(select(MailFolder).where(MailFolder.account_id == account.id)
                                     .order_by(MailFolder.role)):
        copies = dict(db.session.execute(select(MessageCopy.outcome, func.count()).where(
            MessageCopy.folder_id == folder.id, MessageCopy.uidvalidity == folder.uidvalidity)
            .group_by(MessageCopy.outcome)).all())
        reasons = db.session.execute(select(SyncOutcome.outcome, SyncOutcome.reason, func.count()).where(
            SyncOutcome.folder_id == folder.id, SyncOutcome.uidvalidity == folder.uidvalidity)
            .group_by(SyncOutcome.outcome, SyncOutcome.reason).order_by(func.count().desc())).all()
        totals = {"skipped": 0, "failed": 0}
        for outcome, _, n in reasons:
            totals[outcome] = totals.get(outcome, 0) + n
        reports.append(FolderReport(folder.name, folder.role, folder.server_count, copies.get("imported", 0),
                                    copies.get("duplicate", 0), totals["skipped"], totals["failed"],
                                    folder.window_skipped, [tuple(r) for r in reasons]))
    return reports


def recent_runs(account: MailAccount, limit: int = 10) -> list[SyncRun]:
    """The account's latest sync runs, newest first."""
    return list(db.session.scalars(select(SyncRun).where(SyncRun.account_id == account.id)
                                   .order_by(SyncRun.id.desc()).limit(limit)))
