"""The author's own link: follow tokens (only their hashes), one or a few per post.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'follow_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_follow_token_post_id_post'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_follow_token_token_hash')),
    )
    op.create_index(op.f('ix_follow_token_post_id'), 'follow_token', ['post_id'])


def downgrade():
    op.drop_index(op.f('ix_follow_token_post_id'), table_name='follow_token')
    op.drop_table('follow_token')
