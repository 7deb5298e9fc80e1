"""Redacted originals kept apart from the public text (post_revision), retention rules and the
records of culling runs.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'post_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('original_body', sa.Text(), nullable=True),
        sa.Column('passages', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('culled_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_revision_post_id_post'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by'], ['staff_user.id'],
                                name=op.f('fk_post_revision_created_by_staff_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_post_revision')),
    )
    op.create_index(op.f('ix_post_revision_post_id'), 'post_revision', ['post_id'])
    op.create_table(
        'retention_rule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.Enum('rejected_posts', 'contact_emails', 'redaction_originals',
                                  name='kind', native_enum=False, length=32), nullable=False),
        sa.Column('days', sa.Integer(), nullable=True),
        sa.Column('counted_from', sa.Enum('decision', 'closing', name='countedfrom',
                                          native_enum=False, length=16), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_retention_rule_consultation_id_consultation'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_rule')),
    )
    op.create_index('uq_retention_rule_consultation', 'retention_rule', ['consultation_id', 'kind'],
                    unique=True, postgresql_where=sa.text('consultation_id IS NOT NULL'),
                    sqlite_where=sa.text('consultation_id IS NOT NULL'))
    op.create_index('uq_retention_rule_global', 'retention_rule', ['kind'], unique=True,
                    postgresql_where=sa.text('consultation_id IS NULL'),
                    sqlite_where=sa.text('consultation_id IS NULL'))
    op.create_table(
        'culling_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=200), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('consultation_slug', sa.String(length=80), nullable=False),
        sa.Column('actor', sa.String(length=120), nullable=False),
        sa.Column('snapshot_file', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_culling_record_consultation_id_consultation'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_culling_record')),
    )
    op.create_index(op.f('ix_culling_record_consultation_id'), 'culling_record', ['consultation_id'])


def downgrade():
    op.drop_index(op.f('ix_culling_record_consultation_id'), table_name='culling_record')
    op.drop_table('culling_record')
    op.drop_index('uq_retention_rule_global', table_name='retention_rule')
    op.drop_index('uq_retention_rule_consultation', table_name='retention_rule')
    op.drop_table('retention_rule')
    op.drop_index(op.f('ix_post_revision_post_id'), table_name='post_revision')
    op.drop_table('post_revision')
