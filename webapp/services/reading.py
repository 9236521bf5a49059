"""Loading mail for a reader: always through the visibility rule, so invisible mail is a 404."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Attachment, MailAccount, MailFolder, Message, MessageCopy, MessageLink, User
from .visibility import message_visible, visible_account_ids


def visible_message(user: User, message_id: int) -> Message | None:
    """The message if `user` may see it, else None."""
    return db.session.scalar(select(Message).options(selectinload(Message.addresses), selectinload(Message.attachments))
                             .where(Message.id == message_id,
                                    message_visible(Message.id, visible_account_ids(user))))


def visible_message_or_404(user: User, message_id: int) -> Message:
    """The message, or 404 when it does not exist for this user."""
    message = visible_message(user, message_id)
    if message is None:
        abort(404)
    return message


def visible_attachment_or_404(user: User, message_id: int, attachment_id: int) -> tuple[Message, Attachment]:
    """An attachment of a visible message (ids from the URL are never trusted beyond this)."""
    message = visible_message_or_404(user, message_id)
    attachment = next((a for a in message.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    return message, attachment


def mailboxes_holding(user: User, message_ids: list[int]) -> dict[int, list[str]]:
    """For each message, the logins of the viewer's visible mailboxes that hold it."""
    if not message_ids:
        return {}
    rows = db.session.execute(select(MessageCopy.message_id, MailAccount.login).distinct()
                              .join(MailAccount, MailAccount.id == MessageCopy.account_id)
                              .where(MessageCopy.message_id.in_(message_ids),
                                     MessageCopy.account_id.in_(visible_account_ids(user) or {-1}))
                              .order_by(MailAccount.login))
    found: dict[int, list[str]] = {}
    for message_id, login in rows:
        found.setdefault(message_id, []).append(login)
    return found


def copies_for_download(user: User, message: Message) -> list[tuple[MessageCopy, MailAccount, MailFolder]]:
    """Visible copies of a message to fetch parts from: the viewer's own accounts first."""
    rows = db.session.execute(
        select(MessageCopy, MailAccount, MailFolder)
        .join(MailAccount, MailAccount.id == MessageCopy.account_id)
        .join(MailFolder, MailFolder.id == MessageCopy.folder_id)
        .where(MessageCopy.message_id == message.id, MessageCopy.account_id.in_(visible_account_ids(user) or {-1}))
        .order_by(MailAccount.owner_id != user.id, MessageCopy.id.desc())).all()
    return [tuple(row) for row in rows]


def thread_of(user: User, message: Message, limit: int = 100) -> list[Message]:
    """The visible messages sharing this message's thread, oldest first."""
    if not message.thread_key:
        return [message]
    return list(db.session.scalars(select(Message).where(
        Message.thread_key == message.thread_key,
        message_visible(Message.id, visible_account_ids(user))).order_by(Message.date).limit(limit)))


def linked_contacts(message: Message) -> list:
    """The persons and companies a message is assigned to."""
    links = db.session.scalars(select(MessageLink).where(MessageLink.message_id == message.id)).all()
    from ..models import Company, Person

    people = [db.session.get(Person, link.person_id) for link in links if link.person_id]
    companies = [db.session.get(Company, link.company_id) for link in links if link.company_id]
    return [c for c in people + companies if c is not None]
