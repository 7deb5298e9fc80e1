"""Board indexes: ideas in page order (partial, parent_id IS NULL), and replies by parent.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

IDEAS_ONLY = sa.text("parent_id IS NULL")


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_board')
        batch_op.create_index('ix_post_idea_page',
                              ['consultation_id', 'state', 'published_at', 'id'],
                              unique=False, postgresql_where=IDEAS_ONLY, sqlite_where=IDEAS_ONLY)
        batch_op.create_index(batch_op.f('ix_post_parent_id'), ['parent_id'], unique=False)


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_parent_id'))
        batch_op.drop_index('ix_post_idea_page')
        batch_op.create_index('ix_post_board', ['consultation_id', 'state', 'parent_id', 'published_at'],
                              unique=False)
