"""Mail written in Mailtrail is visible, before any sync has seen it, through its sending account."""
from __future__ import annotations

from sqlalchemy import exists

from ..models import OutboxMessage


def outbox_visible(message_id_column, account_ids: set[int]):
    """SQL condition: the message is in the outbox of one of `account_ids`."""
    return exists().where(OutboxMessage.message_id == message_id_column, OutboxMessage.account_id.in_(account_ids))
