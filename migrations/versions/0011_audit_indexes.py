"""The audit trail filtered by days: an index on the entries' time.

Without it a date range is a scan from the newest entry down to the range (or, for a range with
no entries, of the whole trail); bench/audit_log.py measures both schemas.

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_entry_created_at', 'audit_entry', ['created_at'])


def downgrade():
    op.drop_index('ix_audit_entry_created_at', table_name='audit_entry')
