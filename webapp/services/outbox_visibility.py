"""Mail written in Mailtrail is visible, before any sync has seen it, through its sending account."""
from __future__ import annotations

from sqlalchemy import false


def outbox_visible(message_id_column, account_ids: set[int]):
    """SQL condition: the message is in the outbox of one of `account_ids` (no outbox yet: never)."""
    return false()
