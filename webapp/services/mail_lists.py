"""Lists of mail: the dashboard, unassigned mail, and a manager's view of a report's mail."""
from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import MailAccount, Message, MessageCopy, MessageLink, User
from .users import report_ids
from .visibility import message_visible, visible_account_ids


def _newest(account_ids: set[int]):
    return (select(Message).options(selectinload(Message.addresses))
            .where(message_visible(Message.id, account_ids)).order_by(Message.date.desc(), Message.id.desc()))


def dashboard_mail(user: User, limit: int = 15) -> list[Message]:
    """The newest mail of accounts marked 'show on dashboard' that the user may see."""
    shown = set(db.session.scalars(select(MailAccount.id).where(MailAccount.show_on_dashboard.is_(True))))
    accounts = visible_account_ids(user) & shown
    return list(db.session.scalars(_newest(accounts).limit(limit))) if accounts else []


def _unlinked():
    return ~exists().where(MessageLink.message_id == Message.id)


def unassigned_query(user: User):
    """Visible messages that matched no contact, newest first."""
    return _newest(visible_account_ids(user)).where(_unlinked())


# The dashboard's figure is a call to triage, not a statistic: counting to 100 takes ~1 ms where
# counting to 1,000 took ~8 ms of every dashboard view at 36,000 messages.
UNASSIGNED_COUNT_CAP = 100


def count_unassigned(user: User, cap: int | None = None) -> int:
    """How many visible messages matched no contact, counted up to `cap` (the dashboard says "100+")."""
    unlinked = (select(Message.id).where(message_visible(Message.id, visible_account_ids(user)), _unlinked())
                .limit(cap or UNASSIGNED_COUNT_CAP))
    return db.session.scalar(select(func.count()).select_from(unlinked.subquery())) or 0


def team_members(viewer: User) -> list[User]:
    """Whose mail the viewer may review: their reports (everyone, for admins)."""
    stmt = select(User).where(User.id != viewer.id).order_by(User.email)
    if not viewer.is_admin:
        stmt = stmt.where(User.id.in_(report_ids(viewer.id) or {-1}))
    return list(db.session.scalars(stmt))


def member_accounts(viewer: User, member: User) -> list[MailAccount]:
    return list(db.session.scalars(select(MailAccount).where(MailAccount.owner_id == member.id)
                                   .order_by(MailAccount.login)))


def member_mail_query(viewer: User, member: User):
    """The mail in a team member's accounts that the viewer may see."""
    accounts = visible_account_ids(viewer) & {a.id for a in member_accounts(viewer, member)}
    held = exists().where(MessageCopy.message_id == Message.id, MessageCopy.account_id.in_(accounts or {-1}))
    return _newest(accounts).where(held)


def sender_name_parts(message: Message) -> tuple[str, str]:
    """(first name, last name) guessed from the sender's display name ('Kowalski, Jan' too)."""
    name = " ".join((message.from_name or "").replace('"', "").split())
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split(" ")
    if len(parts) == 1:
        return parts[0], ""
    return " ".join(parts[:-1]), parts[-1]
