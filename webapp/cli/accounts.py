"""`flask accounts …`: connect, list, delete and sync mail accounts from scripts."""
from __future__ import annotations

import json
import sys
import time

import click
from sqlalchemy import select

from ..extensions import db
from ..models import MailAccount
from ..models.account import SECURITY_CHOICES, STORE_CHOICES, VISIBILITY_CHOICES
from ..services import account_status
from ..services.account_removal import delete_account
from ..services.accounts import AccountInput, save_account
from ..services.errors import ValidationError
from ..services.mailerrors import MailError
from ..services.users import find_by_email


@click.group("accounts")
def accounts() -> None:
    """Manage connected mail accounts."""


@accounts.command("add")
@click.option("--owner", "owner_email", required=True, help="Email of the user who owns the mailbox.")
@click.option("--login", required=True)
@click.option("--host", required=True)
@click.option("--port", type=int, required=True)
@click.option("--security", type=click.Choice(SECURITY_CHOICES), default="ssl", show_default=True)
@click.option("--store", type=click.Choice(STORE_CHOICES), default="all", show_default=True)
@click.option("--visibility", type=click.Choice(VISIBILITY_CHOICES), default="owner", show_default=True)
@click.option("--dashboard", is_flag=True, help="Show its mail on the dashboard.")
@click.option("--sending", is_flag=True, help="Allow sending from this account.")
@click.option("--smtp-host", default="")
@click.option("--smtp-port", type=int)
@click.option("--smtp-security", type=click.Choice(SECURITY_CHOICES), default="ssl", show_default=True)
@click.option("--since-days", type=int, help="How far back the first sync goes (default: everything).")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
def add(owner_email, login, host, port, security, store, visibility, dashboard, sending, smtp_host, smtp_port,
        smtp_security, since_days, password_stdin) -> None:
    """Connect a mailbox (the same validation and connection test as the form); prints its id."""
    owner = find_by_email(owner_email)
    if owner is None:
        raise click.ClickException(f"No user with the email {owner_email}.")
    password = sys.stdin.readline().rstrip("\r\n")
    data = AccountInput(login=login, password=password, imap_host=host, imap_port=port, imap_security=security,
                        owner_id=owner.id, store=store, visibility=visibility, show_on_dashboard=dashboard,
                        since_days=since_days, sending_enabled=sending, smtp_host=smtp_host, smtp_port=smtp_port,
                        smtp_security=smtp_security, smtp_same_login=True, is_default_sender=sending)
    try:
        account = save_account(None, data, acting=None)
    except (ValidationError, MailError) as error:
        db.session.rollback()
        message = error.message if isinstance(error, ValidationError) else error.full_message
        raise click.ClickException(message) from None
    db.session.commit()
    click.echo(account.id)


def _row_dict(row) -> dict:
    account = row.account
    return {"id": account.id, "login": account.login, "owner": account.owner.email, "status": row.status,
            "fetched": row.fetched, "assigned": row.assigned,
            "last_sync": account.last_success_at.isoformat() if account.last_success_at else None}


@accounts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_accounts(as_json: bool) -> None:
    """One line per account: id, address, owner, status, fetched, assigned, last sync."""
    rows = []
    for account in db.session.scalars(select(MailAccount).order_by(MailAccount.id)):
        run = account_status.running_run(account.id)
        fetched, assigned = account_status.counts(account.id)
        rows.append(_row_dict(account_status.AccountRow(account, account_status.status_of(account, run), True,
                                                        fetched, assigned, run)))
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo("\t".join(str(row[key]) if row[key] is not None else "-" for key in
                             ("id", "login", "owner", "status", "fetched", "assigned", "last_sync")))


@accounts.command("delete")
@click.argument("account_id", type=int)
def delete(account_id: int) -> None:
    """Delete an account and the messages no other account holds."""
    account = db.session.get(MailAccount, account_id)
    if account is None:
        raise click.ClickException(f"No account with id {account_id}.")
    summary = delete_account(account)
    db.session.commit()
    click.echo(f"Deleted account {account_id}: {summary.going} messages removed, {summary.staying} kept.")


@accounts.command("sync")
@click.argument("account_id", type=int)
@click.option("--wait", is_flag=True, help="Wait for the sync and print its outcome counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.option("--timeout", type=int, default=3600, show_default=True, help="Seconds to wait at most.")
def sync(account_id: int, wait: bool, as_json: bool, timeout: int) -> None:
    """Queue a sync of one account on the worker (a no-op while one is queued or running)."""
    from ..services.sync_queue import queue_sync

    if db.session.get(MailAccount, account_id) is None:
        raise click.ClickException(f"No account with id {account_id}.")
    job = queue_sync(account_id, trigger="cli")
    if job is None:
        raise click.ClickException(f"A sync of account {account_id} is already queued or running.")
    if not wait:
        click.echo(f"Queued sync of account {account_id} (job {job.id}).")
        return
    counts = _wait_for(job, timeout)
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo(", ".join(f"{key} {value}" for key, value in counts.items() if key != "error")
                   + (f"; error: {counts['error']}" if counts.get("error") else ""))
    if counts.get("error"):
        raise SystemExit(1)


def _wait_for(job, timeout: int) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = job.get_status(refresh=True)
        if status == "finished":
            result = job.return_value()
            return result or {"imported": 0, "duplicate": 0, "skipped": 0, "failed": 0,
                              "error": "another sync held the account"}
        if status in ("failed", "stopped", "canceled"):
            return {"imported": 0, "duplicate": 0, "skipped": 0, "failed": 0, "error": f"the sync job {status}"}
        if time.monotonic() > deadline:
            raise click.ClickException("Timed out waiting for the sync.")
        time.sleep(0.5)
