"""Test fixtures: the app on a real database (SQLite or PostgreSQL), real Redis, factories.

MAILTRAIL_TEST_DB picks the backend (sqlite | postgres). TEST_REDIS_URL and
TEST_POSTGRES_URL point at the services `make test` made sure are running.
"""
from __future__ import annotations

import contextvars
import os
import secrets

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

from webapp import create_app
from webapp.extensions import db

pytest_plugins = ["tests.fixtures.factories", "tests.fixtures.browser", "tests.fixtures.mailserver",
                  "tests.fixtures.smtpserver", "tests.fixtures.badservers", "tests.fixtures.faultproxy"]

BACKEND = os.environ.get("MAILTRAIL_TEST_DB", "sqlite")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_admin():
    import psycopg

    return psycopg.connect(POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, empty database for this test session."""
    if BACKEND == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
        return
    name = f"mailtrail_test_{secrets.token_hex(4)}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    Test code commits before each request (so the request sees factory data) and
    starts a fresh transaction after it (so the test sees what the request did).
    """

    def open(self, *args, **kwargs):
        if not has_app_context():  # a redirect followed inside an isolated request
            return super().open(*args, **kwargs)
        db.session.commit()
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the request's context
        try:
            return contextvars.Context().run(super().open, *args, **kwargs)
        finally:
            db.session.commit()


def _compile_translations() -> None:
    # `make test` compiles them too; this keeps a bare `pytest` run honest.
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(__file__).resolve().parents[1].glob("webapp/translations/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src, mo.open("wb") as dst:
                write_mo(dst, read_po(src))


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The app under test, migrated to the newest schema."""
    _compile_translations()
    instance = tmp_path_factory.mktemp("instance")
    os.environ["MAILTRAIL_INSTANCE"] = str(instance)
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-" + secrets.token_hex(8),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": REDIS_URL,
        "RQ_ASYNC": False,
        "WTF_CSRF_ENABLED": False,
        # The limiter is on (as in production) but generous; throttling tests lower the limits.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_ACCOUNT_LIMIT": "1000 per minute",
        "SERVER_NAME": None,
        # Tests talk to servers on loopback, some in plain text, and must not wait long for stalled ones.
        "MAIL_ALLOWED_NETWORKS": ["127.0.0.0/8"],
        "MAIL_ALLOW_PLAINTEXT": True,
        "MAIL_TIMEOUT": 3,
        "MAIL_MX_LOOKUP": False,
    })
    app.test_client_class = IsolatedClient
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    limiter_clients = rate_limit_clients(app)  # the shared limiter gets a new storage per app
    yield app
    with app.app_context():
        db.engine.dispose()
    close_redis([app.extensions.get("mailtrail_redis"), *limiter_clients])


def rate_limit_clients(app) -> list:
    """The Redis clients of the rate limiter's storage, as `create_app` just set it up."""
    return [getattr(getattr(limiter, "_storage", None), "storage", None)
            for limiter in app.extensions.get("limiter", ())]


def close_redis(clients: list) -> None:
    """Close these Redis clients' sockets now; call it for every client a test lets go of. A dropped
    client sits in reference cycles, so the garbage collector may finalize its sockets before the
    connections that would close them, and that ResourceWarning (an error here) fails whichever later
    test the collection happens in."""
    for client in clients:
        if client is not None:
            client.connection_pool.disconnect()


def _clear_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                conn.execute(table.delete())
            for fts in ("message_fts", "note_fts"):
                conn.exec_driver_sql(f"DELETE FROM {fts}")


@pytest.fixture(autouse=True)
def app_ctx(app):
    """Each test runs inside an app context and leaves an empty database behind."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        _clear_database()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def redis_conn(app):
    """The app's real Redis, emptied before the test."""
    from webapp.extensions import redis_connection

    conn = redis_connection()
    conn.flushdb()
    return conn


@pytest.fixture
def count_queries(app):
    """A context manager counting the SQL statements run inside it (against N+1 patterns)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def small_batches(app):
    """Sync in batches of 10, so that a few dozen messages make several batches."""
    saved = app.config["SYNC_BATCH_SIZE"]
    app.config["SYNC_BATCH_SIZE"] = 10
    yield 10
    app.config["SYNC_BATCH_SIZE"] = saved
