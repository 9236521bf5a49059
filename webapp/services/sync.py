"""Syncing one account: read-only, incremental by UID, committed in batches, every UID accounted for.

A run holds a Redis lock for its account, records a SyncRun, logs in (a failure
counts toward deactivation; a success resets the count), then syncs INBOX and/or
the Sent folder. Each batch of UIDs is fetched (headers + BODYSTRUCTURE, then only
the text parts of messages not stored yet), stored, linked, indexed and committed
together with the folder's cursor, so a crash at any moment resumes cleanly.
"""
from __future__ import annotations

import imaplib
import logging
import socket
import ssl
from datetime import timedelta

from flask import current_app

from ..database import writing
from ..extensions import db, redis_connection
from ..models import MailAccount, SyncRun
from ..models.types import utcnow
from .account_health import record_failure, record_success
from .accounts import imap_credentials
from .crypto import SecretUnavailable
from .folder_sync import FolderSync, plan_folders
from .heap import fewer_collections
from .locks import Lock
from .mailbox import SyncSession
from .mailerrors import MailError, classify, key_error
from .matching import team_addresses
from .sync_queue import lock_key, queued_key

log = logging.getLogger("mailtrail.sync")
CONNECTION_ERRORS = (OSError, imaplib.IMAP4.abort, ssl.SSLError, socket.timeout, EOFError)


def sync_account(account_id: int, trigger: str = "schedule") -> SyncRun | None:
    """Run one sync of the account; None when another sync holds it or it is not syncable."""
    connection = redis_connection()
    connection.delete(queued_key(account_id))
    lock = Lock(connection, lock_key(account_id), ttl=current_app.config["SYNC_JOB_TIMEOUT"] + 300)
    if not lock.acquire():
        log.info("account %s: a sync is already running; nothing to do", account_id)
        return None
    try:
        with fewer_collections():
            return _run(account_id, trigger, lock)
    finally:
        lock.release()


def _run(account_id: int, trigger: str, lock: Lock) -> SyncRun | None:
    account = db.session.get(MailAccount, account_id)
    if account is None or not account.is_syncable:
        return None
    with writing():
        run = SyncRun(account_id=account.id, trigger=trigger)
        db.session.add(run)
        account.last_attempt_at = utcnow()
    try:
        credentials = imap_credentials(account)
    except SecretUnavailable:
        _mark_reauth(account)
        return _finish(run, key_error())
    counter = [0]
    try:
        session = SyncSession(credentials, current_app.config["MAIL_TIMEOUT"] * 3, counter)
    except Exception as error:  # any failure to connect or log in is classified, counted and shown
        failure = classify(error, host=credentials.host, port=credentials.port, protocol="IMAP",
                           login=credentials.login)
        _record_failure(account, failure)
        return _finish(run, failure, counter)
    record_success(account)
    try:
        _sync_folders(session, account, run, lock, credentials)
    except CONNECTION_ERRORS as error:
        db.session.rollback()
        failure = classify(error, host=credentials.host, port=credentials.port, protocol="IMAP")
        _record_failure(account, failure)
        return _finish(run, failure, counter)
    except Exception as error:
        # Not the server's fault (and not counted as a connection failure), but the run must not
        # stay 'running': it is closed with the error, and the job fails loudly.
        db.session.rollback()
        _finish(run, MailError("internal", f"{type(error).__name__}: {error}"), counter)
        raise
    finally:
        session.close()
    with writing():
        account.last_success_at = utcnow()
    return _finish(run, None, counter)


def _sync_folders(session: SyncSession, account: MailAccount, run: SyncRun, lock: Lock, credentials) -> None:
    team = frozenset(team_addresses())
    for folder in plan_folders(session, account):
        FolderSync(session, account, folder, run, team, lock, credentials).run()


def _finish(run: SyncRun, failure: MailError | None, counter: list | None = None) -> SyncRun:
    with writing():
        run.finished_at = utcnow()
        run.status = "failed" if failure else "ok"
        run.bytes_read = counter[0] if counter else 0
        if failure is not None:
            run.error, run.error_kind = failure.full_message[:2000], failure.kind
    log.info("account %s: sync %s: imported %s, duplicate %s, skipped %s, failed %s, %s bytes", run.account_id,
             run.status, run.imported, run.duplicate, run.skipped, run.failed, run.bytes_read)
    return run


def _record_failure(account: MailAccount, failure: MailError) -> None:
    record_failure(account.id, failure)
    db.session.refresh(account)


def _mark_reauth(account: MailAccount) -> None:
    """A password no key can open: the user must type it again; this is not a connection failure."""
    failure = key_error()
    with writing():
        account.status = "reauth"
        account.last_error, account.last_error_kind = failure.message, failure.kind


def stale_cutoff():
    """Runs still 'running' after this are dead (worker killed) and no longer shown as syncing."""
    return utcnow() - timedelta(seconds=current_app.config["SYNC_JOB_TIMEOUT"])
