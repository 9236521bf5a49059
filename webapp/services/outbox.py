"""The outbox as the app sees it: queue a message, show its state, send it again by hand."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from ..database import writing
from ..extensions import db
from ..models import OutboxMessage, User
from ..models.types import utcnow
from .errors import ValidationError


def queue(outbox_id: int):
    """Put the send job on the queue (runs at once when the queue is synchronous, as in tests)."""
    from jobs import enqueue

    return enqueue("jobs.send.send_outbox", outbox_id, timeout=600)


def states(message_ids: list[int]) -> dict[int, OutboxMessage]:
    """The outbox rows of these messages, by message id."""
    if not message_ids:
        return {}
    return {row.message_id: row for row in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.message_id.in_(message_ids)))}


def send_again(row: OutboxMessage, user: User) -> None:
    """Queue a failed or unknown message once more (only its author may)."""
    if row.user_id != user.id:
        raise ValidationError(_("Only the author can send this message again."))
    if row.state not in ("failed", "unknown") or not row.mime:
        raise ValidationError(_("This message is not waiting to be sent again."))
    with writing():
        row.state, row.error, row.data_started_at = "queued", "", None


def requeue_stale() -> int:
    """Queue rows that have waited too long: queued (the job was lost) or sending without DATA (a dead job)."""
    stale = utcnow() - timedelta(seconds=current_app.config["SEND_STALE_SECONDS"])
    ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.updated_at < stale,
        or_(OutboxMessage.state == "queued",
            (OutboxMessage.state == "sending") & OutboxMessage.data_started_at.is_(None)))))
    for outbox_id in ids:
        with writing():
            db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id,
                                                           OutboxMessage.state == "queued")
                               .values(updated_at=utcnow()))
        queue(outbox_id)
    return len(ids)
