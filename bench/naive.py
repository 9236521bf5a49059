"""The naive baseline: imap-tools fetching whole messages in chunks and reading every field, no database.

    python -m bench.naive --port PORT --login LOGIN [--password P] [--chunk 500] [--bare]

--bare is the transport floor instead: plain imaplib `UID FETCH BODY.PEEK[]` in the same
chunks, nothing parsed.

Run as its own process by sync_bench so its time, CPU and peak memory are its own. Chunks:
imap-tools `bulk=True` puts every UID on one command line, and Dovecot's default limit is
64 KiB, so a 50k folder would fail; `bulk=500` is what a careful naive client does.
"""
from __future__ import annotations

import argparse
import imaplib
import sys
import time

from imap_tools import MailBoxUnencrypted

from .measure import cpu_seconds, emit, peak_rss_mb


def _count_bytes(client, counter: list[int]) -> None:
    """Count every byte imaplib reads from the server."""
    read, readline = client.read, client.readline

    def counted_read(size):
        data = read(size)
        counter[0] += len(data)
        return data

    def counted_readline():
        data = readline()
        counter[0] += len(data)
        return data

    client.read, client.readline = counted_read, counted_readline


def _touch(message) -> tuple[int, int]:
    """Read every field a CRM would; returns (attachments, decoded attachment bytes)."""
    _ = (message.uid, message.subject, message.from_, message.to, message.cc, message.date, message.headers,
         message.text, message.html, message.flags)
    size = 0
    attachments = message.attachments
    for attachment in attachments:
        _ = attachment.filename, attachment.content_type
        size += len(attachment.payload)
    return len(attachments), size


def naive_sync(host: str, port: int, login: str, password: str, chunk: int) -> dict:
    """Fetch and parse every INBOX message; returns counts and timings."""
    counter = [0]
    started = time.monotonic()
    cpu_before = cpu_seconds()
    messages = attachments = attachment_bytes = errors = 0
    with MailBoxUnencrypted(host, port, timeout=600) as mailbox:
        _count_bytes(mailbox.client, counter)
        mailbox.login(login, password, initial_folder="INBOX")
        for message in mailbox.fetch("ALL", mark_seen=False, bulk=chunk):
            messages += 1
            try:
                found, size = _touch(message)
                attachments += found
                attachment_bytes += size
            except Exception:  # the naive client counts what it cannot read, as Mailtrail does
                errors += 1
    seconds = time.monotonic() - started
    return {"seconds": round(seconds, 3), "messages": messages, "errors": errors, "attachments": attachments,
            "attachment_bytes": attachment_bytes, "bytes_read": counter[0], "cpu_s": round(cpu_seconds() - cpu_before, 3),
            "peak_rss_mb": peak_rss_mb(), "chunk": chunk}


def bare_fetch(host: str, port: int, login: str, password: str, chunk: int) -> dict:
    """Fetch every INBOX message whole with imaplib, in chunks, parsing nothing."""
    started = time.monotonic()
    cpu_before = cpu_seconds()
    messages = received = 0
    client = imaplib.IMAP4(host, port, timeout=600)
    try:
        client.login(login, password)
        client.select("INBOX", readonly=True)
        _, data = client.uid("SEARCH", "ALL")
        uids = data[0].split()
        for start in range(0, len(uids), chunk):
            _, items = client.uid("FETCH", b",".join(uids[start:start + chunk]).decode(), "(BODY.PEEK[])")
            for item in items:
                if isinstance(item, tuple):
                    messages += 1
                    received += len(item[1])
    finally:
        client.logout()
    return {"seconds": round(time.monotonic() - started, 3), "messages": messages, "message_bytes": received,
            "cpu_s": round(cpu_seconds() - cpu_before, 3), "peak_rss_mb": peak_rss_mb(), "chunk": chunk}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.naive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", default="secret-pass")
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--bare", action="store_true", help="imaplib fetch only, no parsing (the transport floor)")
    args = parser.parse_args(argv)
    contender = bare_fetch if args.bare else naive_sync
    emit(contender(args.host, args.port, args.login, args.password, args.chunk))
    return 0


if __name__ == "__main__":
    sys.exit(main())
