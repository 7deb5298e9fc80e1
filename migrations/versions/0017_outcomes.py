"""Outcomes: what became of each idea (a state column and its transitions), a consultation's
closing summary, and when its leaders were last reminded to follow it up.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post') as batch:
        batch.add_column(sa.Column('outcome', sa.String(length=20), nullable=True))
    with op.batch_alter_table('consultation') as batch:
        batch.add_column(sa.Column('closing_summary', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('outcome_reminded_at', sa.DateTime(), nullable=True))
    op.create_table(
        'outcome_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('from_outcome', sa.String(length=20), nullable=True),
        sa.Column('to_outcome', sa.String(length=20), nullable=False),
        sa.Column('explanation', sa.Text(), nullable=False),
        sa.Column('explanation_html', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=True),
        sa.Column('reference', sa.String(length=200), nullable=True),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_by_name', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_outcome_change_post_id_post'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_outcome_change_consultation_id_consultation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['changed_by_id'], ['staff_user.id'],
                                name=op.f('fk_outcome_change_changed_by_id_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_change')),
    )
    op.create_index('ix_outcome_change_post', 'outcome_change', ['post_id', 'id'])
    op.create_index(op.f('ix_outcome_change_consultation_id'), 'outcome_change', ['consultation_id'])


def downgrade():
    op.drop_index(op.f('ix_outcome_change_consultation_id'), table_name='outcome_change')
    op.drop_index('ix_outcome_change_post', table_name='outcome_change')
    op.drop_table('outcome_change')
    with op.batch_alter_table('consultation') as batch:
        batch.drop_column('outcome_reminded_at')
        batch.drop_column('closing_summary')
    with op.batch_alter_table('post') as batch:
        batch.drop_column('outcome')
