"""A private Dovecot loaded with a benchmark corpus (the test suite's Dovecot fixture, reused).

Messages go straight into the user's Maildir `cur/` (hard links to the cached corpus when
possible: instant, and no second copy on disk), so loading 50,000 messages takes seconds
instead of the minutes IMAP APPEND would. Dovecot's own index is then built by one SELECT,
timed separately, and the files are read once so every contender starts with a warm page
cache.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.fixtures.mailserver import MailServer, start_mail_server

from .corpus import Corpus

PASSWORD = "secret-pass"


@dataclass
class LoadedMailbox:
    """A running Dovecot with one user whose INBOX holds the corpus."""

    server: MailServer
    login: str
    workdir: Path
    messages: int
    load_seconds: float
    index_seconds: float
    warm_seconds: float

    @property
    def port(self) -> int:
        return self.server.imap_port

    @property
    def password(self) -> str:
        return PASSWORD

    def log_errors(self, limit: int = 5) -> dict:
        """Errors and warnings in Dovecot's log so far: a count and the first few lines."""
        log = self.workdir / "dovecot" / "dovecot.log"
        lines = [line for line in (log.read_text(errors="replace").splitlines() if log.exists() else [])
                 if ": Error:" in line or ": Warning:" in line or ": Panic:" in line]
        return {"count": len(lines), "first": lines[:limit]}


def make_workdir(prefix: str = "mailtrail-bench-") -> Path:
    """A world-traversable temporary directory under /tmp (Dovecot's mail processes run as nobody)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


def _place(files: list[Path], target: Path) -> None:
    """Hard-link (or, across file systems, copy) the corpus files into a Maildir `cur/`."""
    for sub in ("cur", "new", "tmp"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    cur = target / "cur"
    for path in files:
        try:
            os.link(path, cur / path.name)
        except OSError:
            shutil.copy2(path, cur / path.name)


def _hand_to_dovecot(maildir: Path) -> None:
    """As root, Dovecot reads and writes mail as nobody: give it the Maildir."""
    if os.geteuid() != 0:
        return
    nobody = pwd.getpwnam("nobody")
    subprocess.run(["chown", "-R", f"{nobody.pw_uid}:{nobody.pw_gid}", str(maildir)], check=True)


def _index(server: MailServer, login: str) -> int:
    """SELECT INBOX once: Dovecot scans the Maildir and builds its index. Returns the message count."""
    client = server.connect(login, PASSWORD)
    try:
        client.socket().settimeout(600)
        typ, data = client.select("INBOX", readonly=True)
        if typ != "OK":
            raise RuntimeError(f"Dovecot could not open INBOX: {data}")
        return int(data[0])
    finally:
        client.logout()


def warm_page_cache(files: list[Path]) -> float:
    """Read every file once; returns the seconds it took."""
    started = time.monotonic()
    for path in files:
        with open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    return time.monotonic() - started


@contextmanager
def loaded_mailbox(corpus: Corpus, workdir: Path, login: str = "bench@perf.example.com"):
    """Start Dovecot under workdir/dovecot, load the corpus into `login`'s INBOX, yield a LoadedMailbox."""
    server = start_mail_server(workdir / "dovecot")
    try:
        server.add_user(login, PASSWORD)
        files = corpus.files()
        started = time.monotonic()
        maildir = server.maildir(login)
        _place(files, maildir)
        _hand_to_dovecot(maildir)
        load_seconds = time.monotonic() - started
        started = time.monotonic()
        count = _index(server, login)
        index_seconds = time.monotonic() - started
        if count != len(files):
            raise RuntimeError(f"Dovecot sees {count} messages, the corpus has {len(files)}")
        warm_seconds = warm_page_cache(files)
        yield LoadedMailbox(server, login, workdir, count, load_seconds, index_seconds, warm_seconds)
    finally:
        server.stop()


def dovecot_version() -> str:
    """`dovecot --version`, or '' when it cannot be run."""
    try:
        return subprocess.run(["/usr/sbin/dovecot", "--version"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except OSError:
        return ""
