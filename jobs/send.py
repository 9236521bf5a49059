"""Sending jobs: one outbox message, and the tick that re-queues what was lost."""
from __future__ import annotations

import logging

from .context import app_context

log = logging.getLogger("mailtrail.jobs.send")


def send_outbox(outbox_id: int) -> str:
    """Send one outbox message (never twice); returns its state."""
    from webapp.services.send import send_outbox as send

    with app_context():
        state = send(outbox_id)
        log.info("outbox %s: %s", outbox_id, state)
        return state


def requeue_stale_outbox() -> int:
    """Queue again what a lost Redis or a dead worker left queued or half-sent (before DATA)."""
    from webapp.services.outbox import requeue_stale

    with app_context():
        return requeue_stale()
