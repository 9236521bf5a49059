"""Every periodic job, declared in one place; `flask cron` registers them with RQ's CronScheduler."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    """A job queued every `interval` seconds (or by a cron expression)."""

    func: str
    interval: int | None = None
    cron: str | None = None
    timeout: int = 600


def periodic_jobs(config: dict) -> list[Periodic]:
    """The periodic jobs for this configuration."""
    return [
        # Each tick derives from the database which accounts are due (SYNC_INTERVAL), so the
        # tick can be frequent and a lost Redis costs at most one tick.
        Periodic("jobs.sync.schedule_syncs", interval=min(60, config["SYNC_INTERVAL"]), timeout=120),
        Periodic("jobs.sync.rematch_unassigned", cron="41 2 * * *", timeout=3600),
        Periodic("jobs.send.requeue_stale_outbox", interval=60, timeout=300),
        Periodic("jobs.maintenance.purge_sessions", cron="17 3 * * *"),
    ]
