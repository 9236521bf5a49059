"""One migration history for both backends, in agreement with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.database import include_in_migrations
from webapp.extensions import db


def test_models_and_migrations_agree():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_in_migrations,
                                                         "compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_are_at_head():
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_sqlite_message_index_merges_eight_segments_at_a_time():
    import pytest
    from sqlalchemy import text

    if db.engine.dialect.name != "sqlite":
        pytest.skip("an FTS5 setting")
    assert db.session.execute(text("SELECT v FROM message_fts_config WHERE k = 'automerge'")).scalar() == 8
