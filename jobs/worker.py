"""The RQ worker and cron scheduler used by `flask worker` and `flask cron`."""
from __future__ import annotations

import importlib
import os

from flask import current_app
from rq import Worker
from rq.cron import CronScheduler

from webapp.extensions import db, redis_connection

from . import QUEUES
from .schedule import periodic_jobs


class AppWorker(Worker):
    """An RQ worker whose forked work horses open their own database connections."""

    def main_work_horse(self, job, queue):
        # Sockets inherited from the parent must not be shared with it.
        db.engine.dispose(close=False)
        # A sync parses mail flat out for minutes; people clicking through pages go first.
        increment = current_app.config.get("WORKER_NICE", 0)
        if increment > 0:
            os.nice(increment)
        return super().main_work_horse(job, queue)


def run_worker(burst: bool = False, queues: tuple[str, ...] = QUEUES) -> None:
    """Process jobs until stopped (or until the queues are empty with `burst`)."""
    AppWorker(list(queues), connection=redis_connection()).work(burst=burst, logging_level="INFO")


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def build_cron(config: dict) -> CronScheduler:
    """A CronScheduler with every periodic job of jobs.schedule registered."""
    scheduler = CronScheduler(connection=redis_connection())
    for job in periodic_jobs(config):
        scheduler.register(_resolve(job.func), queue_name=QUEUES[0], interval=job.interval, cron=job.cron,
                           job_timeout=job.timeout, result_ttl=3600)
    return scheduler
