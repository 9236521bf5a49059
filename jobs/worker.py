"""The RQ worker and cron scheduler used by `flask worker` and `flask cron`."""
from __future__ import annotations

import importlib
import logging
import os
import time

from flask import current_app
from rq import Worker
from rq.cron import CronScheduler

from webapp.extensions import db, redis_connection

from . import QUEUES
from .schedule import periodic_jobs


log = logging.getLogger("mailtrail.worker")


def lower_priority(increment: int) -> None:
    """Make this process (and what it forks) yield the CPU to the web pages.

    `nice` alone only ranks processes of one session: Linux's autogroup scheduling (on by
    default in Debian) shares the CPU equally between sessions first. So the work horse runs
    in a session of its own (see AppWorker.fork_work_horse) and that session's autogroup gets
    the same nice value; where autogroups do not exist the write fails and plain nice applies.
    """
    if increment <= 0:
        return
    os.nice(increment)
    try:
        with open("/proc/self/autogroup", "w") as handle:
            handle.write(str(min(increment, 19)))
    except OSError as error:
        log.debug("autogroup nice not set: %s", error)


class AppWorker(Worker):
    """An RQ worker whose forked work horses open their own database connections and run
    below the web server's priority."""

    def fork_work_horse(self, job, queue):
        # RQ's own version with setsid() instead of setpgrp(): a new session is a new
        # process group too (RQ kills the horse with killpg), and also a new autogroup,
        # whose priority lower_priority can lower without touching the web server's.
        child_pid = os.fork()
        os.environ["RQ_WORKER_ID"] = self.name
        os.environ["RQ_JOB_ID"] = job.id
        if child_pid == 0:
            os.setsid()
            self.main_work_horse(job, queue)
            os._exit(0)
        else:
            self._horse_pid = child_pid
            self.procline(f"Forked {child_pid} at {time.time()}")

    def main_work_horse(self, job, queue):
        # Sockets inherited from the parent must not be shared with it.
        db.engine.dispose(close=False)
        # A sync parses mail flat out for minutes; people clicking through pages go first.
        lower_priority(current_app.config.get("WORKER_NICE", 0))
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
