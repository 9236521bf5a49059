"""Mailtrail's side of the sync benchmark, run in child processes so that memory is the worker's alone.

    python -m bench.mailtrail_worker setup --contacts corpus/contacts.json --port PORT --login LOGIN
    python -m bench.mailtrail_worker sync --account-id ID [--resyncs 3] [--profile OUT.prof]

The environment (DATABASE_URL, REDIS_URL, MAIL_* …) comes from the parent, bench/sync_bench.py.
`setup` migrates an empty database and creates the owner, the corpus's known contacts (through
the contact services, exactly as the UI does) and the mail account. `sync` runs one initial
sync, then no-change resyncs, and reports times, the SyncRun counts, bytes read from the
server, peak RSS, CPU and time per phase of the sync.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time
from pathlib import Path

from .measure import PhaseTimer, children_cpu_seconds, cpu_seconds, emit, peak_rss_mb, reset_peak_rss, rss_mb

PASSWORD = "secret-pass"


def _app():
    from webapp import create_app

    return create_app()


# --------------------------------------------------------------------------- setup

def _create_contacts(contacts: dict) -> dict:
    """Companies (with domains) then persons (with addresses and their company); returns counts."""
    from webapp.services.contacts import save_company, save_person
    from webapp.services.errors import ValidationError

    ids, counts = {}, {"companies": 0, "persons": 0, "refused": 0}
    for company in contacts["companies"]:
        try:
            ids[company["key"]] = save_company(None, name=company["name"], domains=company["domains"]).id
            counts["companies"] += 1
        except ValidationError:
            counts["refused"] += 1
    for person in contacts["persons"]:
        try:
            save_person(None, first_name=person["first_name"], last_name=person["last_name"],
                        company_id=ids.get(person["company"]), emails=person["emails"])
            counts["persons"] += 1
        except ValidationError:
            counts["refused"] += 1
    return counts


def setup(args: argparse.Namespace) -> dict:
    """Migrate, create the owner, the contacts and the account; returns the account id and counts."""
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.models import MailAccount, User
    from webapp.services.crypto import encrypt

    started = time.monotonic()
    app = _app()
    with app.app_context():
        upgrade()
        migrated = time.monotonic() - started
        owner = User(email="owner@perf.example.com", name="Bench Owner", password_hash="!", role="admin")
        db.session.add(owner)
        db.session.flush()
        started_contacts = time.monotonic()
        counts = _create_contacts(json.loads(Path(args.contacts).read_text()))
        contacts_s = time.monotonic() - started_contacts
        # A random id: the sync lock lives in a shared Redis, keyed by account id.
        account = MailAccount(id=random.randint(100_000, 2_000_000_000), owner_id=owner.id, login=args.login,
                              address=args.login.lower(), password_enc=encrypt(PASSWORD), imap_host="127.0.0.1",
                              imap_port=args.port, imap_security="plain", store="received", visibility="everyone")
        db.session.add(account)
        db.session.commit()
        return {"account_id": account.id, "contacts": counts, "migrate_s": round(migrated, 2),
                "contacts_s": round(contacts_s, 2)}


# --------------------------------------------------------------------------- sync

def instrument(timer: PhaseTimer) -> list[str]:
    """Time the sync's phases by wrapping its functions; returns the names it could not find."""
    from webapp.extensions import db
    from webapp.services import folder_sync, mailbox, matching, search_index, storing

    targets = [
        (mailbox.SyncSession, "fetch_heads", "IMAP: fetch headers + BODYSTRUCTURE"),
        (mailbox.SyncSession, "fetch_parts", "IMAP: fetch text/HTML parts"),
        (mailbox.SyncSession, "search_uids", "IMAP: UID SEARCH"),
        (mailbox.SyncSession, "examine", "IMAP: EXAMINE"),
        (folder_sync, "_build", "parse headers + BODYSTRUCTURE"),
        (folder_sync, "apply_body", "decode text/HTML bodies"),
        (folder_sync, "existing_keys", "SQL: look up known messages"),
        (storing, "existing_keys", "SQL: look up known messages"),
        (storing, "_insert_messages", "SQL: insert messages"),
        (storing, "_insert_details", "SQL: insert addresses + attachments"),
        (search_index, "index_documents", "SQL: full-text index"),
        (matching, "link_messages", "SQL: link to contacts"),
        (folder_sync, "record_outcomes", "SQL: record outcomes"),
        (folder_sync, "clear_outcomes", "SQL: record outcomes"),
        (type(db.session), "commit", "SQL: commit"),
    ]
    missing = []
    for owner, attribute, name in targets:
        if hasattr(owner, attribute):
            timer.wrap(owner, attribute, name)
        else:
            missing.append(f"{getattr(owner, '__name__', owner)}.{attribute}")
    return missing


def _run_counts(run) -> dict:
    if run is None:
        return {"status": "not run (account locked or not syncable)"}
    return {"status": run.status, "imported": run.imported, "duplicate": run.duplicate, "skipped": run.skipped,
            "failed": run.failed, "bytes_read": run.bytes_read, "error": run.error or None}


def _database_stats(account_id: int) -> dict:
    """What the sync left in the database: rows per table, links, recorded outcomes."""
    from sqlalchemy import text

    from webapp.extensions import db

    def scalar(sql: str, **params):
        try:
            return db.session.execute(text(sql), params).scalar()
        except Exception as error:  # a table that another version of the schema lacks
            db.session.rollback()
            return f"n/a ({type(error).__name__})"

    stats = {name: scalar(f"SELECT COUNT(*) FROM {name}") for name in
             ("messages", "message_copies", "message_addresses", "attachments", "message_links", "sync_outcomes")}
    stats["linked_messages"] = scalar("SELECT COUNT(DISTINCT message_id) FROM message_links")
    index = "message_fts" if db.engine.dialect.name == "sqlite" else "message_search"
    stats["search_index_rows"] = scalar(f"SELECT COUNT(*) FROM {index}")
    stats["empty_bodies"] = scalar("SELECT COUNT(*) FROM messages WHERE body_text = '' AND body_html = ''")
    try:
        rows = db.session.execute(text(
            "SELECT outcome, reason, COUNT(*) FROM sync_outcomes GROUP BY outcome, reason ORDER BY COUNT(*) DESC"
        )).all()
        stats["outcomes"] = [{"outcome": o, "reason": (r or "")[:200], "count": c} for o, r, c in rows[:10]]
    except Exception:
        db.session.rollback()
    return stats


def _profile_text(profiler: cProfile.Profile, path: Path, top: int = 20) -> str:
    profiler.dump_stats(str(path))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    path.with_suffix(".txt").write_text(text)
    return text


def _profile_fetching_child(path: Path) -> None:
    """Profile the forked fetching child too (it parses the mail); its stats go to `path`."""
    from webapp.services import prefetch_process

    original = prefetch_process._child

    def profiled(*child_args):
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            original(*child_args)
        finally:
            profiler.disable()
            _profile_text(profiler, path, top=40)

    prefetch_process._child = profiled


def sync(args: argparse.Namespace) -> dict:
    """One initial sync, then `resyncs` no-change syncs, in this process."""
    app = _app()
    with app.app_context():
        from webapp.services.sync import sync_account

        timer = PhaseTimer()
        missing = instrument(timer) if args.phases else []
        baseline = rss_mb()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            _profile_fetching_child(Path(args.profile).with_suffix(".child.prof"))
        cpu_before, children_before = cpu_seconds(), children_cpu_seconds()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        run = sync_account(args.account_id, trigger="cli")
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        result = {"initial_s": round(seconds, 3), "initial": _run_counts(run),
                  "cpu_s": round(cpu_seconds() - cpu_before, 3),
                  # the forked fetching processes, reaped by the end of the sync
                  "fetch_cpu_s": round(children_cpu_seconds() - children_before, 3), "baseline_rss_mb": baseline,
                  "peak_rss_mb": peak_rss_mb(), "phases": timer.report(seconds) if args.phases else {},
                  "uninstrumented": missing}
        if profiler:
            result["profile_top"] = _profile_text(profiler, Path(args.profile))
        result.update(_resyncs(args.account_id, args.resyncs, sync_account))
        result["database"] = _database_stats(args.account_id)
        return result


def _resyncs(account_id: int, count: int, sync_account) -> dict:
    """No-change syncs right after the initial one: times, counts and their own peak RSS."""
    peak_reset = reset_peak_rss()
    times, counts = [], []
    for _ in range(count):
        started = time.perf_counter()
        run = sync_account(account_id, trigger="cli")
        times.append(round(time.perf_counter() - started, 4))
        counts.append(_run_counts(run))
    return {"resync_s": times, "resync": counts, "resync_peak_rss_mb": peak_rss_mb() if peak_reset else None}


# --------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mailtrail_worker", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup")
    setup_parser.add_argument("--contacts", required=True)
    setup_parser.add_argument("--port", type=int, required=True)
    setup_parser.add_argument("--login", required=True)
    sync_parser = commands.add_parser("sync")
    sync_parser.add_argument("--account-id", type=int, required=True)
    sync_parser.add_argument("--resyncs", type=int, default=3)
    sync_parser.add_argument("--profile", help="profile the initial sync with cProfile into this .prof file")
    sync_parser.add_argument("--no-phases", dest="phases", action="store_false",
                             help="do not time the sync's phases (wrappers cost well under 1%%)")
    args = parser.parse_args(argv)
    emit(setup(args) if args.command == "setup" else sync(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
