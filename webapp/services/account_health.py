"""An account's health: consecutive connection failures, counted atomically, ten deactivate it."""
from __future__ import annotations

import logging

from sqlalchemy import update

from ..database import writing
from ..extensions import db
from ..models import MAX_FAILURES, MailAccount
from .mailerrors import MailError

log = logging.getLogger("mailtrail.accounts")


def record_failure(account_id: int, failure: MailError) -> None:
    """Count one failed connection or login; the tenth in a row deactivates the account."""
    db.session.rollback()
    with writing():
        db.session.execute(update(MailAccount).where(MailAccount.id == account_id).values(
            failure_count=MailAccount.failure_count + 1, last_error=failure.full_message[:2000],
            last_error_kind=failure.kind))
        db.session.execute(update(MailAccount).where(
            MailAccount.id == account_id, MailAccount.failure_count >= MAX_FAILURES).values(status="deactivated"))
    log.warning("account %s: %s failure: %s", account_id, failure.kind, failure.detail or failure.message)


def record_success(account: MailAccount) -> None:
    """A successful connection resets the count (and starts a new account's life)."""
    with writing():
        account.failure_count, account.last_error, account.last_error_kind = 0, "", ""
        if account.status == "new":
            account.status = "active"
