"""Who speaks for the municipality and what citizens report: official replies ("Kommunens svar",
signed as published), the politician's-view mark, and reports of published posts.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

REASONS = ('personal_data', 'confidential', 'threat_or_hate', 'off_topic', 'spam', 'duplicate',
           'other')


def upgrade():
    with op.batch_alter_table('post') as batch:
        batch.add_column(sa.Column('official_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('official_name', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('official_title', sa.String(length=400), nullable=True))
        batch.add_column(sa.Column('politician_view', sa.Boolean(), nullable=False,
                                   server_default=sa.text('false')))
        batch.create_foreign_key(op.f('fk_post_official_by_id_staff_user'), 'staff_user',
                                 ['official_by_id'], ['id'], ondelete='SET NULL')
    op.create_table(
        'report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('participant_key', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.Enum(*REASONS, name='reason', native_enum=False, length=20),
                  nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.Column('resolution', sa.Enum('dismissed', 'withdrawn', name='resolution',
                                        native_enum=False, length=20), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_report_post_id_post'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['staff_user.id'],
                                name=op.f('fk_report_resolved_by_id_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
        sa.UniqueConstraint('post_id', 'participant_key', name='uq_report_participant'),
    )
    op.create_index(op.f('ix_report_resolved_at'), 'report', ['resolved_at'])


def downgrade():
    op.drop_index(op.f('ix_report_resolved_at'), table_name='report')
    op.drop_table('report')
    with op.batch_alter_table('post') as batch:
        batch.drop_constraint(op.f('fk_post_official_by_id_staff_user'), type_='foreignkey')
        batch.drop_column('politician_view')
        batch.drop_column('official_title')
        batch.drop_column('official_name')
        batch.drop_column('official_by_id')
