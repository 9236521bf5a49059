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
        Periodic("jobs.maintenance.purge_sessions", cron="17 3 * * *"),
    ]
