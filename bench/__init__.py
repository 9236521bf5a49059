"""Mailtrail benchmarks: `make bench` (scripts/bench.sh → python -m bench.run).

- bench/corpus.py: the seeded corpus generator (cached under bench/.cache);
- bench/sync_bench.py: IMAP sync against a local Dovecot, beside mbsync and a naive imap-tools loop;
- bench/load_bench.py: 20 mailboxes syncing on 2 workers while 20 simulated users browse and search
  (bench/load_client.py the users, bench/load_app.py the app-side setup and query probe);
- bench/reading_bench.py: search, contact timelines and rematch on 100,000 messages and 10,000 contacts
  (bench/reading_data.py the data, bench/reading_worker.py the measuring child process).
Results land in bench/results/ (ignored by git).
"""
