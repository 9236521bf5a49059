"""The app's side of the load benchmark, run in a child process with the benchmark's environment.

    python -m bench.load_app setup --plan PLAN.json
    python -m bench.load_app probe --plan PLAN.json --words faktura umowa … [--repeat 5]

The environment (DATABASE_URL, REDIS_URL, MAILTRAIL_INSTANCE, MAIL_* …) comes from the parent,
bench/load_bench.py, so the encryption key written under MAILTRAIL_INSTANCE is the one the web
server and the workers read. `setup` runs on a database already migrated by `flask db upgrade`:
it creates the users (with supervisors), their mail accounts and the corpus's known contacts
(through the contact services, as the UI does) plus filler contacts without mail. `probe` times
the services behind the pages (search, timeline pages, dashboard lists) in-process, with no
HTTP and no templates, so a slow page can be told apart from a slow query.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from .measure import emit

PASSWORD = "secret-pass"


def _app():
    from webapp import create_app

    return create_app()


# --------------------------------------------------------------------------- setup

def _filler_contacts(count: int) -> int:
    """Persons at companies that never write: a CRM holds far more contacts than recent mail."""
    from webapp.services.contacts import save_company, save_person
    from webapp.services.errors import ValidationError

    made, company_id = 0, None
    for i in range(count):
        if i % 6 == 0:
            try:
                company_id = save_company(None, name=f"Klient Archiwalny {i // 6:04d} Sp. z o.o.",
                                          domains=[f"archiwum-{i // 6:04d}.example.pl"]).id
            except ValidationError:
                company_id = None
        try:
            save_person(None, first_name=f"Kontakt{i:05d}", last_name="Archiwalny", company_id=company_id,
                        emails=[f"kontakt{i:05d}@archiwum-{i // 6:04d}.example.pl"])
            made += 1
        except ValidationError:
            pass
    return made


def setup(plan: dict) -> dict:
    """Users, accounts and contacts from the plan; returns their ids."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Company, MailAccount, Person, User
    from webapp.services.auth import hash_password
    from webapp.services.crypto import encrypt

    from .mailtrail_worker import _create_contacts

    app = _app()
    with app.app_context():
        started = time.monotonic()
        users = []
        for spec in plan["users"]:
            supervisor = users[spec["supervisor"]] if spec.get("supervisor") is not None else None
            user = User(email=spec["email"], name=spec["name"], password_hash=hash_password(spec["password"]),
                        role=spec["role"], supervisor_id=supervisor.id if supervisor else None,
                        locale=spec.get("locale"))
            db.session.add(user)
            db.session.flush()
            users.append(user)
        secret = encrypt(PASSWORD)
        accounts = []
        for spec in plan["accounts"]:
            account = MailAccount(owner_id=users[spec["owner"]].id, login=spec["login"],
                                  address=spec["login"].lower(), password_enc=secret, imap_host="127.0.0.1",
                                  imap_port=spec["port"], imap_security="plain", store="received",
                                  visibility=spec["visibility"], show_on_dashboard=True)
            db.session.add(account)
            accounts.append(account)
        db.session.commit()
        users_s = time.monotonic() - started
        started = time.monotonic()
        counts = _create_contacts(json.loads(Path(plan["contacts_file"]).read_text()))
        counts["filler_persons"] = _filler_contacts(plan.get("filler_contacts", 0))
        db.session.commit()
        contacts_s = time.monotonic() - started
        return {"users": [{"id": u.id, "email": u.email, "role": u.role, "supervisor_id": u.supervisor_id}
                          for u in users],
                "accounts": [{"id": a.id, "login": a.login, "owner_id": a.owner_id, "visibility": a.visibility}
                             for a in accounts],
                "corpus_person_ids": list(db.session.scalars(select(Person.id).where(
                    Person.last_name != "Archiwalny").order_by(Person.id))),
                "persons": db.session.scalar(select(db.func.count()).select_from(Person)),
                "companies": db.session.scalar(select(db.func.count()).select_from(Company)),
                "contacts": counts, "users_s": round(users_s, 2), "contacts_s": round(contacts_s, 2)}


# --------------------------------------------------------------------------- probe

def _timed(function, repeat: int) -> dict:
    times = []
    result = None
    for _ in range(repeat):
        from webapp.extensions import db

        db.session.expire_all()
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "result": result}


def probe(plan: dict, words: list[str], repeat: int) -> dict:
    """Time the services behind the pages, as an admin (sees everything) and a plain user."""
    from flask import g
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import MessageLink, User
    from webapp.services import mail_lists, timeline
    from webapp.services.contacts import get_contact
    from webapp.services.search import search
    from webapp.services.timeline_email import count_visible_emails

    app = _app()
    out: dict = {"search": [], "timeline": [], "dashboard": []}
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == "admin").order_by(User.id))
        plain = db.session.scalar(select(User).where(User.email == plan["probe_user"]))
        viewers = [("admin", admin), ("user", plain)]
        busiest = db.session.execute(select(MessageLink.person_id, func.count()).where(
            MessageLink.person_id.is_not(None)).group_by(MessageLink.person_id)
            .order_by(func.count().desc()).limit(3)).all()
        for role, viewer in viewers:
            for word in words:
                with app.test_request_context():
                    g.pop("visible_accounts", None)
                    timed = _timed(lambda: len(search(viewer, word, limit=30)), repeat)
                out["search"].append({"viewer": role, "q": word, "hits": timed.pop("result"), **timed})
            for person_id, links in busiest:
                contact = get_contact("person", person_id)
                with app.test_request_context():
                    timed = _timed(lambda: len(timeline.page(contact, viewer, limit=20)[0]), repeat)
                    counted = _timed(lambda: count_visible_emails(contact, viewer), repeat)
                out["timeline"].append({"viewer": role, "person_id": person_id, "links": links,
                                        "entries": timed.pop("result"), **timed,
                                        "count_emails_ms": counted["median_ms"]})
            with app.test_request_context():
                timed = _timed(lambda: len(mail_lists.dashboard_mail(viewer)), repeat)
                # What the dashboard shows: the count of unassigned mail, capped.
                unassigned = _timed(lambda: mail_lists.count_unassigned(viewer), repeat)
            out["dashboard"].append({"viewer": role, "mail": timed.pop("result"), **timed,
                                     "unassigned_count_ms": unassigned["median_ms"],
                                     "unassigned": unassigned["result"]})
    return out


# --------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_app", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup")
    setup_parser.add_argument("--plan", required=True)
    probe_parser = commands.add_parser("probe")
    probe_parser.add_argument("--plan", required=True)
    probe_parser.add_argument("--words", nargs="+", required=True)
    probe_parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    plan = json.loads(Path(args.plan).read_text())
    emit(setup(plan) if args.command == "setup" else probe(plan, args.words, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
