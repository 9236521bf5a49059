"""Measuring helpers shared by the benchmarks: memory and CPU of this process, child processes
that report JSON, medians, and exclusive per-phase timers.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

MARKER = "BENCH-RESULT "
REPO = Path(__file__).resolve().parent.parent


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    return round(_status_kb("VmRSS") / 1024, 1)


def peak_rss_mb() -> float:
    """The highest resident memory this process has had (VmHWM, falling back to ru_maxrss), in MiB."""
    kb = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024, 1)


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def cpu_seconds() -> float:
    """User + system CPU time of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_seconds() -> float:
    """User + system CPU time of waited-for child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def emit(result: dict) -> None:
    """Report a child's result to the parent: one marked JSON line on stdout."""
    sys.stdout.write(MARKER + json.dumps(result, default=str) + "\n")
    sys.stdout.flush()


def run_child(args: list[str], env: dict | None = None, timeout: float = 3600) -> dict:
    """Run `python -m <args>` from the repository root and return the JSON it emitted.

    The child's output (logs included) is collected whole; on failure its last lines are raised.
    """
    command = [sys.executable, "-m", *args]
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-40:])
    raise RuntimeError(f"{' '.join(args[:2])} failed (exit {completed.returncode}):\n{tail}")


def load_average() -> float:
    """The 1-minute load average (other work on the machine makes timings noisy)."""
    return round(os.getloadavg()[0], 2)


class PhaseTimer:
    """Exclusive wall time per named phase: a phase nested in another pauses its parent."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list] = []  # [name, started]

    @contextmanager
    def phase(self, name: str):
        now = time.perf_counter()
        if self._stack:
            parent = self._stack[-1]
            self.totals[parent[0]] = self.totals.get(parent[0], 0.0) + now - parent[1]
        self._stack.append([name, now])
        try:
            yield
        finally:
            end = time.perf_counter()
            _, started = self._stack.pop()
            self.totals[name] = self.totals.get(name, 0.0) + end - started
            self.calls[name] = self.calls.get(name, 0) + 1
            if self._stack:
                self._stack[-1][1] = end

    def wrap(self, owner, attribute: str, name: str) -> None:
        """Replace owner.attribute (a function or method) with a timed version."""
        original = getattr(owner, attribute)
        timer = self

        def timed(*args, **kwargs):
            with timer.phase(name):
                return original(*args, **kwargs)

        timed.__wrapped__ = original
        setattr(owner, attribute, timed)

    def report(self, total: float) -> dict:
        """{phase: {"s": seconds, "calls": n}} plus "other" (the rest of `total`)."""
        out = {name: {"s": round(seconds, 3), "calls": self.calls.get(name, 0)}
               for name, seconds in sorted(self.totals.items(), key=lambda item: -item[1])}
        out["other (cursor updates, SQL and Python between the phases)"] = {
            "s": round(max(total - sum(self.totals.values()), 0.0), 3), "calls": 0}
        return out
