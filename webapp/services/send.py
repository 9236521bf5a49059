"""Sending an outbox message over SMTP, at most once, then filing it in the Sent folder.

States: queued → sending → sent | failed | unknown. A job claims a row with a
compare-and-set, so two jobs never send one row. `data_started_at` is committed
right before DATA: a later attempt that finds it set cannot know whether the server
took the message and ends in `unknown` (the user may send again by hand) instead
of sending twice. A job that died before DATA leaves a `sending` row without it,
which a retry may claim once it is stale, and send.
"""
from __future__ import annotations

import imaplib
import logging
import smtplib
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from imap_tools import imap_utf7
from imap_tools.utils import encode_folder
from sqlalchemy import or_, update

from ..database import writing
from ..extensions import db
from ..models import MailAccount, OutboxMessage
from ..models.types import utcnow
from .account_health import record_failure
from .accounts import imap_credentials, smtp_credentials
from .connection_test import imap_login
from .crypto import SecretUnavailable
from .imapparse import build_response
from .mailbox import FolderInfo, find_sent_folder
from .mailconn import open_imap, open_smtp
from .mailerrors import MailError, classify, key_error

log = logging.getLogger("mailtrail.send")


def _claim(outbox_id: int) -> bool:
    """Take the row for sending: a queued one, or a stale 'sending' one that never reached DATA."""
    stale = utcnow() - timedelta(seconds=current_app.config["SEND_STALE_SECONDS"])
    with writing():
        claimed = db.session.execute(update(OutboxMessage).where(
            OutboxMessage.id == outbox_id,
            or_(OutboxMessage.state == "queued",
                (OutboxMessage.state == "sending") & OutboxMessage.data_started_at.is_(None)
                & (OutboxMessage.updated_at < stale)))
            .values(state="sending", attempts=OutboxMessage.attempts + 1, updated_at=utcnow())).rowcount
    return claimed == 1


def _settle_unknown(outbox_id: int) -> None:
    """A 'sending' row whose DATA had started: the outcome cannot be known, so it is never resent by itself."""
    with writing():
        db.session.execute(update(OutboxMessage).where(
            OutboxMessage.id == outbox_id, OutboxMessage.state == "sending",
            OutboxMessage.data_started_at.is_not(None)).values(
            state="unknown", error=_("The connection ended while the server was receiving the message: it may or "
                                     "may not have been sent. Check with the recipient, or send it again.")))


def _finish(outbox_id: int, state: str, error: str = "") -> None:
    with writing():
        values = {"state": state, "error": error[:2000]}
        if state == "sent":
            values["sent_at"] = utcnow()
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(**values))


def send_outbox(outbox_id: int) -> str:
    """Send one outbox message if it is this job's to send; returns the row's state afterwards."""
    _settle_unknown(outbox_id)
    if not _claim(outbox_id):
        row = db.session.get(OutboxMessage, outbox_id)
        return row.state if row else "missing"
    row = db.session.get(OutboxMessage, outbox_id)
    account = db.session.get(MailAccount, row.account_id)
    try:
        credentials = smtp_credentials(account)
    except SecretUnavailable:
        _finish(outbox_id, "failed", key_error().message)
        return "failed"
    try:
        _transmit(row, credentials)
    except MailError as failure:
        if failure.kind in ("smtp_auth", "dns", "refused", "timeout", "tls", "network"):
            record_failure(account.id, failure)
        _finish(outbox_id, "failed", failure.full_message)
        return "failed"
    _finish(outbox_id, "sent")
    _append_to_sent(outbox_id)
    return "sent"


def _transmit(row: OutboxMessage, credentials) -> None:
    """MAIL, RCPT, commit the DATA mark, DATA. Errors become MailError in plain words."""
    recipients = [r for r in row.recipients.splitlines() if r]
    mime, outbox_id = row.mime, row.id
    client = None
    try:
        client = open_smtp(credentials.host, credentials.port, credentials.security)
        client.login(credentials.login, credentials.password)
        code, reply = client.mail(row.envelope_from)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, row.envelope_from)
        refused = {r: client.rcpt(r) for r in recipients}
        refused = {r: answer for r, answer in refused.items() if answer[0] not in (250, 251)}
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)
        with writing():
            db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id)
                               .values(data_started_at=utcnow()))
        code, reply = client.data(mime)
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError("recipients", _("The server refused every recipient: %(list)s",
                                        list=", ".join(error.recipients))) from None
    except Exception as error:  # every failure is told in plain words
        raise classify(error, host=credentials.host, port=credentials.port, protocol="SMTP",
                       login=credentials.login) from None
    finally:
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()


def _sent_folder(client: imaplib.IMAP4) -> str | None:
    typ, data = client.list('""', "*")
    folders = []
    for entry in data or []:
        items = build_response([entry]) if entry else []
        if len(items) >= 3 and isinstance(items[0], list) and isinstance(items[2], bytes):
            flags = tuple(f.decode(errors="replace") for f in items[0] if isinstance(f, bytes))
            delimiter = items[1].decode() if isinstance(items[1], bytes) else ""
            folders.append(FolderInfo(imap_utf7.utf7_decode(items[2]), flags, delimiter))
    found = find_sent_folder(folders)
    return found.name if found else None


def _append_to_sent(outbox_id: int) -> None:
    """File the sent message in the account's Sent folder, marked read: Mailtrail's only IMAP write."""
    row = db.session.get(OutboxMessage, outbox_id)
    account = db.session.get(MailAccount, row.account_id)
    try:
        credentials = imap_credentials(account)
        client = open_imap(credentials.host, credentials.port, credentials.security)
    except Exception as error:  # noqa: BLE001 - the mail is sent; filing it in Sent is best effort
        log.warning("outbox %s: not filed in Sent: %s", outbox_id, error)
        return
    try:
        imap_login(client, credentials.login, credentials.password)
        folder = _sent_folder(client)
        if folder is None:
            log.warning("outbox %s: account %s has no Sent folder", outbox_id, account.id)
            return
        typ, _data = client.append(encode_folder(folder), "(\\Seen)", imaplib.Time2Internaldate(row.sent_at),
                                   row.mime)
        if typ == "OK":
            with writing():
                row.appended = True
    except Exception as error:  # noqa: BLE001 - a failed filing must not turn a sent mail into an error
        log.warning("outbox %s: appending to Sent failed: %s", outbox_id, error)
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
