"""The load benchmark: many mailboxes syncing at once while users browse timelines and search.

    python -m bench.load_bench [--accounts 20] [--messages-per-account 2000] [--users 20]
                               [--think-ms 100 300] [--baseline-seconds 60] [--database sqlite|postgres|both]
                               [--py-spy PATH] [--keep-logs] [--keep-database DIR]

Everything runs for real on loopback, started by this module and stopped at the end (also on
failure, Ctrl-C or SIGTERM):
1. a private Dovecot with --accounts mailboxes of --messages-per-account messages each, from the
   seeded corpus (bench/corpus.py, cached): every mailbox holds its own slice of the corpus, spread
   over the corpus's two years, plus --shared (10%) of a colleague's messages (the same mail in two
   mailboxes, as when colleagues are in Cc), placed into Maildir cur/ and indexed by Dovecot first;
2. a private Redis (unix socket; or --load-redis-url, which is FLUSHED), a fresh SQLite database in a
   temporary directory (or a throw-away PostgreSQL database), `flask db upgrade`, one user per
   mailbox (an admin, two managers, staff with and without a supervisor), one mail account per user
   (visibility everyone / managers / owner), the corpus's known contacts and filler contacts;
3. the app as `make run` starts it: gunicorn as gunicorn.conf.py sets it up (two workers of two
   threads per core), and every account's sync queued with `flask accounts sync ID` (no --wait) before any worker runs;
4. the load: exactly --rq-workers (2) `flask worker` processes start and, at the same moment,
   --users simulated users (bench/load_client.py) log in (CSRF token from the form) and loop over
   a contact page, its next timeline page (htmx), a search (htmx, Polish words among others) and
   the dashboard, with 100–300 ms of think time, until every sync has finished; then the same users
   browse on for --baseline-seconds with no sync running (the baseline), and one user alone browses
   for --single-seconds without think time (each page's time without queueing);
5. the services behind the pages are timed in-process at rest (bench/load_app.py probe).
Measured besides the page times: time inside gunicorn (its access log), CPU per process group and
of the whole machine, the load average, SQLite's write-lock wait (a BEGIN IMMEDIATE probe once a
second), 'database is locked' and tracebacks in every log, and with --py-spy where the gunicorn
request threads spend their time. The note goes to stdout and, with the raw JSON, to bench/results/.

Target (the project issue): zero errors, p95 under 200 ms for timeline and search pages during
the sync on SQLite.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

from tests.fixtures.mailserver import start_mail_server

from . import report
from .corpus import ensure_corpus
from .load_client import ContactPool, Crowd, Recorder, SimulatedUser
from .mailserver import PASSWORD, _hand_to_dovecot, _index, _place, dovecot_version, make_workdir, warm_page_cache
from .measure import REPO, load_average, run_child

P95_TARGET_MS = 200
TARGET_KINDS = ("timeline", "timeline next page", "search")
PAGE_KINDS = ("timeline", "timeline next page", "search", "dashboard")
OTHER_KINDS = ("login form", "login")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "flask").exists() else Path(sys.executable).parent
ACCESS_FORMAT = '%(t)s "%(r)s" %(s)s %(B)s %(D)s "%({x-bench-phase}i)s"'
LOG_PATTERNS = {"database is locked": re.compile(r"database is locked", re.I),
                "Traceback": re.compile(r"^Traceback", re.M),
                "ERROR": re.compile(r"\bERROR\b|\[ERROR\]"),
                "OperationalError": re.compile(r"OperationalError"),
                "worker timeout": re.compile(r"WORKER TIMEOUT", re.I)}

# The team: the corpus's own mailbox owner and colleagues first, then more staff.
TEAM = [("Tomasz Wiśniewski", "bench"), ("Anna Kowalska", "anna.kowalska"), ("Jan Mazur", "jan.mazur"),
        ("Biuro Perf", "biuro"), ("Katarzyna Nowak", "katarzyna.nowak"), ("Piotr Zieliński", "piotr.zielinski"),
        ("Magdalena Wójcik", "magdalena.wojcik"), ("Michał Kamiński", "michal.kaminski"),
        ("Agnieszka Lewandowska", "agnieszka.lewandowska"), ("Krzysztof Dąbrowski", "krzysztof.dabrowski"),
        ("Ewa Szymańska", "ewa.szymanska"), ("Paweł Woźniak", "pawel.wozniak"),
        ("Joanna Kozłowska", "joanna.kozlowska"), ("Marcin Jankowski", "marcin.jankowski"),
        ("Monika Wojciechowska", "monika.wojciechowska"), ("Łukasz Kwiatkowski", "lukasz.kwiatkowski"),
        ("Aleksandra Krawczyk", "aleksandra.krawczyk"), ("Grzegorz Piotrowski", "grzegorz.piotrowski"),
        ("Natalia Grabowska", "natalia.grabowska"), ("Tomasz Pawłowski", "tomasz.pawlowski")]
DOMAIN = "perf.example.com"
VISIBILITIES = ("everyone", "managers", "everyone", "owner", "everyone")
PROBE_WORDS = ["faktura", "zamówienie", "płatność", "umowa", "spotkanie", "fakt", "invoice", "Rechnung",
               "korekta faktury"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench", description=__doc__.split("\n\n")[0],
                                     allow_abbrev=False)
    parser.add_argument("--accounts", type=int, default=20, help="mailboxes, one per user (20)")
    parser.add_argument("--messages-per-account", type=int, default=2000, help="messages per mailbox (2000)")
    parser.add_argument("--shared", type=float, default=0.10,
                        help="share of a mailbox's messages that a colleague's mailbox holds too (0.10)")
    parser.add_argument("--users", type=int, default=20, help="simulated users browsing (20)")
    parser.add_argument("--company-share", type=float, default=0.25,
                        help="share of contact pages that are a company's (its people's mail too) (0.25)")
    parser.add_argument("--think-ms", type=int, nargs=2, default=[100, 300], metavar=("MIN", "MAX"),
                        help="think time between a user's requests (100 300)")
    parser.add_argument("--without-dashboard", action="store_true",
                        help="diagnosis: users skip the dashboard (what its queries cost the other pages)")
    parser.add_argument("--baseline-seconds", type=float, default=60, help="browsing with no sync running (60)")
    parser.add_argument("--single-seconds", type=float, default=20,
                        help="then one user alone, no think time: each page's time without queueing (20)")
    parser.add_argument("--rq-workers", type=int, default=2, help="`flask worker` processes (2)")
    parser.add_argument("--worker-nice", type=int, default=0,
                        help="start the RQ workers under `nice -n N` (a deployment choice: pages before syncs) (0)")
    parser.add_argument("--web-workers", type=int, help="gunicorn worker processes (as make run: gunicorn.conf.py)")
    parser.add_argument("--web-threads", type=int, help="threads per gunicorn worker (as make run: gunicorn.conf.py)")
    parser.add_argument("--filler-contacts", type=int, default=1800,
                        help="persons without mail besides the corpus's ~1,250 known contacts (1800)")
    parser.add_argument("--sync-timeout", type=float, default=1800, help="give up on the syncs after this (s)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite",
                        help="sqlite (the target's database), postgres, or both one after the other")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG),
                        help="server URL without a database; a throw-away database is created and dropped")
    parser.add_argument("--load-redis-url", help="use this Redis database (it is FLUSHED) instead of a private "
                                                 "redis-server on a unix socket")
    parser.add_argument("--py-spy", metavar="PATH",
                        help="a py-spy binary: sample the gunicorn workers during the sync (raw + SVG)")
    parser.add_argument("--keep-logs", action="store_true",
                        help="copy the gunicorn, worker and Dovecot logs next to the results")
    parser.add_argument("--keep-database", type=Path, metavar="DIR",
                        help="copy the SQLite database here at the end (to study its queries)")
    parser.add_argument("--cache-dir", type=Path, help="corpus cache (bench/.cache)")
    parser.add_argument("--results-dir", type=Path, help="where tables and JSON go (bench/results)")
    return parser


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the mailboxes

def mailbox_slices(files: list[Path], accounts: int, per_account: int, shared_share: float) -> list[list[Path]]:
    """Each mailbox's messages: its own evenly spread slice, plus `shared_share` of a colleague's."""
    shared = round(per_account * shared_share) if accounts > 1 else 0
    own = per_account - shared
    unique = own * accounts
    if unique > len(files):
        raise ValueError(f"the corpus has {len(files):,} messages, {unique:,} distinct ones are needed")
    step = len(files) / unique
    pool = [files[int(j * step)] for j in range(unique)]
    owns = [pool[k::accounts] for k in range(accounts)]
    boxes = []
    for k in range(accounts):
        colleague = owns[(k + 1) % accounts]
        stride = len(colleague) / shared if shared else 0
        boxes.append(sorted(owns[k] + [colleague[int(j * stride)] for j in range(shared)]))
    return boxes


def corpus_size_for(unique: int) -> int:
    """The smallest standard (cached) corpus that holds `unique` distinct messages."""
    for size in (10_000, 50_000):
        if unique <= size:
            return size
    return unique


def team_plan(accounts: int, port: int) -> dict:
    """Users (admin, two managers, staff with and without a supervisor) and one account each."""
    users, boxes = [], []
    for k in range(accounts):
        name, local = TEAM[k] if k < len(TEAM) else (f"Pracownik {k:03d}", f"pracownik{k:03d}")
        supervisor = None if k == 0 else 0 if k in (1, 2) else None if k % 4 == 0 else 1 + k % 2
        users.append({"email": f"{local}@{DOMAIN}", "name": name, "role": "admin" if k == 0 else "user",
                      "supervisor": supervisor, "password": f"Load-bench-{k:02d}!",
                      "locale": "pl" if k % 3 == 0 else None})
        boxes.append({"owner": k, "login": f"{local}@{DOMAIN}", "visibility": VISIBILITIES[k % len(VISIBILITIES)],
                      "port": port})
    return {"users": users, "accounts": boxes}


def load_dovecot(server, logins: list[str], slices: list[list[Path]]) -> dict:
    """Add the users (one passwd-file write), place their mail, let Dovecot index every INBOX."""
    for login in logins[:-1]:
        # One write of the domain's passwd-file for all users: add_user would rewrite it (and wait
        # a second for Dovecot to notice) once per user.
        server.users[login] = f"{login}:{{PLAIN}}{PASSWORD}::::::"
    server.add_user(logins[-1], PASSWORD)
    started = time.monotonic()
    for login, files in zip(logins, slices):
        maildir = server.maildir(login)
        _place(files, maildir)
        _hand_to_dovecot(maildir)
    placed = time.monotonic() - started
    started = time.monotonic()
    for login, files in zip(logins, slices):
        count = _index(server, login)
        if count != len(files):
            raise RuntimeError(f"Dovecot sees {count} messages for {login}, {len(files)} were placed")
    indexed = time.monotonic() - started
    warm = warm_page_cache(sorted({f for files in slices for f in files}))
    return {"place_s": round(placed, 2), "index_s": round(indexed, 2), "warm_cache_s": round(warm, 2)}


# --------------------------------------------------------------------------- processes

class Processes:
    """The services this run started, each in its own session so its whole tree can be stopped."""

    def __init__(self, logdir: Path):
        self.logdir = logdir
        logdir.mkdir(parents=True, exist_ok=True)
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        with open(self.logdir / f"{name}.log", "ab") as log:
            process = subprocess.Popen(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append((name, process))
        return process

    def pid(self, name: str) -> int:
        return next(p.pid for n, p in self.started if n == name)

    def stop_all(self) -> list[str]:
        """SIGTERM each (newest first), then SIGINT (RQ's cold shutdown), then SIGKILL its process group."""
        notes = []
        for name, process in reversed(self.started):
            if process.poll() is not None:
                continue
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGINT, 5), (signal.SIGKILL, 5)):
                try:
                    if sig == signal.SIGKILL:
                        os.killpg(process.pid, sig)  # the group this run created for it (work horses too)
                    else:
                        process.send_signal(sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    notes.append(f"{name} ignored {sig.name}")
            try:  # anything left in its group (a work horse whose worker died first)
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.started.clear()
        return notes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_private_redis(processes: Processes, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    sock = folder / "redis.sock"
    processes.start("redis", ["redis-server", "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                              "--dir", str(folder), "--save", "", "--appendonly", "no"], dict(os.environ))
    for _ in range(100):
        if sock.exists():
            return f"unix://{sock}"
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start (see its log)")


def app_env(database_url: str, redis_url: str, instance: Path, imap_port: int) -> dict:
    """The environment of every Mailtrail process of the run (web, workers, CLI commands)."""
    instance.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(32), "MAILTRAIL_INSTANCE": str(instance),
            "MAIL_ALLOWED_NETWORKS": "127.0.0.0/8", "MAIL_ALLOW_PLAINTEXT": "1", "MAIL_ALLOWED_PORTS": str(imap_port),
            "MAIL_MX_LOOKUP": "0", "LOG_LEVEL": "INFO", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}


def flask(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    completed = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({completed.returncode}): "
                           f"{(completed.stdout + completed.stderr)[-2000:]}")
    return completed


def wait_for_web(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start (see its log)")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/auth/login")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /auth/login")


# --------------------------------------------------------------------------- watching the run

def _proc_table() -> dict[int, tuple[int, int]]:
    """{pid: (ppid, utime+stime+cutime+cstime ticks)} of every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return table


def tree_ticks(table: dict, root: int, own_only: bool = False) -> int:
    """CPU ticks of `root` and its live descendants (reaped ones count in their parent's cutime)."""
    if own_only:
        with open(f"/proc/{root}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += table.get(pid, (0, 0))[1]
        stack += children.get(pid, [])
    return total


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class Monitor(threading.Thread):
    """Every second: machine CPU, load average, CPU per process group, sync progress; every few
    seconds the persons that have mail (what the simulated users open)."""

    def __init__(self, groups: dict[str, int], engine, pool: ContactPool, recorder: Recorder):
        super().__init__(name="monitor", daemon=True)
        self.groups, self.engine, self.pool, self.recorder = groups, engine, pool, recorder
        self.samples: list[dict] = []
        self.stopping = threading.Event()
        self.runs: list[dict] = []
        self.error = ""

    def sample(self) -> dict:
        table = _proc_table()
        busy, total = machine_ticks()
        ticks = {name: tree_ticks(table, pid, own_only=(name == "load client"))
                 for name, pid in list(self.groups.items())}
        return {"t": time.monotonic(), "busy": busy, "total": total, "load1": os.getloadavg()[0], "groups": ticks,
                "phase": self.recorder.phase}

    def refresh_runs(self) -> list[dict]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT account_id, status, started_at, finished_at, progress_done, progress_total, imported, "
                "duplicate, skipped, failed, error FROM sync_runs ORDER BY id")).mappings().all()
        self.runs = [dict(r) for r in rows]
        return self.runs

    def refresh_contacts(self) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            for kind in ("person", "company"):
                self.pool.update(kind, [(r[0], r[1]) for r in conn.execute(text(
                    f"SELECT {kind}_id, COUNT(*) FROM message_links WHERE {kind}_id IS NOT NULL GROUP BY {kind}_id"))])

    def run(self) -> None:
        tick = 0
        while not self.stopping.is_set():
            try:
                sample = self.sample()
                if self.recorder.phase == "sync":
                    self.refresh_runs()
                    if tick % 3 == 0:
                        self.refresh_contacts()
                    sample["stored"] = sum(r["progress_done"] or 0 for r in self.runs)
                self.samples.append(sample)
            except Exception as error:  # keep watching; report the first problem
                self.error = self.error or f"{type(error).__name__}: {error}"
            tick += 1
            self.stopping.wait(1.0)


class LockProbe(threading.Thread):
    """Once a second, how long a writer waits for SQLite's write lock (BEGIN IMMEDIATE, then ROLLBACK):
    what every POST (login, a note, an email) waits for while the sync's batches commit."""

    def __init__(self, path: str, recorder: Recorder):
        super().__init__(name="lock-probe", daemon=True)
        self.path, self.recorder = path, recorder
        self.waits: list[tuple[str, float]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        import sqlite3

        from webapp.database import _begin_immediate  # how a page's write takes the lock

        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            while not self.stopping.is_set():
                phase = self.recorder.phase
                started = time.perf_counter()
                try:
                    _begin_immediate(conn)
                    conn.execute("ROLLBACK")
                    self.waits.append((phase, (time.perf_counter() - started) * 1000))
                except sqlite3.OperationalError:  # waited the whole busy timeout
                    self.waits.append((phase, float("inf")))
                self.stopping.wait(1.0)
        finally:
            conn.close()

    def summary(self, phase: str) -> dict:
        ms = [w for p, w in self.waits if p == phase]
        return {"count": len(ms), "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95),
                "max": max(ms) if ms else float("nan"), "over_100ms": sum(1 for w in ms if w > 100)}


# --------------------------------------------------------------------------- the scenario

def queue_syncs(env: dict, account_ids: list[int]) -> dict:
    """`flask accounts sync ID` (no --wait: it only queues) for every account, one after another."""
    started = time.monotonic()
    times = []
    for account_id in account_ids:
        began = time.monotonic()
        flask(env, "accounts", "sync", str(account_id), timeout=120)
        times.append(time.monotonic() - began)
    return {"queue_s": round(time.monotonic() - started, 2), "per_command_s": round(sum(times) / len(times), 2)}


def wait_for_syncs(monitor: Monitor, redis_url: str, accounts: int, timeout: float) -> str:
    """Until every account has a finished run and none is running; returns '' or what went wrong."""
    from redis import Redis
    from rq import Queue
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    connection = Redis.from_url(redis_url)
    queue = Queue("mailtrail", connection=connection)
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        runs = monitor.refresh_runs()
        finished = {r["account_id"] for r in runs if r["finished_at"] is not None}
        running = [r for r in runs if r["finished_at"] is None]
        if len(finished) >= accounts and not running:
            return ""
        jobs_left = queue.count + StartedJobRegistry(queue=queue).count
        if jobs_left == 0:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 10:
                failed = FailedJobRegistry(queue=queue).count
                return (f"the queue is empty but only {len(finished)} of {accounts} accounts finished a sync "
                        f"({failed} failed jobs)")
        else:
            idle_since = None
        time.sleep(0.5)
    return f"timed out after {timeout:.0f} s"


def _utc(value) -> datetime | None:
    """A timestamp from the database (aware, naive UTC or an ISO string) as aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def sync_summary(runs: list[dict], queued_at_wall: float, messages: int) -> dict:
    """Total time from the workers' start (every sync queued) to the last run's end; per-run durations."""
    starts = [_utc(r["started_at"]) for r in runs]
    ends = [_utc(r["finished_at"]) for r in runs if r["finished_at"] is not None]
    if not ends:
        return {"runs": len(runs), "finished": 0}
    last_end = max(ends).timestamp()
    durations = sorted((_utc(r["finished_at"]) - _utc(r["started_at"])).total_seconds() for r in runs
                       if r["finished_at"] is not None)
    total = last_end - queued_at_wall
    totals = {k: sum(r[k] or 0 for r in runs) for k in ("imported", "duplicate", "skipped", "failed")}
    return {"runs": len(runs), "finished": len(ends), "statuses": sorted({r["status"] for r in runs}),
            "errors": [r["error"][:300] for r in runs if r["error"]][:5],
            "total_s": round(total, 2), "first_start_after_queue_s": round(min(starts).timestamp() - queued_at_wall, 2),
            "messages": messages, "messages_per_s": round(messages / total, 1) if total > 0 else None,
            "run_s": {"min": round(durations[0], 2), "median": round(durations[len(durations) // 2], 2),
                      "max": round(durations[-1], 2)},
            "end_wall": last_end, **totals}


# --------------------------------------------------------------------------- numbers

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def stats(samples: list, kind: str) -> dict:
    picked = [s for s in samples if s.kind == kind]
    ms = [s.seconds * 1000 for s in picked]
    errors = [s for s in picked if s.error]
    return {"count": len(picked), "p50": percentile(ms, 0.50), "p95": percentile(ms, 0.95), "p99": percentile(ms, 0.99),
            "max": max(ms) if ms else float("nan"), "errors": len(errors),
            "error_examples": sorted({e.error for e in errors})[:5],
            "kb": round(sum(s.size for s in picked) / max(len(picked), 1) / 1024, 1)}


def kind_of(path: str) -> str:
    if path.startswith(("/contacts/person/", "/contacts/company/")):
        return "timeline next page" if "/timeline" in path else "timeline"
    if path.startswith("/search"):
        return "search"
    if path.startswith("/dashboard"):
        return "dashboard"
    if path.startswith("/auth/login"):
        return "login"
    return "other"


ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<bytes>\S+) '
                         r'(?P<micros>\d+) "(?P<phase>[^"]*)"')


def server_times(access_log: Path) -> dict:
    """{phase: {kind: [ms, …]}} and status counts from gunicorn's access log (request time %(D)s)."""
    out: dict = {}
    statuses: dict = {}
    if not access_log.exists():
        return {"times": out, "statuses": statuses}
    for line in access_log.read_text(errors="replace").splitlines():
        match = ACCESS_LINE.search(line)
        if not match:
            continue
        kind = kind_of(match["path"])
        if match["method"] == "GET" and kind == "login":
            kind = "login form"
        out.setdefault(match["phase"] or "-", {}).setdefault(kind, []).append(int(match["micros"]) / 1000)
        key = f"{match['phase'] or '-'} {match['status']}"
        statuses[key] = statuses.get(key, 0) + 1
    return {"times": out, "statuses": statuses}


def scan_logs(logdir: Path) -> dict:
    """Counts of trouble in every log of the run, and the first lines of each kind."""
    found = {}
    for path in sorted(logdir.glob("*.log")):
        if path.name == "gunicorn-access.log":
            continue
        text = path.read_text(errors="replace")
        for name, pattern in LOG_PATTERNS.items():
            lines = [line for line in text.splitlines() if pattern.search(line)]
            if lines:
                entry = found.setdefault(name, {"count": 0, "files": {}, "first": []})
                entry["count"] += len(lines)
                entry["files"][path.name] = len(lines)
                entry["first"] += lines[:3]
    return found


def cpu_between(samples: list[dict], start: float, end: float, cores: int) -> dict:
    """CPU use per process group and of the whole machine between two monotonic times."""
    inside = [s for s in samples if start <= s["t"] <= end]
    if len(inside) < 2:
        return {}
    first, last = inside[0], inside[-1]
    hz = os.sysconf("SC_CLK_TCK")
    wall = last["t"] - first["t"]
    groups = {name: round((last["groups"][name] - first["groups"].get(name, 0)) / hz / wall / cores * 100, 1)
              for name in last["groups"]}
    busy = (last["busy"] - first["busy"]) / max(last["total"] - first["total"], 1) * 100
    loads = [s["load1"] for s in inside]
    return {"wall_s": round(wall, 1), "machine_busy_pct": round(busy, 1), "groups_pct_of_machine": groups,
            "load1": {"min": round(min(loads), 2), "mean": round(sum(loads) / len(loads), 2), "max": round(max(loads), 2)}}


def by_quarter(samples: list, monitor_samples: list[dict], start: float, end: float) -> list[dict]:
    """p95 of timeline and search pages in each quarter of the sync, and how much mail was stored by then."""
    rows = []
    span = (end - start) / 4
    for q in range(4):
        lo, hi = start + q * span, start + (q + 1) * span
        inside = [s for s in samples if lo <= s.started < hi]
        stored = [m.get("stored") for m in monitor_samples if m["t"] <= hi and m.get("stored") is not None]
        row = {"quarter": q + 1, "from_s": round(lo - start, 1), "to_s": round(hi - start, 1),
               "stored_by_end": stored[-1] if stored else None}
        for kind in ("timeline", "search", "dashboard"):
            ms = [s.seconds * 1000 for s in inside if s.kind == kind]
            row[kind] = {"count": len(ms), "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95)}
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- profiling (optional)

def py_spy(binary: str, pids: list[int], outdir: Path) -> list[subprocess.Popen]:
    """Sample each gunicorn worker until stopped with SIGINT: collapsed stacks of every thread, idle
    ones included, so waits (on SQLite, on the GIL, on a free thread) show up beside the work."""
    return [subprocess.Popen([binary, "record", "--pid", str(pid), "--rate", "50", "--idle", "--threads",
                              "--nonblocking", "--format", "raw", "--output", str(outdir / f"py-spy-{pid}.txt")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for pid in pids]


def stop_py_spy(spies: list[subprocess.Popen]) -> None:
    for spy in spies:
        if spy.poll() is None:
            spy.send_signal(signal.SIGINT)
    for spy in spies:
        try:
            spy.wait(60)
        except subprocess.TimeoutExpired:
            spy.kill()


def spy_summary(paths: list[Path]) -> dict:
    """Where the gunicorn request threads spent their (wall) time, from py-spy's collapsed stacks:
    per view, per activity, and the webapp lines whose SQL took longest."""
    views: dict[str, int] = {}
    activities: dict[str, int] = {}
    sql_callers: dict[str, int] = {}
    total = 0
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit() or "handle_request (gunicorn" not in stack:
                continue
            n = int(count)
            total += n
            found = re.search(r";(\w+) \(webapp/(\w+)/views\w*\.py", stack)
            view = f"{found.group(2)}.{found.group(1)}" if found else "outside the view (session, user loader, response)"
            if "do_execute (sqlalchemy" in stack:
                activity = "SQL statements running (SQLite, incl. lock waits)"
                frames = [f for f in stack.split(";") if "webapp/" in f]
                caller = " > ".join(frames[-2:]) if frames else "(no webapp frame)"
                sql_callers[caller] = sql_callers.get(caller, 0) + n
            elif "fetch" in stack and "sqlalchemy/engine/cursor.py" in stack:
                activity = "fetching rows"
            elif "render_template" in stack or "jinja2/" in stack:
                activity = "templates (Jinja)"
            elif "sqlalchemy/" in stack:
                activity = "SQLAlchemy in Python (ORM, compiling)"
            elif "_hash_internal" in stack:
                activity = "password hashing"
            else:
                activity = "other Python"
            views[view] = views.get(view, 0) + n
            activities[activity] = activities.get(activity, 0) + n

    def shares(counts: dict, top: int = 10) -> list[tuple[str, float]]:
        return [(k, round(v / total * 100, 1)) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:top]]

    return {"samples": total, "views": shares(views), "activities": shares(activities),
            "sql_callers": shares(sql_callers, 8)} if total else {}


def gunicorn_workers(master: int) -> list[int]:
    return [pid for pid, (ppid, _) in _proc_table().items() if ppid == master]


# --------------------------------------------------------------------------- the run

def run(args, results_dir: Path) -> dict:
    per_account, accounts = args.messages_per_account, args.accounts
    shared = round(per_account * args.shared) if accounts > 1 else 0
    unique = (per_account - shared) * accounts
    corpus = ensure_corpus(corpus_size_for(unique), args.seed, args.cache_dir)
    slices = mailbox_slices(corpus.files(), accounts, per_account, args.shared)
    result: dict = {"scenario": {"accounts": accounts, "messages_per_account": per_account,
                                 "messages": accounts * per_account, "distinct_messages": unique,
                                 "shared_per_account": shared, "corpus": corpus.manifest["count"],
                                 "users": args.users, "think_ms": args.think_ms, "rq_workers": args.rq_workers,
                                 "company_share": args.company_share, "dashboard": not args.without_dashboard,
                                 "worker_nice": args.worker_nice,
                                 "web": f"{args.web_workers} workers × {args.web_threads} threads",
                                 "baseline_s": args.baseline_seconds}}
    workdir = make_workdir("mailtrail-load-")
    # Cleanup runs in reverse: users, monitor, web + workers + Redis, the database, Dovecot, the files.
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, True)
        server = start_mail_server(workdir / "dovecot")
        stack.callback(server.stop)
        plan = team_plan(accounts, server.imap_port)
        result["dovecot"] = load_dovecot(server, [a["login"] for a in plan["accounts"]], slices)
        _say(f"Dovecot holds {accounts} × {per_account:,} messages ({unique:,} distinct); "
             f"indexed in {result['dovecot']['index_s']} s")

        if args.database == "sqlite":
            (workdir / "app").mkdir()
            database_url = f"sqlite:///{workdir}/app/mailtrail.db"
        else:
            from .sync_bench import fresh_database

            database_url = stack.enter_context(fresh_database("postgres", workdir, "load", args.postgres_url))
        processes = Processes(workdir / "logs")
        stack.callback(_stop_processes, processes)
        if args.load_redis_url:
            from redis import Redis

            Redis.from_url(args.load_redis_url).flushdb()
            redis_url = args.load_redis_url
        else:
            redis_url = start_private_redis(processes, workdir / "redis")
        env = app_env(database_url, redis_url, workdir / "app" / "instance", server.imap_port)
        started = time.monotonic()
        flask(env, "db", "upgrade")
        migrate_s = time.monotonic() - started
        plan["contacts_file"] = str(corpus.path / "contacts.json")
        plan["filler_contacts"] = args.filler_contacts
        plan["probe_user"] = plan["users"][min(5, accounts - 1)]["email"]
        plan_path = workdir / "plan.json"
        plan_path.write_text(json.dumps(plan))
        setup = run_child(["bench.load_app", "setup", "--plan", str(plan_path)], env)
        setup["migrate_s"] = round(migrate_s, 2)
        result["setup"] = {k: v for k, v in setup.items() if k not in ("users", "accounts", "corpus_person_ids")}
        result["setup"]["visibility"] = {v: sum(a["visibility"] == v for a in setup["accounts"])
                                         for v in ("everyone", "managers", "owner")}
        _say(f"database ready: {setup['persons']} persons, {setup['companies']} companies, "
             f"{len(setup['accounts'])} accounts")

        web_port = free_port()
        gunicorn = processes.start("gunicorn", [
            str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{web_port}", "--workers", str(args.web_workers),
            "--threads", str(args.web_threads), "--timeout", "60", "--access-logfile",
            str(processes.logdir / "gunicorn-access.log"), "--access-logformat", ACCESS_FORMAT,
            "--error-logfile", "-", "--no-control-socket", "wsgi:app"], env)  # no socket in ~/.gunicorn to share
        wait_for_web(web_port, gunicorn)
        # Every sync is queued before any worker runs, so that all of them wait at once when the load
        # starts, and the 20 short CLI processes (each loads the app: ~1 s of CPU) do not weigh on it.
        result["queueing"] = queue_syncs(env, [a["id"] for a in setup["accounts"]])
        _say(f"gunicorn on 127.0.0.1:{web_port}; {accounts} syncs queued in {result['queueing']['queue_s']} s "
             f"with `flask accounts sync ID`")

        from sqlalchemy import create_engine

        engine = create_engine(database_url)
        stack.callback(engine.dispose)
        recorder = Recorder()
        users = plan["users"]
        pool = ContactPool(setup["corpus_person_ids"], args.company_share)
        crowd = Crowd([SimulatedUser(i, web_port, users[i % len(users)]["email"], users[i % len(users)]["password"],
                                     pool, recorder, (args.think_ms[0] / 1000, args.think_ms[1] / 1000), args.seed,
                                     dashboard=not args.without_dashboard)
                       for i in range(args.users)])
        groups = {"gunicorn (web)": gunicorn.pid, "Dovecot": server.process.pid, "load client": os.getpid()}
        if not args.load_redis_url:
            groups["Redis"] = processes.pid("redis")
        monitor = Monitor(groups, engine, pool, recorder)
        monitor.start()
        if args.database == "sqlite":
            lock_probe = LockProbe(f"{workdir}/app/mailtrail.db", recorder)
            lock_probe.start()
            stack.callback(lock_probe.join, 35)
            stack.callback(lock_probe.stopping.set)
        else:
            lock_probe = None
        stack.callback(monitor.join, 5)
        stack.callback(monitor.stopping.set)
        stack.callback(crowd.close)
        stack.callback(crowd.stop, 10)
        time.sleep(2)
        result["load_before"] = load_average()

        # ---- the sync, with users browsing
        spies: list[subprocess.Popen] = []
        stack.callback(stop_py_spy, spies)
        recorder.phase = "sync"
        sync_start, sync_start_wall = time.monotonic(), time.time()
        for n in range(args.rq_workers):
            nice = ["nice", "-n", str(args.worker_nice)] if args.worker_nice else []
            worker = processes.start(f"worker-{n + 1}", [*nice, str(BIN / "flask"), "--app", "wsgi", "worker"], env)
            monitor.groups[f"RQ worker {n + 1}"] = worker.pid
        crowd.start()
        if args.py_spy:
            spies += py_spy(args.py_spy, gunicorn_workers(gunicorn.pid), processes.logdir)
        _say(f"{args.rq_workers} RQ workers started and {args.users} users browsing")
        problem = wait_for_syncs(monitor, redis_url, accounts, args.sync_timeout)
        detected = time.monotonic()
        recorder.phase = "after sync"
        stop_py_spy(spies)
        still = crowd.stop()
        result["sync"] = sync_summary(monitor.runs, sync_start_wall, accounts * per_account)
        result["sync"]["problem"] = problem
        sync_end = sync_start + (result["sync"].get("end_wall", time.time()) - sync_start_wall)
        result["sync"]["detected_after_end_s"] = round(detected - sync_end, 2)
        result["users_logged_in"] = crowd.logged_in
        _say(f"sync done in {result['sync'].get('total_s')} s ({result['sync'].get('messages_per_s')} msg/s)"
             f"{'; ' + problem if problem else ''}; users stopped{' (stuck: ' + str(still) + ')' if still else ''}")

        # ---- the baseline: the same users, nothing syncing
        monitor.refresh_contacts()
        time.sleep(3)
        recorder.phase = "rest"
        rest_start = time.monotonic()
        crowd.start()
        time.sleep(args.baseline_seconds)
        recorder.phase = "after rest"
        crowd.stop()
        rest_end = time.monotonic()
        _say(f"baseline done ({args.baseline_seconds:.0f} s)")
        single_start = single_end = time.monotonic()
        if args.single_seconds > 0:
            alone = crowd.users[0]
            alone.think_range = (0.0, 0.0)
            time.sleep(1.5)
            recorder.phase = "single"
            single_start = time.monotonic()
            solo = Crowd([alone])
            solo.start()
            time.sleep(args.single_seconds)
            recorder.phase = "after single"
            solo.stop()
            single_end = time.monotonic()
        time.sleep(1.5)
        monitor.stopping.set()
        monitor.join(5)
        if lock_probe is not None:
            lock_probe.stopping.set()
            lock_probe.join(35)
            result["write_lock_wait_ms"] = {phase: lock_probe.summary(phase) for phase in ("sync", "rest")}
        if args.keep_database and args.database == "sqlite":
            args.keep_database.mkdir(parents=True, exist_ok=True)
            import sqlite3

            with sqlite3.connect(f"{workdir}/app/mailtrail.db") as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(workdir / "app" / "mailtrail.db", args.keep_database / "mailtrail.db")
            result["kept_database"] = str(args.keep_database / "mailtrail.db")

        # ---- the services behind the pages, timed in-process at rest
        try:
            result["probe"] = run_child(["bench.load_app", "probe", "--plan", str(plan_path), "--words",
                                         *PROBE_WORDS], env, timeout=600)
        except Exception as error:
            result["probe"] = {"error": str(error)[-1000:]}

        # ---- numbers
        during = [s for s in recorder.samples if s.phase == "sync" and s.started <= sync_end]
        rest = [s for s in recorder.samples if s.phase == "rest"]
        single = [s for s in recorder.samples if s.phase == "single"]
        result["client"] = {"sync": {k: stats(during, k) for k in PAGE_KINDS + OTHER_KINDS},
                            "rest": {k: stats(rest, k) for k in PAGE_KINDS + OTHER_KINDS},
                            "single": {k: stats(single, k) for k in PAGE_KINDS},
                            "after_sync_requests": sum(1 for s in recorder.samples
                                                       if s.phase == "sync" and s.started > sync_end)}
        server_log = server_times(processes.logdir / "gunicorn-access.log")
        result["server"] = {phase: {kind: {"count": len(ms), "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95),
                                            "max": max(ms)} for kind, ms in kinds.items()}
                            for phase, kinds in server_log["times"].items()}
        result["statuses"] = server_log["statuses"]
        cores = os.cpu_count() or 1
        result["cpu"] = {"sync": cpu_between(monitor.samples, sync_start, sync_end, cores),
                         "rest": cpu_between(monitor.samples, rest_start, rest_end, cores),
                         "single": cpu_between(monitor.samples, single_start, single_end, cores)}
        for phase, samples in (("sync", during), ("rest", rest), ("single", single)):
            block = result["cpu"].get(phase)
            if block and samples:
                served = len(samples) / block["wall_s"]
                web = block["groups_pct_of_machine"].get("gunicorn (web)", 0) / 100 * cores
                block["requests_per_s"] = round(served, 1)
                block["web_cpu_ms_per_request"] = round(web / served * 1000, 1) if served else None
        result["quarters"] = by_quarter(during, monitor.samples, sync_start, sync_end)
        result["monitor_error"] = monitor.error
        result["logs"] = scan_logs(processes.logdir)
        result["dovecot"]["log_errors"] = _dovecot_errors(workdir / "dovecot" / "dovecot.log")
        if args.py_spy:
            result["py_spy"] = spy_summary(sorted(processes.logdir.glob("py-spy-*.txt")))
        if args.keep_logs or args.py_spy:
            keep = results_dir / f"load-logs-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
            shutil.copytree(processes.logdir, keep)
            shutil.copy2(workdir / "dovecot" / "dovecot.log", keep / "dovecot.log")
            result["kept_logs"] = str(keep)
    result["load_after"] = load_average()
    return result


def _stop_processes(processes: Processes) -> None:
    notes = processes.stop_all()
    if notes:
        _say("; ".join(notes))


def _dovecot_errors(log: Path) -> dict:
    lines = [line for line in (log.read_text(errors="replace").splitlines() if log.exists() else [])
             if ": Error:" in line or ": Panic:" in line or ": Fatal:" in line]
    return {"count": len(lines), "first": lines[:3]}


# --------------------------------------------------------------------------- tables

def _ms(value) -> str:
    return report.number(value, 0)


def client_table(block: dict, kinds=PAGE_KINDS) -> str:
    rows = [[kind, f"{block[kind]['count']:,}", _ms(block[kind]["p50"]), _ms(block[kind]["p95"]),
             _ms(block[kind]["p99"]), _ms(block[kind]["max"]), str(block[kind]["errors"]), f"{block[kind]['kb']:.0f}"]
            for kind in kinds if block.get(kind)]
    return report.table(["Page", "Requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "Errors", "KB/page"], rows)


def server_table(result: dict) -> str:
    rows = []
    for kind in PAGE_KINDS + ("login",):
        row = [kind]
        for phase in ("sync", "rest"):
            s = result["server"].get(phase, {}).get(kind)
            c = result["client"][phase].get(kind)
            if s and c and c["count"]:
                row += [_ms(s["p50"]), _ms(s["p95"]), _ms(c["p95"] - s["p95"])]
            else:
                row += ["–", "–", "–"]
        rows.append(row)
    return report.table(["Page", "Sync: server p50 ms", "Sync: server p95 ms", "Sync: client − server p95 ms",
                         "Rest: server p50 ms", "Rest: server p95 ms", "Rest: client − server p95 ms"], rows)


def cpu_table(result: dict) -> str:
    sync, rest = result["cpu"].get("sync", {}), result["cpu"].get("rest", {})
    names = list((sync.get("groups_pct_of_machine") or rest.get("groups_pct_of_machine") or {}).keys())
    rows = [[name, report.number(sync.get("groups_pct_of_machine", {}).get(name), 1, " %"),
             report.number(rest.get("groups_pct_of_machine", {}).get(name), 1, " %")] for name in names]
    accounted = [sum((block.get("groups_pct_of_machine") or {}).values()) for block in (sync, rest)]
    rows.append(["everything this run started + the client", report.number(accounted[0], 1, " %"),
                 report.number(accounted[1], 1, " %")])
    rows.append(["whole machine busy (other work included)", report.number(sync.get("machine_busy_pct"), 1, " %"),
                 report.number(rest.get("machine_busy_pct"), 1, " %")])
    for key in ("min", "mean", "max"):
        rows.append([f"load average (1 min), {key}", report.number(sync.get("load1", {}).get(key), 2),
                     report.number(rest.get("load1", {}).get(key), 2)])
    rows.append(["pages served per second", report.number(sync.get("requests_per_s"), 1),
                 report.number(rest.get("requests_per_s"), 1)])
    rows.append(["gunicorn CPU per page, ms", report.number(sync.get("web_cpu_ms_per_request"), 0),
                 report.number(rest.get("web_cpu_ms_per_request"), 0)])
    return report.table(["CPU (share of all cores)", "During the sync", "At rest"], rows)


def quarter_table(result: dict) -> str:
    rows = []
    for q in result["quarters"]:
        rows.append([f"{q['quarter']} ({q['from_s']:.0f}–{q['to_s']:.0f} s)",
                     f"{q['stored_by_end']:,}" if q["stored_by_end"] is not None else "–"]
                    + [f"{_ms(q[k]['p50'])} / {_ms(q[k]['p95'])} ({q[k]['count']})"
                       for k in ("timeline", "search", "dashboard")])
    return report.table(["Quarter of the sync", "Messages synced by its end", "timeline p50 / p95 ms (n)",
                         "search p50 / p95 ms (n)", "dashboard p50 / p95 ms (n)"], rows)


def probe_tables(probe: dict) -> str:
    if "error" in probe:
        return f"(probe failed: {probe['error']})"
    search_rows = {}
    for row in probe["search"]:
        entry = search_rows.setdefault(row["q"], {"q": row["q"]})
        entry[row["viewer"]] = f"{row['median_ms']:.0f} ms ({row['hits']} hits)"
    parts = [report.table(["Search query", "as admin (sees all mail)", "as a user (visibility check)"],
                          [[q, r.get("admin", "–"), r.get("user", "–")] for q, r in search_rows.items()])]
    parts += ["", report.table(["Timeline (busiest persons)", "viewer", "links", "first page ms", "count emails ms"],
                               [[str(r["person_id"]), r["viewer"], str(r["links"]), f"{r['median_ms']:.0f}",
                                 f"{r['count_emails_ms']:.0f}"] for r in probe["timeline"]])]
    parts += ["", report.table(["Dashboard", "newest mail ms", "unassigned count ms", "unassigned"],
                               [[r["viewer"], f"{r['median_ms']:.0f}", f"{r['unassigned_count_ms']:.0f}",
                                 f"{r['unassigned']:,}"] for r in probe["dashboard"]])]
    return "\n".join(parts)


def targets(result: dict, database: str) -> list[str]:
    during = result["client"]["sync"]
    errors = sum(during[k]["errors"] for k in PAGE_KINDS + OTHER_KINDS)
    lines = [f"{_verdict(errors == 0)} zero errors during the sync: {errors} of "
             f"{sum(during[k]['count'] for k in PAGE_KINDS + OTHER_KINDS):,} requests"]
    measured = [k for k in TARGET_KINDS if during[k]["count"]]
    for kind in TARGET_KINDS:
        p95 = during[kind]["p95"]
        if kind not in measured:
            lines.append(f"n/a p95 of {kind} pages: no such request during the sync")
            continue
        lines.append(f"{_verdict(p95 < P95_TARGET_MS)} p95 of {kind} pages under {P95_TARGET_MS} ms during the sync: "
                     f"{_ms(p95)} ms ({during[kind]['count']:,} requests)")
    ok_all = errors == 0 and measured and all(during[k]["p95"] < P95_TARGET_MS for k in measured)
    sync = result["sync"]
    ok_all = ok_all and not sync.get("problem") and sync.get("finished") == result["scenario"]["accounts"]
    lines.insert(0, f"**{_verdict(ok_all)}** overall: zero errors, p95 under {P95_TARGET_MS} ms for timeline and "
                    f"search pages during the sync on {database}"
                    + ("" if database == "sqlite" else " (the target is stated for SQLite)"))
    if sync.get("problem"):
        lines.append(f"FAIL the syncs: {sync['problem']}")
    return lines


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def evidence(result: dict) -> list[str]:
    """Facts that say what limits the page times, computed from the run."""
    lines = []
    cpu_sync, cpu_rest = result["cpu"].get("sync", {}), result["cpu"].get("rest", {})
    if cpu_sync:
        groups = cpu_sync["groups_pct_of_machine"]
        workers = sum(v for k, v in groups.items() if k.startswith("RQ worker"))
        lines.append(f"CPU during the sync: machine {cpu_sync['machine_busy_pct']:.0f} % busy "
                     f"(load average {cpu_sync['load1']['mean']:.2f} on {os.cpu_count()} cores); the RQ workers took "
                     f"{workers:.0f} %, gunicorn {groups.get('gunicorn (web)', 0):.0f} %, Dovecot "
                     f"{groups.get('Dovecot', 0):.0f} %, the load client {groups.get('load client', 0):.0f} % "
                     f"of all cores.")
    if cpu_rest:
        groups = cpu_rest["groups_pct_of_machine"]
        lines.append(f"CPU at rest: machine {cpu_rest['machine_busy_pct']:.0f} % busy, gunicorn "
                     f"{groups.get('gunicorn (web)', 0):.0f} %, the load client {groups.get('load client', 0):.0f} %.")
    single = result["client"].get("single", {})
    if single.get("timeline", {}).get("count"):
        cpu = result["cpu"].get("single", {})
        lines.append("One user alone at rest (no queueing): p50 " + ", ".join(
            f"{kind} {single[kind]['p50']:.0f} ms" for kind in PAGE_KINDS if single[kind]["count"])
            + (f"; gunicorn CPU {cpu['web_cpu_ms_per_request']:.0f} ms per page" if cpu.get("web_cpu_ms_per_request")
               else "") + ".")
    for phase, label in (("sync", "during the sync"), ("rest", "at rest")):
        block = result["cpu"].get(phase, {})
        if block.get("requests_per_s"):
            users, think = result["scenario"]["users"], sum(result["scenario"]["think_ms"]) / 2000
            lines.append(f"Throughput {label}: {block['requests_per_s']:.1f} pages/s at "
                         f"{block['web_cpu_ms_per_request']:.0f} ms of gunicorn CPU each; {users} users who each "
                         f"wait {think * 1000:.0f} ms between pages would ask for up to {users / think:.0f} pages/s, "
                         f"so by Little's law each page takes ≥ {max(users / block['requests_per_s'] - think, 0) * 1000:.0f}"
                         f" ms on average at this throughput.")
    for phase, label in (("sync", "during the sync"), ("rest", "at rest")):
        for kind in ("timeline", "search"):
            s = result["server"].get(phase, {}).get(kind)
            c = result["client"][phase].get(kind)
            if s and c and c["count"]:
                lines.append(f"{kind} {label}: p95 {c['p95']:.0f} ms seen by the users, {s['p95']:.0f} ms inside "
                             f"gunicorn (the rest is waiting for a free gunicorn thread, the network and the client).")
    waits = result.get("write_lock_wait_ms")
    if waits:
        for phase, label in (("sync", "during the sync"), ("rest", "at rest")):
            w = waits[phase]
            if w["count"]:
                lines.append(f"SQLite write lock {label} (taken once a second as a page's write takes it, {w['count']} probes): wait "
                             f"p50 {w['p50']:.0f} ms, p95 {w['p95']:.0f} ms, max {w['max']:.0f} ms; "
                             f"{w['over_100ms']} waits over 100 ms. GET pages never take it (WAL readers do not "
                             f"wait); every POST does.")
    login = result["server"].get("sync", {}).get("login")
    if login:
        how = " (a POST, so its transactions BEGIN IMMEDIATE)" if waits else ""
        lines.append(f"Logging in{how} during the sync: p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms inside "
                     f"gunicorn.")
    locked = result["logs"].get("database is locked", {}).get("count", 0)
    lines.append(f"'database is locked' in the gunicorn and worker logs: {locked}"
                 + (f" ({result['logs']['database is locked']['files']})" if locked else "") + ".")
    for name in ("Traceback", "worker timeout"):
        found = result["logs"].get(name)
        if found:
            lines.append(f"{name} in the logs: {found['count']} ({found['files']}); first: {found['first'][:2]}")
    bad = {k: v for k, v in result.get("statuses", {}).items() if not k.endswith((" 200", " 302"))}
    if bad:
        lines.append(f"non-200/302 responses in the access log (phase status: count): {bad}")
    return lines


def spy_section(spy: dict | None) -> list[str]:
    if not spy:
        return []
    return ["### py-spy: where the gunicorn request threads spent their time during the sync "
            f"({spy['samples']:,} samples, waits included)", "",
            report.table(["View", "share"], [[k, f"{v:.1f} %"] for k, v in spy["views"]]), "",
            report.table(["Activity", "share"], [[k, f"{v:.1f} %"] for k, v in spy["activities"]]), "",
            report.table(["SQL issued from", "share"], [[f"`{k}`", f"{v:.1f} %"] for k, v in spy["sql_callers"]]), ""]


# How to read the figures, closing the note.
LOAD_NOTES = (
    "latencies are measured by the simulated users from sending a request to reading the whole "
    "response, on keep-alive connections; a request counts for the phase in which it started. The "
    "users open persons and companies that have mail, the busier ones more often (refreshed every 3 s "
    "while mail arrives, so early in the sync the timelines are short). Errors are responses other "
    "than 200 (302 for the login) and failed connections. The load client runs on the same 2 cores as "
    "the server, and other work shares the machine: see the load averages.")


def markdown(result: dict, env: dict) -> str:
    sc, sync, setup = result["scenario"], result["sync"], result["setup"]
    head = (f"## Load benchmark ({env['database']}, {env['when']}, git {env['git']}"
            f"{' + uncommitted changes' if env['dirty_files'] else ''})")
    scenario = (f"{sc['accounts']} accounts × {sc['messages_per_account']:,} messages = {sc['messages']:,} "
                f"({sc['distinct_messages']:,} distinct, {sc['shared_per_account']} per mailbox also in a colleague's), "
                f"synced by {sc['rq_workers']} RQ workers{' (nice ' + str(sc['worker_nice']) + ')' if sc.get('worker_nice') else ''} while {sc['users']} users browse ({sc['company_share']:.0%} "
                f"of the contact pages a company's{'' if sc.get('dashboard', True) else '; WITHOUT the dashboard'}) "
                f"(think time {sc['think_ms'][0]}–{sc['think_ms'][1]} ms; gunicorn {sc['web']}); "
                f"{setup['persons']:,} persons and {setup['companies']:,} companies; account visibility "
                f"{setup['visibility']}. Baseline: the same users for {sc['baseline_s']:.0f} s with no sync running.")
    sync_line = (f"Sync: **{sync.get('total_s')} s** from starting the workers (every sync already queued) to the "
                 f"last run's end, "
                 f"**{sync.get('messages_per_s')} messages/s** for {sync.get('messages'):,} messages "
                 f"({sync.get('finished')}/{sync.get('runs')} runs finished, status {sync.get('statuses')}; imported "
                 f"{sync.get('imported')}, duplicate {sync.get('duplicate')}, skipped {sync.get('skipped')}, failed "
                 f"{sync.get('failed')}); one run took {sync.get('run_s', {}).get('min')}–"
                 f"{sync.get('run_s', {}).get('max')} s (median {sync.get('run_s', {}).get('median')} s); "
                 f"the first run started {sync.get('first_start_after_queue_s')} s after the workers; queueing "
                 f"with {sc['accounts']} `flask accounts sync ID` commands took {result['queueing']['queue_s']} s "
                 f"before the load.")
    parts = [head, "", scenario, "", "### Targets", "", *[f"- {line}" for line in targets(result, env["database"])],
             "", sync_line, "", "### Page times during the sync (client side)", "", client_table(result["client"]["sync"]),
             "", "### Page times at rest (client side)", "", client_table(result["client"]["rest"]), "",
             "### One user alone at rest, no think time (each page's time without queueing)", "",
             client_table(result["client"]["single"]), "",
             "### Logging in (during the sync / at rest)", "",
             client_table(result["client"]["sync"], OTHER_KINDS), "",
             "### Time inside gunicorn (access log %(D)s) against what the users saw", "", server_table(result), "",
             "### Page times as the mail arrives", "", quarter_table(result), "",
             "### CPU", "", cpu_table(result), "",
             "### What limits it (evidence from this run)", "", *[f"- {line}" for line in evidence(result)], "",
             *spy_section(result.get("py_spy")),
             "### The services behind the pages, timed in-process at rest (no HTTP, no templates; median of 5)", "",
             probe_tables(result.get("probe", {})), "",
             *report.environment_section(env, LOAD_NOTES)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    """Run the load scenario on each database, print the note and write it under bench/results/."""
    # `python -m bench.run` hands every section the whole command line: other sections' options
    # (--sizes, --mbsync-runs …) are theirs, not mistakes.
    args, others = build_parser().parse_known_args(argv)
    if others:
        _say(f"load: ignoring options of other sections: {' '.join(others)}")
    web = runpy.run_path(str(REPO / "gunicorn.conf.py"))  # what `make run` would start on this machine
    args.web_workers = args.web_workers or web["workers"]
    args.web_threads = args.web_threads or web["threads"]
    results_dir = args.results_dir or report.RESULTS
    results_dir.mkdir(parents=True, exist_ok=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup on `kill`
    try:
        for database in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
            args.database = database
            env = report.environment(database)
            env["dovecot"] = dovecot_version()
            env["seed"] = args.seed
            started = time.monotonic()
            result = run(args, results_dir)
            env["load_at_end"] = load_average()
            env["bench_minutes"] = round((time.monotonic() - started) / 60, 1)
            note = markdown(result, env)
            print(note)
            md_path, json_path = report.write(f"load-{database}", note, {"environment": env, "result": result},
                                              results_dir)
            _say(f"written {md_path} and {json_path}")
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0  # a missed target is a finding, reported in the note (as the sync section does)


if __name__ == "__main__":
    sys.exit(main())
