"""Exports started from the web: one row per job, which a process of its own works on.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

STATUSES = ('queued', 'running', 'done', 'failed')


def upgrade():
    op.create_table(
        'export_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=10), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.Enum(*STATUSES, name='exportstatus', native_enum=False, length=10),
                  nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=True),
        sa.Column('stored_name', sa.String(length=200), nullable=True),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_export_job_consultation_id_consultation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['staff_user.id'],
                                name=op.f('fk_export_job_requested_by_id_staff_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export_job')),
    )
    op.create_index('ix_export_job_consultation', 'export_job', ['consultation_id', 'id'])


def downgrade():
    op.drop_index('ix_export_job_consultation', table_name='export_job')
    op.drop_table('export_job')
