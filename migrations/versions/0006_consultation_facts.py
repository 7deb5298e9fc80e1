"""The facts of a consultation that a visitor sees beside the ideas: when it opens and closes, and
what happens next (department and case number exist since 0001).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation') as batch:
        batch.add_column(sa.Column('opens_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('closes_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('next_steps', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('consultation') as batch:
        batch.drop_column('next_steps')
        batch.drop_column('closes_at')
        batch.drop_column('opens_at')
