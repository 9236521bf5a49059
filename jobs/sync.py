"""Sync jobs: one account, the scheduler's tick, the daily rematch."""
from __future__ import annotations

import logging

from .context import app_context

log = logging.getLogger("mailtrail.jobs.sync")


def sync_account(account_id: int, trigger: str = "schedule") -> dict | None:
    """Sync one account; returns the run's outcome counts (None when another sync holds the account)."""
    from webapp.services.sync import sync_account as run_sync

    with app_context():
        run = run_sync(account_id, trigger)
        return run.counts() if run is not None else None


def schedule_syncs() -> int:
    """Queue a sync for every account that is due (derived from the database on every tick)."""
    from webapp.services.sync_queue import queue_due_syncs

    with app_context():
        queued = queue_due_syncs()
        log.info("queued %s due syncs", queued)
        return queued


def rematch_unassigned() -> int:
    """Link unassigned mail to contacts added since it arrived."""
    from webapp.database import writing
    from webapp.services.matching import rematch_unassigned as rematch

    with app_context():
        with writing():
            linked = rematch()
        log.info("rematch made %s links", linked)
        return linked
