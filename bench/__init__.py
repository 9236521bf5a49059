"""Mailtrail benchmarks: `make bench` (scripts/bench.sh → python -m bench.run).

- bench/corpus.py: the seeded corpus generator (cached under bench/.cache);
- bench/sync_bench.py: IMAP sync against a local Dovecot, beside mbsync and a naive imap-tools loop.
Results land in bench/results/ (ignored by git).
"""
