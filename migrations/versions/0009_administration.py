"""Administration: staff job titles and the public list of the municipality's channels.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=120), nullable=True))
    op.create_table(
        'channel_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('description', sa.String(length=300), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_link')),
    )


def downgrade():
    op.drop_table('channel_link')
    with op.batch_alter_table('staff_user') as batch_op:
        batch_op.drop_column('title')
