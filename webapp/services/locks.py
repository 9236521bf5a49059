"""A Redis lock with a random token and a TTL, released only by its holder."""
from __future__ import annotations

import logging
import secrets

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger("mailtrail.locks")

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""
_EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end
"""


class Lock:
    """Held while `token` is stored under `key`; expires by itself after `ttl` seconds."""

    def __init__(self, connection: Redis, key: str, ttl: int):
        self.connection, self.key, self.ttl = connection, key, ttl
        self.token = secrets.token_hex(16)
        self.held = False

    def acquire(self) -> bool:
        self.held = bool(self.connection.set(self.key, self.token, nx=True, ex=self.ttl))
        return self.held

    def extend(self) -> bool:
        """Push the expiry out again (long runs call this between batches).

        Redis is not the system of record: if it is away, the work goes on (the database's
        unique keys keep a concurrent run harmless) and the lock simply lapses.
        """
        try:
            return bool(self.connection.eval(_EXTEND, 1, self.key, self.token, self.ttl * 1000))
        except RedisError as error:
            log.warning("cannot extend lock %s: %s", self.key, error)
            return False

    def release(self) -> None:
        if self.held:
            self.held = False
            try:
                self.connection.eval(_RELEASE, 1, self.key, self.token)
            except RedisError as error:
                log.warning("cannot release lock %s (it will expire): %s", self.key, error)

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def is_locked(connection: Redis, key: str) -> bool:
    """True while someone holds `key`."""
    return bool(connection.exists(key))
