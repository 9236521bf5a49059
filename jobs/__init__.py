"""RQ entry points: thin functions that take ids and call services.

Queue names are constants; jobs are enqueued by import string so the web process
never imports job code it does not run.
"""
from __future__ import annotations

from flask import current_app
from rq import Queue

from webapp.extensions import redis_connection

DEFAULT_QUEUE = "mailtrail"
QUEUES = (DEFAULT_QUEUE,)


def queue(name: str = DEFAULT_QUEUE) -> Queue:
    """The RQ queue `name` on the app's Redis (synchronous when RQ_ASYNC is off, as in tests)."""
    return Queue(name, connection=redis_connection(), is_async=current_app.config["RQ_ASYNC"])


def enqueue(func_path: str, *args, job_id: str | None = None, timeout: int | None = None, **kwargs):
    """Queue `func_path` (e.g. 'jobs.sync.sync_account') with plain arguments."""
    return queue().enqueue(func_path, args=args, kwargs=kwargs, job_id=job_id, job_timeout=timeout,
                           result_ttl=3600, failure_ttl=7 * 24 * 3600)
