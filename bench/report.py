"""Turning benchmark results into markdown tables and files under bench/results/ (ignored by git)."""
from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
MB = 1024 * 1024


def rate(count: int, seconds: float | None) -> str:
    """'12.3 s (813/s)' or '–'."""
    if not seconds or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    return f"{seconds:.2f} s ({count / seconds:,.0f}/s)"


def number(value, digits: int = 1, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}{unit}"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def environment(database: str) -> dict:
    """What the numbers depend on: code version, tools, machine, load."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return ""

    return {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git": git("rev-parse", "--short", "HEAD"),
            "dirty_files": len(git("status", "--porcelain").splitlines()), "database": database,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "cpus": os.cpu_count(),
            "load_at_start": round(os.getloadavg()[0], 2)}


def environment_section(env: dict, notes: str) -> list[str]:
    """The closing lines of a note: the environment block, then how to read the figures."""
    return ["### Environment", "", "```", *[f"{k}: {v}" for k, v in env.items()], "```", "", f"Notes: {notes}"]


def write(name: str, markdown: str, data: dict, results_dir: Path | None = None) -> tuple[Path, Path]:
    """Write <stamp>-<name>.md and .json (and latest-<name>.md) under bench/results/."""
    folder = results_dir or RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    md_path, json_path = folder / f"{stamp}-{name}.md", folder / f"{stamp}-{name}.json"
    md_path.write_text(markdown + "\n")
    json_path.write_text(json.dumps(data, indent=1, default=str) + "\n")
    (folder / f"latest-{name}.md").write_text(markdown + "\n")
    return md_path, json_path
