"""The IMAP sync benchmark: Mailtrail beside mbsync and a naive imap-tools loop, on one local Dovecot.

    python -m bench.sync_bench --sizes 10000 50000 [--database sqlite|postgres] [--profile]

For each size: the seeded corpus (bench/corpus.py, cached) is loaded into a fresh Dovecot
user; Dovecot indexes it (one SELECT, timed apart); then, against the same mailbox,
1. plain imaplib fetches every message whole in chunks of 500, parsing nothing: the transport floor;
2. mbsync pulls the INBOX into tmpfs (median of --mbsync-runs whole-process runs): the reference;
   alternating with it, Mailtrail, in its own process on a fresh database with the corpus's known
   contacts, runs the initial sync (fetch, parse, store, link, index), then --resyncs no-change
   resyncs (median of --mailtrail-runs);
3. imap-tools fetches everything in chunks of 500 and reads every field, no database: the naive
   baseline (skip with --skip-naive: it takes ~2 minutes at 50k);
4. with --profile, one more Mailtrail initial sync of the smallest size under cProfile.
The tables go to stdout and, with the raw JSON, to bench/results/.

Targets (the project issue): initial sync at most 3× mbsync's time; worker peak memory under
250 MB and flat between sizes; a no-change resync of a 50k-message account under 0.5 s.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from . import report
from .corpus import ensure_corpus
from .mailserver import LoadedMailbox, dovecot_version, loaded_mailbox, make_workdir
from .mbsync import Mbsync
from .measure import load_average, median, run_child

DEFAULT_SIZES = [10_000, 50_000]
RATIO_TARGET, MEMORY_TARGET_MB, RESYNC_TARGET_S, FLAT_TOLERANCE = 3.0, 250, 0.5, 0.10
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES, help="messages per run (10000 50000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG),
                        help="server URL without a database; a throw-away database is created and dropped")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--mbsync-runs", type=int, default=3)
    parser.add_argument("--mailtrail-runs", type=int, default=3,
                        help="initial syncs per size, each on a fresh database, alternating with mbsync's runs "
                             "(median reported)")
    parser.add_argument("--resyncs", type=int, default=3, help="no-change resyncs after the initial sync")
    parser.add_argument("--skip-mbsync", action="store_true")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--profile", action="store_true", help="add a cProfile run of the smallest size")
    parser.add_argument("--cache-dir", type=Path, help="corpus cache (bench/.cache)")
    parser.add_argument("--results-dir", type=Path, help="where tables and JSON go (bench/results)")
    return parser


# --------------------------------------------------------------------------- databases

def _pg_admin(base: str):
    import psycopg

    return psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://").rstrip("/") + "/postgres",
                           autocommit=True)


@contextmanager
def fresh_database(kind: str, workdir: Path, tag: str, pg_base: str):
    """An empty database URL: a SQLite file in workdir, or a throw-away PostgreSQL database (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir}/mailtrail-{tag}.db"
        return
    name = f"mailtrail_bench_{secrets.token_hex(4)}"
    with _pg_admin(pg_base) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg_base.rstrip('/')}/{name}"
    finally:
        with _pg_admin(pg_base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker_env(database_url: str, instance: Path, port: int, redis_url: str) -> dict:
    """The environment of a Mailtrail worker process talking to the benchmark's Dovecot."""
    instance.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "bench",
            "MAILTRAIL_INSTANCE": str(instance), "MAIL_ALLOWED_NETWORKS": "127.0.0.0/8",
            "MAIL_ALLOW_PLAINTEXT": "1", "MAIL_ALLOWED_PORTS": str(port), "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1"}


# --------------------------------------------------------------------------- the contenders

def run_mailtrail(box: LoadedMailbox, contacts_file: Path, args, tag: str, profile: Path | None = None) -> dict:
    """Set up a fresh database (own process), then sync in another process; returns both reports."""
    with fresh_database(args.database, box.workdir, tag, args.postgres_url) as url:
        env = worker_env(url, box.workdir / f"instance-{tag}", box.port, args.redis_url)
        setup = run_child(["bench.mailtrail_worker", "setup", "--contacts", str(contacts_file),
                           "--port", str(box.port), "--login", box.login], env)
        command = ["bench.mailtrail_worker", "sync", "--account-id", str(setup["account_id"]),
                   "--resyncs", str(args.resyncs)]
        if profile is not None:
            command += ["--profile", str(profile), "--no-phases"]
        result = run_child(command, env)
        result["setup"] = setup
        return result


def run_naive(box: LoadedMailbox, bare: bool = False) -> dict:
    """The naive imap-tools loop (or, bare, the imaplib transport floor) in its own process."""
    command = ["bench.naive", "--port", str(box.port), "--login", box.login, "--password", box.password]
    return run_child(command + (["--bare"] if bare else []))


def _alternate_runs(box: LoadedMailbox, corpus, args, result: dict) -> list[dict]:
    """mbsync's and Mailtrail's runs, alternating, so that a machine slowing down for a while weighs on
    both sides of the ratio; mbsync's summary goes into `result`. Returns Mailtrail's runs."""
    mbsync = None if args.skip_mbsync else Mbsync(box.port, box.login, box.password)
    runs = []
    try:
        mbsync_runs = args.mbsync_runs if mbsync is not None and mbsync.available else 0
        for n in range(max(args.mailtrail_runs, mbsync_runs)):
            if n < mbsync_runs:
                _say(f"mbsync: {mbsync.run():.3f} s")
            if n < args.mailtrail_runs:
                runs.append(run_mailtrail(box, corpus.path / "contacts.json", args, f"run{n}"))
                _say(f"Mailtrail: initial {runs[-1]['initial_s']} s, {runs[-1]['initial']}, "
                     f"peak {runs[-1]['peak_rss_mb']} MB, resyncs {runs[-1]['resync_s']}")
        if mbsync is not None:
            result["mbsync"] = mbsync.summary()
            pairs = zip(runs, mbsync.times)
            result["paired_ratios"] = [round(run["initial_s"] / seconds, 2) for run, seconds in pairs if seconds]
    finally:
        if mbsync is not None:
            mbsync.close()
    return runs


def bench_size(size: int, args, results_dir: Path) -> dict:
    """Everything for one corpus size, on its own Dovecot."""
    corpus = ensure_corpus(size, args.seed, args.cache_dir)
    workdir = make_workdir()
    result = {"messages": size, "corpus": corpus.manifest, "load_before": load_average()}
    try:
        with loaded_mailbox(corpus, workdir) as box:
            result["dovecot"] = {"load_s": round(box.load_seconds, 2), "index_s": round(box.index_seconds, 2),
                                 "warm_cache_s": round(box.warm_seconds, 2)}
            _say(f"{size:,} messages loaded; Dovecot indexed them in {box.index_seconds:.1f} s")
            result["bare_fetch"] = run_naive(box, bare=True)
            _say(f"bare imaplib fetch: {result['bare_fetch']['seconds']} s")
            runs = _alternate_runs(box, corpus, args, result)
            result["mailtrail_runs"] = runs
            result["mailtrail"] = sorted(runs, key=lambda r: r["initial_s"])[len(runs) // 2]
            if not args.skip_naive:
                result["naive"] = run_naive(box)
                _say(f"naive imap-tools: {result['naive']['seconds']} s")
            if args.profile and size == min(args.sizes):
                path = results_dir / f"profile-{size}-{args.database}.prof"
                result["profile"] = run_mailtrail(box, corpus.path / "contacts.json", args, "profile", path)
                result["profile"]["file"] = str(path)
                _say(f"profile written to {path}")
            result["dovecot"]["log_errors"] = box.log_errors()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["load_after"] = load_average()
    return result


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- tables

def main_table(results: list[dict]) -> str:
    rows = []
    for r in results:
        n, mt = r["messages"], r["mailtrail"]
        mb = r.get("mbsync", {}).get("seconds")
        ratio = mt["initial_s"] / mb if mb else None
        read = mt["initial"].get("bytes_read") or 0
        rows.append([f"{n:,}", number_mb(r["corpus"]["bytes"]), f"{r['dovecot']['index_s']:.2f}",
                     report.rate(n, mb), report.rate(n, r.get("naive", {}).get("seconds")),
                     report.rate(n, mt["initial_s"]), report.number(ratio, 2, "×"),
                     f"{read / report.MB:,.1f} ({read / n / 1024:.1f} KB/msg)", f"{mt['peak_rss_mb']:.0f}",
                     f"{median(mt['resync_s']):.3f}"])
    return report.table(["Messages", "Corpus MB", "Dovecot indexing s", "mbsync s (msg/s)", "naive s (msg/s)",
                         "Mailtrail initial sync s (msg/s)", "Ratio to mbsync", "Read by Mailtrail MB",
                         "Worker peak RSS MB", "No-change resync s"], rows)


def number_mb(value: int) -> str:
    return f"{value / report.MB:,.0f}"


def detail_table(results: list[dict]) -> str:
    rows = []
    for r in results:
        mt, db, corpus = r["mailtrail"], r["mailtrail"]["database"], r["corpus"]
        init = mt["initial"]
        linked = db.get("linked_messages")
        share = f"{linked / db['messages']:.1%}" if isinstance(linked, int) and db.get("messages") else "–"
        naive = r.get("naive", {})
        features = corpus.get("features", {})
        expected = features.get("exact-duplicate", 0) + features.get("duplicate-message-id", 0)
        copied = r.get("mbsync", {}).get("copied") or []
        rows.append([f"{r['messages']:,}", f"{init.get('status')}: {init.get('imported')} / {init.get('duplicate')} / "
                     f"{init.get('skipped')} / {init.get('failed')}", str(expected),
                     f"{share} ({corpus['known_share']:.1%})",
                     f"{mt['cpu_s']:.1f} + {mt.get('fetch_cpu_s', 0):.1f}", f"{mt['baseline_rss_mb']:.0f}",
                     report.number(mt.get("resync_peak_rss_mb"), 0),
                     ", ".join(f"{s:.3f}" for s in mt["resync_s"]),
                     report.number(naive.get("peak_rss_mb"), 0), report.number(naive.get("bytes_read", 0) / report.MB, 0),
                     f"{min(copied):,}" if copied else "–",
                     report.rate(r["messages"], r.get("bare_fetch", {}).get("seconds")),
                     f"{mt['setup']['contacts']['persons']} + {mt['setup']['contacts']['companies']}",
                     str(r["dovecot"].get("log_errors", {}).get("count", "–")),
                     f"{r.get('load_before')} → {r.get('load_after')}"])
    return report.table(["Messages", "Sync status: imported / duplicate / skipped / failed",
                         "Duplicates planted in the corpus", "Linked to a contact (corpus: known)",
                         "CPU s: worker + fetching processes",
                         "Worker RSS before sync MB", "Resync peak RSS MB", "Resyncs s", "naive peak RSS MB",
                         "naive read MB", "mbsync copied", "Bare imaplib fetch s (msg/s)",
                         "Contacts (persons + companies)", "Dovecot log errors", "Load avg"], rows)


def phase_table(results: list[dict]) -> str:
    names: list[str] = []
    for r in results:
        for name in r["mailtrail"].get("phases", {}):
            if name not in names:
                names.append(name)
    rows = []
    for name in names:
        row = [name]
        for r in results:
            phase = r["mailtrail"].get("phases", {}).get(name)
            total = r["mailtrail"]["initial_s"]
            row.append(f"{phase['s']:.2f} s ({phase['s'] / total:.0%})" if phase else "–")
        rows.append(row)
    return report.table(["Phase (exclusive wall time)"] + [f"{r['messages']:,}" for r in results], rows)


def targets(results: list[dict]) -> list[str]:
    """One line per target: PASS / FAIL and the numbers behind it."""
    lines = []
    for r in results:
        mb = r.get("mbsync", {}).get("seconds")
        if mb:
            ratio = r["mailtrail"]["initial_s"] / mb
            paired = ", ".join(f"{p:.2f}×" for p in r.get("paired_ratios", []))
            lines.append(f"{_verdict(ratio <= RATIO_TARGET)} initial sync ≤ {RATIO_TARGET:g}× mbsync at "
                         f"{r['messages']:,}: {ratio:.2f}× ({r['mailtrail']['initial_s']:.2f} s vs {mb:.2f} s, medians)"
                         + (f"; run by run (each Mailtrail run over the mbsync run just before it): {paired}"
                            if paired else ""))
    for r in results:
        peak = r["mailtrail"]["peak_rss_mb"]
        lines.append(f"{_verdict(peak < MEMORY_TARGET_MB)} worker peak RSS < {MEMORY_TARGET_MB} MB at "
                     f"{r['messages']:,}: {peak:.0f} MB")
    if len(results) > 1:
        small, large = results[0]["mailtrail"]["peak_rss_mb"], results[-1]["mailtrail"]["peak_rss_mb"]
        growth = (large - small) / small
        lines.append(f"{_verdict(growth <= FLAT_TOLERANCE)} peak RSS flat ({FLAT_TOLERANCE:.0%} tolerance) from "
                     f"{results[0]['messages']:,} to {results[-1]['messages']:,}: {small:.0f} → {large:.0f} MB "
                     f"({growth:+.1%})")
    largest = results[-1]
    resync = median(largest["mailtrail"]["resync_s"])
    note = "" if largest["messages"] >= 50_000 else f" (measured at {largest['messages']:,}, the target is for 50k)"
    lines.append(f"{_verdict(resync < RESYNC_TARGET_S)} no-change resync < {RESYNC_TARGET_S} s: {resync:.3f} s{note}")
    return lines


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# How to read the figures, closing the note.
SYNC_NOTES = (
    "mbsync is the median of whole-process runs into tmpfs; Mailtrail's time is its first sync of the "
    "mailbox (Dovecot computes BODYSTRUCTURE for it), in a fresh worker process with the app loaded; "
    "'Read by Mailtrail' counts bytes received from the IMAP server; peak RSS is the worker process's "
    "VmHWM; Dovecot indexing is the first SELECT after the files were placed. Timings on a shared "
    "2-core machine are noisy: see the load averages.")


def markdown(results: list[dict], env: dict) -> str:
    """The whole note: main table, details, phases, targets, profile, environment."""
    parts = [f"## Sync benchmark ({env['database']}, {env['when']}, git {env['git']}"
             f"{' + uncommitted changes' if env['dirty_files'] else ''})", "", main_table(results), "",
             "### Targets", "", *[f"- {line}" for line in targets(results)], "", "### Details", "",
             detail_table(results), "", "### Where Mailtrail's initial sync spends its time", "", phase_table(results)]
    for r in results:
        if "profile" in r:
            parts += ["", f"### cProfile of a {r['messages']:,}-message initial sync, top 20 by tottime "
                      f"({r['profile']['initial_s']:.2f} s under the profiler)", "", "```",
                      r["profile"].get("profile_top", "").strip(), "```"]
    parts += ["", *report.environment_section(env, SYNC_NOTES)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    """Run the sync benchmark for every size, print the note and write it under bench/results/."""
    args = build_parser().parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    results_dir = args.results_dir or report.RESULTS
    results_dir.mkdir(parents=True, exist_ok=True)
    env = report.environment(args.database)
    env["dovecot"] = dovecot_version()
    env["seed"] = args.seed
    started = time.monotonic()
    results = [bench_size(size, args, results_dir) for size in args.sizes]
    env["mbsync"] = next((r["mbsync"].get("version") for r in results if "version" in r.get("mbsync", {})), "skipped")
    env["load_at_end"] = load_average()
    env["bench_minutes"] = round((time.monotonic() - started) / 60, 1)
    note = markdown(results, env)
    print(note)
    md_path, json_path = report.write(f"sync-{args.database}", note, {"environment": env, "results": results},
                                      results_dir)
    _say(f"written {md_path} and {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
