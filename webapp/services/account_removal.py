"""Deleting a mail account: its copies go; a message goes only when no other account holds it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, select, union
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import MailAccount, Message, MessageCopy, OutboxMessage
from .accounts import ensure_default_sender

CHUNK = 500


@dataclass
class DeleteSummary:
    """What deleting an account removes: messages only it holds, and messages that stay with other accounts."""

    going: int
    staying: int


def _messages_only_here(account_id: int):
    # Mail sent from this account that no sync has seen yet lives only in its outbox;
    # it goes too, so that every message left has a copy or an outbox row somewhere.
    other = aliased(MessageCopy)
    copied_elsewhere = exists().where(other.message_id == MessageCopy.message_id, other.account_id != account_id)
    sent_elsewhere = exists().where(other.message_id == OutboxMessage.message_id, other.account_id != account_id)
    return union(
        select(MessageCopy.message_id).where(MessageCopy.account_id == account_id, ~copied_elsewhere),
        select(OutboxMessage.message_id).where(OutboxMessage.account_id == account_id, ~sent_elsewhere))


def delete_summary(account: MailAccount) -> DeleteSummary:
    """How many messages deleting `account` removes, and how many stay (other accounts hold them)."""
    held = set(db.session.scalars(select(MessageCopy.message_id).where(MessageCopy.account_id == account.id)))
    held |= set(db.session.scalars(select(OutboxMessage.message_id).where(OutboxMessage.account_id == account.id)))
    going = set(db.session.scalars(_messages_only_here(account.id)))
    return DeleteSummary(going=len(going), staying=len(held - going))


def delete_account(account: MailAccount) -> DeleteSummary:
    """Delete the account, its folders, copies and sync history, and the messages no one else holds.

    Notes and contacts are untouched; links of deleted messages go with them.
    """
    from . import search_index as search

    summary = delete_summary(account)
    going = list(db.session.scalars(_messages_only_here(account.id)))
    owner_id = account.owner_id
    for start in range(0, len(going), CHUNK):
        chunk = going[start:start + CHUNK]
        search.remove_messages(chunk)
        db.session.execute(delete(Message).where(Message.id.in_(chunk)))
    db.session.execute(delete(MessageCopy).where(MessageCopy.account_id == account.id))
    db.session.delete(account)
    db.session.flush()
    ensure_default_sender(owner_id)
    return summary
