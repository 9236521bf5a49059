"""drop ix_message_links_message_id: both unique constraints of message_links begin with message_id

Every link a sync stores updated one more index for nothing; lookups and cascades by
message_id use the unique constraints' indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_message_links_message_id', table_name='message_links')


def downgrade():
    op.create_index('ix_message_links_message_id', 'message_links', ['message_id'], unique=False)
