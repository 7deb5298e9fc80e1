"""Similar ideas: a rejection as a duplicate names the original it repeats.

Revision ID: 0016
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation_decision') as batch:
        batch.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_moderation_decision_duplicate_of_id_post'), 'post',
                                 ['duplicate_of_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('moderation_decision') as batch:
        batch.drop_constraint(op.f('fk_moderation_decision_duplicate_of_id_post'), type_='foreignkey')
        batch.drop_column('duplicate_of_id')
