"""The reference: mbsync (Debian's isync) pulling the same INBOX into a Maildir on tmpfs.

Each run starts from an empty target and is timed as a whole process (start, login, fetch,
write, exit); the median of several runs is the reference time. The sync benchmark alternates
these runs with Mailtrail's.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .measure import children_cpu_seconds, median

TMPFS = Path("/dev/shm")
INSTALL_HINT = "mbsync is missing: install Debian's isync ('sudo apt-get install -y isync') and run again"

RC_TEMPLATE = """IMAPAccount bench
Host 127.0.0.1
Port {port}
User {login}
Pass {password}
SSLType None
AuthMechs LOGIN
Timeout 600

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path {target}/
Inbox {target}/INBOX

Channel bench
Far :bench-far:
Near :bench-near:
Patterns INBOX
Sync Pull
Create Near
SyncState *
"""


def find_mbsync() -> str | None:
    """The mbsync binary, installed with apt-get first when running as root and it is missing."""
    found = shutil.which("mbsync")
    if found or os.geteuid() != 0:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-q", "isync"], env=env, capture_output=True)
    return shutil.which("mbsync")


def mbsync_version(binary: str) -> str:
    """'isync 1.4.4' or ''."""
    result = subprocess.run([binary, "--version"], capture_output=True, text=True)
    return result.stdout.strip()


def _count_messages(inbox: Path) -> int:
    return sum(len(os.listdir(inbox / sub)) for sub in ("cur", "new") if (inbox / sub).exists())


class Mbsync:
    """mbsync set up against one mailbox: `run()` pulls it once into an empty tmpfs target, so
    its runs can alternate with Mailtrail's (a machine that slows down then weighs on both)."""

    def __init__(self, port: int, login: str, password: str):
        self.binary = find_mbsync()
        self.times: list[float] = []
        self.cpus: list[float] = []
        self.copied: list[int] = []
        self.base = None
        if self.binary is None:
            print(INSTALL_HINT)
            return
        self.base = Path(tempfile.mkdtemp(prefix="mailtrail-bench-mbsync-", dir=TMPFS if TMPFS.is_dir() else None))
        self.rc = self.base / "mbsyncrc"
        self.target = self.base / "mail"
        self.rc.write_text(RC_TEMPLATE.format(port=port, login=login, password=password, target=self.target))
        self.rc.chmod(0o600)

    @property
    def available(self) -> bool:
        return self.binary is not None

    def run(self) -> float:
        """One whole-process pull into an empty target; returns its wall seconds."""
        shutil.rmtree(self.target, ignore_errors=True)
        self.target.mkdir()
        cpu_before = children_cpu_seconds()
        started = time.monotonic()
        result = subprocess.run([self.binary, "-q", "-c", str(self.rc), "-a"], capture_output=True, text=True,
                                timeout=3600)
        seconds = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"mbsync failed ({result.returncode}): {result.stderr[-2000:]}")
        self.times.append(round(seconds, 3))
        self.cpus.append(round(children_cpu_seconds() - cpu_before, 3))
        self.copied.append(_count_messages(self.target / "INBOX"))
        return seconds

    def summary(self) -> dict:
        """The runs so far; `seconds`, their median, is the reference."""
        if not self.available:
            return {"skipped": INSTALL_HINT}
        return {"version": mbsync_version(self.binary), "runs": self.times, "cpu_s": self.cpus,
                "copied": self.copied, "seconds": round(median(self.times), 3), "tmpfs": str(self.base)}

    def close(self) -> None:
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "Mbsync":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

