"""`make bench`: run every benchmark section, or some of them.

    python -m bench.run [--only sync] [section options…]
    python -m bench.run --sizes 10000            # options go to every section that runs

Each section is a module with `main(argv) -> int` that prints its note and writes it under
bench/results/. To add one (search, timeline…), write bench/<name>_bench.py with such a
`main` and list it in SECTIONS; sections share option names (--sizes, --seed, --database,
--cache-dir, --results-dir) so one command line drives them all.
"""
from __future__ import annotations

import argparse
import importlib
import sys

SECTIONS = {
    "sync": "bench.sync_bench",
    "load": "bench.load_bench",
    "reading": "bench.reading_bench",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", add_help=False,
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS),
                        help="run only this section (repeatable); default: all")
    args, rest = parser.parse_known_args(argv)
    if "-h" in rest or "--help" in rest:
        parser.print_help()
        print(f"\nsections: {', '.join(SECTIONS)}; their options follow.\n")
    status = 0
    for name in args.only or list(SECTIONS):
        print(f"=== benchmark: {name} ===", file=sys.stderr, flush=True)
        module = importlib.import_module(SECTIONS[name])
        status = max(status, module.main(rest) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
