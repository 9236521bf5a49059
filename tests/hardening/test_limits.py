"""Hostile input has limits: each generated monster is stored (truncated, flagged) in bounded time and memory,
and Python's own corpus of odd real-world messages syncs with every message accounted for."""
import sysconfig
import time
import tracemalloc
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Message, MessageAddress
from webapp.services.account_status import folder_reports
from webapp.services.sync import sync_account


def many_parts(count: int) -> bytes:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["Message-ID"] = "Many parts", "a@x.example", "<parts@x>"
    msg.set_content("body")
    for i in range(count):
        msg.add_attachment(b"x", maintype="application", subtype="octet-stream", filename=f"f{i}.bin")
    return msg.as_bytes()


def huge_header() -> bytes:
    # Half a megabyte of headers the sync never fetches, half in a References field it does.
    filler = "".join(f"X-Filler-{i}: {'y' * 1000}\r\n" for i in range(512))
    references = "References: " + "\r\n ".join(f"<ref-{i}-{'r' * 40}@x.example>" for i in range(9000))
    return (f"Subject: Huge header\r\nFrom: a@x.example\r\nMessage-ID: <header@x>\r\n{filler}"
            f"{references}\r\n\r\nbody\r\n").encode()


def nested(levels: int) -> bytes:
    inner = b"Subject: level 0\r\nFrom: a@x.example\r\n\r\ninnermost\r\n"
    for level in range(1, levels + 1):
        inner = (f"Subject: level {level}\r\nFrom: a@x.example\r\nMessage-ID: <nest{level}@x>\r\n"
                 f"Content-Type: message/rfc822\r\n\r\n").encode() + inner
    return inner


def huge_html() -> bytes:
    html = "<html><body>" + "<p>Zażółć gęślą jaźń.</p>" * (10 * 1024 * 1024 // 28) + "</body></html>"
    return (b"Subject: Huge HTML\r\nFrom: a@x.example\r\nMessage-ID: <html@x>\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode())


def crowded_cc() -> bytes:
    cc = ", ".join(f"person{i}@firma{i % 50}.example" for i in range(5000))
    return f"Subject: Everyone\r\nFrom: a@x.example\r\nMessage-ID: <cc@x>\r\nCc: {cc}\r\n\r\nhi\r\n".encode()


MONSTERS = {"1100 parts": (lambda: many_parts(1100)), "1 MB header": huge_header,
            "100 nested messages": (lambda: nested(100)), "10 MB HTML": huge_html, "5000 Cc": crowded_cc}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(MONSTERS))
def test_each_monster_is_bounded(mail_server, make_user, make_account, name):
    account = make_account(make_user())
    mail_server.append(account.login, MONSTERS[name]())
    mail_server.append(account.login, b"Subject: after the monster\r\nFrom: b@x.example\r\n\r\nstill here\r\n")
    tracemalloc.start()
    started = time.monotonic()
    run = sync_account(account.id)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert run.status == "ok" and run.imported == 2, run.error
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"
    assert peak < 256 * 1024 * 1024, f"{name} peaked at {peak // 2**20} MB"
    monster = db.session.scalar(select(Message).where(Message.subject != "after the monster"))
    assert monster.truncated, name
    if name == "5000 Cc":
        assert db.session.scalar(select(func.count()).select_from(MessageAddress)
                                 .where(MessageAddress.message_id == monster.id)) <= 1001
    if name == "10 MB HTML":
        assert len(monster.body_html) <= 2 * 1024 * 1024


def python_email_corpus() -> list[Path]:
    data = Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"
    files = sorted(data.glob("msg_*.txt"))
    assert files, f"Python's email test corpus is missing at {data} (Debian: apt-get install libpython3-testsuite)"
    return files


@pytest.mark.slow
def test_pythons_own_email_corpus_is_accounted_for(mail_server, make_user, make_account):
    files = python_email_corpus()
    account = make_account(make_user(), store="received")
    mail_server.append_many(account.login, [f.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                                            for f in files])
    run = sync_account(account.id)
    assert run.status == "ok", run.error
    assert run.imported + run.duplicate + run.skipped + run.failed == len(files)
    report = folder_reports(account)[0]
    assert report.on_server == len(files) and report.not_yet_synced == 0
    assert report.imported + report.duplicate + report.skipped + report.failed == len(files)
