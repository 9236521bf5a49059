"""full-text search index: SQLite FTS5 tables or PostgreSQL tsvector tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

FTS_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE message_fts USING fts5(subject, people, body, attachments, {FTS_TOKENIZER})")
        op.execute(f"CREATE VIRTUAL TABLE note_fts USING fts5(body, {FTS_TOKENIZER})")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TABLE message_search (message_id INTEGER PRIMARY KEY "
               "REFERENCES messages (id) ON DELETE CASCADE, document tsvector NOT NULL)")
    op.execute("CREATE INDEX ix_search_message_document ON message_search USING gin (document)")
    op.execute("CREATE TABLE note_search (note_id INTEGER PRIMARY KEY "
               "REFERENCES notes (id) ON DELETE CASCADE, document tsvector NOT NULL)")
    op.execute("CREATE INDEX ix_search_note_document ON note_search USING gin (document)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE note_fts")
        op.execute("DROP TABLE message_fts")
        return
    op.execute("DROP TABLE note_search")
    op.execute("DROP TABLE message_search")
