"""The reading benchmark: search, contact timelines and rematch on a mailbox-sized database.

    python -m bench.reading_bench [--database sqlite|postgres|both] [--messages 100000] [--contacts 10000]
                                  [--runs 100] [--web-runs 100] [--profile] [--rebuild]

For each database, in its own process (bench/reading_worker.py): a database with 100,000 messages
stored through the sync's own storing path (addresses, copies in seven mailboxes of mixed
visibility, search index) and 10,000 contacts imported in bulk — cached under bench/.cache,
keyed by size, seed and a fingerprint of the code that writes it — then
1. one timed `rematch_unassigned()`: every message unassigned, just after the contact import;
2. `search()` as a manager who sees four of the seven mailboxes: single words, two words, a prefix,
   diacritics-folded words; ~--runs runs per class after a warm-up; and GET /search through the web;
3. a contact timeline's first page, `timeline.page()` and GET /contacts/person/<id>, for a person
   with 5,000 emails and one with 10.
The tables go to stdout and, with the raw JSON, to bench/results/; targets that fail come with
the SQL, its plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) and a cProfile of the slow call.

Targets (the project issue): search p95 < 50 ms; a timeline's first page < 50 ms server time;
rematch of 100,000 unassigned messages after importing 10,000 contacts < 10 s.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import reading_data, report
from .corpus import DEFAULT_CACHE
from .measure import MARKER, REPO, load_average
from .sync_bench import DEFAULT_PG, fresh_database
from .reading_worker import QUERIES, TARGET_REMATCH_S, TARGET_SEARCH_MS, TARGET_TIMELINE_MS

# The code whose changes make a cached database stale: the schema and everything that writes the snapshot.
FINGERPRINT_FILES = ["migrations/versions/*.py", "webapp/models/*.py", "webapp/services/storing.py",
                     "webapp/services/search_index.py", "webapp/services/parsed.py", "webapp/services/addresses.py",
                     "webapp/services/notes.py", "bench/reading_data.py", "bench/corpus.py", "bench/corpus_words.py"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.reading_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--messages", type=int, default=100_000, help="messages in the database (100000)")
    parser.add_argument("--contacts", type=int, default=10_000, help="contacts imported before the rematch (10000)")
    parser.add_argument("--big-contact", type=int, default=5_000, help="emails of the big timeline's person (5000)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (1)")
    parser.add_argument("--runs", type=int, default=100, help="timed service calls per search class and timeline")
    parser.add_argument("--web-runs", type=int, default=100, help="timed GETs per search class and timeline page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls first, per query and page")
    parser.add_argument("--profile", action="store_true", help="profile every operation, not only missed targets")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG),
                        help="server URL without a database; a throw-away database is created and dropped")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--cache-dir", type=Path, help="where the built databases are kept (bench/.cache)")
    parser.add_argument("--results-dir", type=Path, help="where tables and JSON go (bench/results)")
    return parser


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- cache and child

def fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in FINGERPRINT_FILES:
        for path in sorted(REPO.glob(pattern)):
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def cache_folder(args) -> Path:
    root = Path(args.cache_dir or os.environ.get("MAILTRAIL_BENCH_CACHE") or DEFAULT_CACHE)
    return root / (f"reading-v{reading_data.VERSION}-m{args.messages}-c{args.contacts}-b{args.big_contact}"
                   f"-s{args.seed}-{fingerprint()}")


def prune_stale(folder: Path) -> None:
    """Drop cached databases of the same size and seed built by older code (they are large)."""
    prefix = folder.name.rsplit("-", 1)[0] + "-"
    for other in folder.parent.glob(prefix + "*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
            _say(f"removed the stale cache {other}")


def run_worker(args, kind: str, workdir: Path, results_dir: Path) -> dict:
    """The whole measurement for one database, in a child process; its progress goes to our stderr."""
    folder = cache_folder(args)
    folder.mkdir(parents=True, exist_ok=True)
    snapshot = folder / ("base.sqlite3" if kind == "sqlite" else "base.pgdump")
    manifest_path = folder / f"manifest-{kind}.json"
    if args.rebuild:
        snapshot.unlink(missing_ok=True)
    if not snapshot.exists():
        prune_stale(folder)
    with fresh_database(kind, workdir, "reading", args.postgres_url) as url:
        instance = workdir / f"instance-{kind}"
        instance.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": args.redis_url, "SECRET_KEY": "bench",
               "MAILTRAIL_INSTANCE": str(instance), "LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1",
               # A fixed key, so that the cached database's encrypted passwords stay readable.
               "MAILTRAIL_KEYS": "bWFpbHRyYWlsLWJlbmNoLXJlYWRpbmcta2V5LTAwMDA="}
        command = [sys.executable, "-m", "bench.reading_worker", "--snapshot", str(snapshot),
                   "--messages", str(args.messages), "--contacts", str(args.contacts), "--big", str(args.big_contact),
                   "--seed", str(args.seed), "--runs", str(args.runs), "--web-runs", str(args.web_runs),
                   "--warmup", str(args.warmup), "--results-dir", str(results_dir)]
        if args.profile:
            command.append("--profile")
        done = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, timeout=4 * 3600)
        found = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
        if done.returncode != 0 or not found:
            raise RuntimeError(f"reading worker on {kind} failed (exit {done.returncode}):\n{done.stdout[-3000:]}")
        result = json.loads(found[-1][len(MARKER):])
    if result.get("build"):
        manifest = {"built": time.strftime("%Y-%m-%d %H:%M:%S"), "fingerprint": folder.name, **result["build"],
                    "snapshot_mb": round(snapshot.stat().st_size / report.MB, 1)}
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    result["cache"] = {"folder": str(folder), "snapshot": str(snapshot),
                       "snapshot_mb": round(snapshot.stat().st_size / report.MB, 1) if snapshot.exists() else None,
                       "manifest": json.loads(manifest_path.read_text()) if manifest_path.exists() else None}
    return result


# --------------------------------------------------------------------------- tables

def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def _hits(cls_result: dict) -> str:
    return ", ".join(f"{q}: {v['hits']} ({v.get('visible_matches', '–')})" for q, v in cls_result["queries"].items())


def main_table(r: dict, args) -> str:
    rows = []
    for cls in QUERIES:
        s = r["search"][cls]
        rows.append([f"search(): {cls}", s["runs"], s["p50_ms"], s["p95_ms"], s["max_ms"], s["cpu_p50_ms"], _hits(s),
                     f"p95 < {TARGET_SEARCH_MS:g} ms", _verdict(s["pass"])])
    for cls, s in r.get("search_whole_words", {}).items():
        rows.append([f"search(…, prefix_last=False): {cls}", s["runs"], s["p50_ms"], s["p95_ms"], s["max_ms"],
                     s["cpu_p50_ms"], _hits(s),
                     "(reference)", "–"])
    for cls in QUERIES:
        s = r["web"]["search"][cls]
        rows.append([f"GET /search: {cls} (page, 30 results)", s["runs"], s["p50_ms"], s["p95_ms"], s["max_ms"],
                     s["cpu_p50_ms"], "",
                     f"p95 < {TARGET_SEARCH_MS:g} ms", _verdict(s["pass"])])
    stats = r["stats"]
    for key, label in (("big", f"{stats['big_links']:,} emails"), ("small", f"{stats['small_links']:,} emails")):
        t = r["timeline"][key]
        rows.append([f"timeline.page(): person with {label}", t["runs"], t["p50_ms"], t["p95_ms"], t["max_ms"],
                     t["cpu_p50_ms"], f"{t['entries']} entries ({t['emails']} emails, {t['notes']} notes)", "(service part)", "–"])
        w = r["web"]["timeline"][key]
        rows.append([f"GET {w['url']}: person with {label}", w["runs"], w["p50_ms"], w["p95_ms"], w["max_ms"],
                     w["cpu_p50_ms"], f"{w['page_kb']} KB page", f"p95 < {TARGET_TIMELINE_MS:g} ms", _verdict(w["pass"])])
    m = r["rematch"]
    rows.append([f"rematch_unassigned(): {m['unassigned_before']:,} unassigned, {stats['persons'] - 2:,} persons + "
                 f"{stats['companies']:,} companies just imported", 1, f"{m['seconds'] * 1000:,.0f}", "–", "–", "–",
                 f"{m['links']:,} links, {m['linked_messages']:,} messages linked",
                 f"< {TARGET_REMATCH_S:g} s", _verdict(m["pass"])])
    return report.table(["Measurement", "Runs", "p50 ms", "p95 ms", "max ms", "CPU p50 ms", "Hits: returned (visible matches)",
                         "Target", "Result"], rows)


def query_table(r: dict) -> str:
    rows = []
    for cls in QUERIES:
        for query, v in r["search"][cls]["queries"].items():
            web = r["web"]["search"][cls]["queries"][query]
            rows.append([cls, f"`{query}`", v["hits"], f"{v.get('matches', '–'):,}" if isinstance(v.get("matches"), int)
                         else "–", f"{v.get('visible_matches', '–'):,}" if isinstance(v.get("visible_matches"), int)
                         else "–", v["p50_ms"], v["p95_ms"], v["cpu_p50_ms"], web["p50_ms"], web["p95_ms"],
                         ", ".join(v["marked"][:6]) or "–"])
    return report.table(["Class", "Query", "Returned", "Matches (all mail)", "Matches (visible)", "search() p50",
                         "search() p95", "search() CPU p50", "GET p50", "GET p95", "Words marked in the snippets"], rows)


def data_table(r: dict) -> str:
    stats, cache = r["stats"], r["cache"]
    manifest = cache.get("manifest") or {}
    build = r.get("build") or manifest
    rows = [
        ["messages / copies / addresses / attachments", f"{stats['messages']:,} / {stats['message_copies']:,} / "
         f"{stats['message_addresses']:,} / {stats['attachments']:,}"],
        ["contacts: persons / companies (domains) / addresses", f"{stats['persons']:,} / {stats['companies']:,} "
         f"({stats['company_domains']:,}) / {stats['contact_emails']:,}"],
        ["message links after rematch + the two special persons", f"{stats['message_links']:,}"],
        ["notes", f"{stats['notes']:,}"],
        ["searcher: mailboxes visible / messages visible",
         f"{stats['searcher_visible_accounts']} of {stats['mail_accounts']} / {stats['searcher_visible_messages']:,} "
         f"of {stats['messages']:,} ({stats['searcher_visible_messages'] / stats['messages']:.0%})"],
        ["big person: linked / visible to the searcher / notes",
         f"{stats['big_links']:,} / {stats['big_visible_links']:,} / {stats['big_notes']}"],
        ["small person: linked / visible / notes",
         f"{stats['small_links']} / {stats['small_visible_links']} / {stats['small_notes']}"],
        ["save_person() linking the big / small person's mail",
         f"{r['special']['big_save_person_s']} s / {r['special']['small_save_person_s']} s"],
        ["database size", f"{stats['database_mb']:,} MB (snapshot {cache.get('snapshot_mb')} MB)"],
        ["data build" + (" (this run)" if r.get("build") else f" (cached, built {manifest.get('built', '?')})"),
         (f"{build.get('build_s')} s: generate {build.get('generate_s')} s, store_batch {build.get('store_s')} s, "
          f"contact import {build.get('contacts_import_s')} s, notes {build.get('notes_s')} s; snapshot "
          f"{build.get('snapshot_s')} s") if build else "unknown"],
    ]
    if not r.get("build"):
        rows.append(["restore from the cache (this run)", f"{r.get('restore_s')} s"])
    return report.table(["Data", ""], rows)


def diagnosis(r: dict) -> list[str]:
    """For every missed target: the SQL that dominated, its plan, and the profile's top."""
    parts = []

    def sql_block(title: str, sql: dict, count: int = 1) -> None:
        parts.extend(["", f"#### {title}: {sql['statements']} statements, {sql['sql_ms']} ms in SQL; the slowest:", ""])
        for statement in sql["slowest"][:count]:
            parts.extend([f"- {statement['ms']} ms:", "", "```sql", statement["sql"], f"-- params: {statement['params']}",
                          "```", "", "```", statement["plan"], "```"])

    def profile_block(title: str, profile: dict) -> None:
        top = profile["top"].strip().split("\n\n\n")[0].splitlines()  # the tottime part; the .txt has more
        parts.extend(["", f"#### {title}: cProfile of 20 calls, by own time (all of it: {profile['file']}, .txt)", "",
                      "```", *top[:22], "```"])

    for cls in QUERIES:
        s, w = r["search"][cls], r["web"]["search"][cls]
        if not s["pass"]:
            slowest = max(s["queries"], key=lambda q: s["queries"][q]["p95_ms"])
            sql_block(f"search() {cls}, query `{slowest}`", s["queries"][slowest]["sql"])
        if "profile" in s:
            profile_block(f"search() {cls}, query `{s['profile']['query']}`", s["profile"])
        if "profile" in w:  # the page runs the same SQL as the service (limit 30): its profile shows the rest
            profile_block(f"GET /search {cls}, query `{w['profile']['query']}`", w["profile"])
    for key in ("big", "small"):
        w = r["web"]["timeline"][key]
        if not w["pass"] or "profile" in w:
            sql_block(f"timeline.page() ({key})", r["timeline"][key]["sql"])
            if "sql" in w:
                sql_block(f"GET {w['url']}", w["sql"], count=2)
            if "profile" in w:
                profile_block(f"GET {w['url']}", w["profile"])
        if "profile" in r["timeline"][key]:
            profile_block(f"timeline.page() ({key})", r["timeline"][key]["profile"])
    if not r["rematch"]["pass"]:
        sql_block("rematch_unassigned()", r["rematch"]["sql"], count=3)
    return parts


# How to read the figures, closing the note.
READING_NOTES = (
    "service timings call the service in the app context, each call in a fresh database session (the "
    "user and person loaded by id first, as a request does); web timings are server time of the Flask "
    "test client's GET (routing, login session check, the view, rendering), logged in through "
    "/auth/login with the user's password. The page shows 30 results, the service call asks for 20. "
    "'Matches' count the index's matches (untimed), 'Returned' what search() returned. p95 is "
    "nearest-rank. 'CPU p50' is the benchmark process's own CPU time per call (on SQLite all the "
    "work; on PostgreSQL without the server's): when wall time is far above it, the call waited for a "
    "core. PostgreSQL tables are ANALYZEd after the data is loaded (what autovacuum does); SQLite "
    "runs without ANALYZE, as the app ships. The rematch runs once, right after the bulk contact "
    "import. Timings on a shared 2-core machine are noisy: see the load averages.")


def markdown(results: list[dict], env: dict, args) -> str:
    parts = [f"## Reading benchmark ({', '.join(r['database'] for r in results)}, {env['when']}, git {env['git']}"
             f"{' + uncommitted changes' if env['dirty_files'] else ''})", "",
             f"{args.messages:,} messages, {args.contacts:,} contacts imported in bulk (+ 2 persons through the "
             f"contact service); searches and timelines run as a manager who sees 4 of the 7 mailboxes.", ""]
    for r in results:
        parts += [f"### {r['database']}", "", main_table(r, args), "", "Per query:", "", query_table(r), "",
                  "Data:", "", data_table(r), "",
                  f"Load average: {r['load_before']} before, {r['load_measure_start']} when measuring started, "
                  f"{r['load_after']} after; worker peak RSS {r['peak_rss_mb']} MB."]
        found = diagnosis(r)
        if found:
            parts += ["", f"### {r['database']}: where the time goes", *found]
        parts.append("")
    parts += report.environment_section(env, READING_NOTES)
    return "\n".join(parts)


# --------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    """Run the reading benchmark on each database, print the note and write it under bench/results/."""
    # `python -m bench.run` hands every section the whole command line: other sections' options
    # (--sizes, --mbsync-runs …) are theirs, not mistakes.
    args, others = build_parser().parse_known_args(argv)
    if others:
        _say(f"reading: ignoring options of other sections: {' '.join(others)}")
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results_dir = args.results_dir or report.RESULTS
    results_dir.mkdir(parents=True, exist_ok=True)
    env = report.environment(args.database)
    env["seed"] = args.seed
    started = time.monotonic()
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="mailtrail-reading-"))
    try:
        for kind in kinds:
            _say(f"reading benchmark on {kind}")
            results.append(run_worker(args, kind, workdir, results_dir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    env["load_at_end"] = load_average()
    env["bench_minutes"] = round((time.monotonic() - started) / 60, 1)
    note = markdown(results, env, args)
    print(note)
    md_path, json_path = report.write(f"reading-{args.database}", note, {"environment": env, "results": results},
                                      results_dir)
    _say(f"written {md_path} and {json_path}")
    failed = [r["database"] for r in results if not all(
        [r["rematch"]["pass"], *(r["search"][c]["pass"] for c in QUERIES),
         *(r["web"]["timeline"][k]["pass"] for k in ("big", "small"))])]
    if failed:
        _say(f"targets missed on {', '.join(failed)} (see the note)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
