"""Queueing syncs: at once ("sync now"), or when due (the scheduler's tick).

Redis holds only transient state (the queue, a "queued" marker, the run lock);
what is due is derived from the database on every tick, so a Redis restart or
flush loses nothing: the next tick queues what is missing.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from ..extensions import db, redis_connection
from ..models import MailAccount
from ..models.types import utcnow
from .locks import is_locked


def lock_key(account_id: int) -> str:
    return f"mailtrail:sync:lock:{account_id}"


def queued_key(account_id: int) -> str:
    return f"mailtrail:sync:queued:{account_id}"


def is_queued(account_id: int) -> bool:
    """True while a sync of this account waits in the queue."""
    return bool(redis_connection().exists(queued_key(account_id)))


def queue_sync(account_id: int, trigger: str = "manual"):
    """Queue one sync of the account unless one is queued or running; returns the RQ job, or None (no-op)."""
    from jobs import enqueue

    connection = redis_connection()
    timeout = current_app.config["SYNC_JOB_TIMEOUT"]
    if is_locked(connection, lock_key(account_id)):
        return None
    if not connection.set(queued_key(account_id), trigger, nx=True, ex=timeout):
        return None
    try:
        return enqueue("jobs.sync.sync_account", account_id, trigger, timeout=timeout)
    except Exception:
        connection.delete(queued_key(account_id))
        raise


def due_account_ids() -> list[int]:
    """Syncable accounts whose last attempt is older than SYNC_INTERVAL (or that never ran)."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["SYNC_INTERVAL"])
    return list(db.session.scalars(select(MailAccount.id).where(
        MailAccount.status.in_(("new", "active")),
        or_(MailAccount.last_attempt_at.is_(None), MailAccount.last_attempt_at <= cutoff))
        .order_by(MailAccount.last_attempt_at.is_not(None), MailAccount.last_attempt_at)))


def queue_due_syncs() -> int:
    """Queue a sync for every due account; returns how many were queued."""
    return sum(1 for account_id in due_account_ids() if queue_sync(account_id, trigger="schedule") is not None)
