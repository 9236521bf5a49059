"""The reference: mbsync (Debian's isync) pulling the same INBOX into a Maildir on tmpfs.

Each run starts from an empty target and is timed as a whole process (start, login, fetch,
write, exit); the median of several runs is the reference time.
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


def _one_run(binary: str, rc: Path, target: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of mbsync, messages it wrote) for one pull into an empty target."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    cpu_before = children_cpu_seconds()
    started = time.monotonic()
    result = subprocess.run([binary, "-q", "-c", str(rc), "-a"], capture_output=True, text=True, timeout=3600)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"mbsync failed ({result.returncode}): {result.stderr[-2000:]}")
    return seconds, children_cpu_seconds() - cpu_before, _count_messages(target / "INBOX")


def run_mbsync(port: int, login: str, password: str, runs: int = 3) -> dict:
    """Pull the INBOX `runs` times into tmpfs; the median is the reference. Skipped when mbsync is missing."""
    binary = find_mbsync()
    if binary is None:
        print(INSTALL_HINT)
        return {"skipped": INSTALL_HINT}
    base = Path(tempfile.mkdtemp(prefix="mailtrail-bench-mbsync-", dir=TMPFS if TMPFS.is_dir() else None))
    try:
        rc = base / "mbsyncrc"
        target = base / "mail"
        rc.write_text(RC_TEMPLATE.format(port=port, login=login, password=password, target=target))
        rc.chmod(0o600)
        times, cpus, copied = [], [], []
        for _ in range(runs):
            seconds, cpu, count = _one_run(binary, rc, target)
            times.append(round(seconds, 3))
            cpus.append(round(cpu, 3))
            copied.append(count)
        return {"version": mbsync_version(binary), "runs": times, "cpu_s": cpus, "copied": copied,
                "seconds": round(median(times), 3), "tmpfs": str(base)}
    finally:
        shutil.rmtree(base, ignore_errors=True)
