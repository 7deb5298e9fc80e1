"""Who works on which consultation (assignments), and the append-only audit trail.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consultation_assignment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_consultation_assignment_consultation_id_consultation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'],
                                name=op.f('fk_consultation_assignment_user_id_staff_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_assignment')),
        sa.UniqueConstraint('user_id', 'consultation_id', name='uq_assignment'),
    )
    op.create_index(op.f('ix_consultation_assignment_consultation_id'), 'consultation_assignment',
                    ['consultation_id'])
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('target_type', sa.String(length=20), nullable=True),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'],
                                name=op.f('fk_audit_entry_actor_id_staff_user')),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_audit_entry_consultation_id_consultation'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    )
    op.create_index('ix_audit_entry_action', 'audit_entry', ['action', 'id'])
    op.create_index('ix_audit_entry_actor', 'audit_entry', ['actor_id', 'id'])
    op.create_index('ix_audit_entry_consultation', 'audit_entry', ['consultation_id', 'id'])


def downgrade():
    op.drop_index('ix_audit_entry_consultation', table_name='audit_entry')
    op.drop_index('ix_audit_entry_actor', table_name='audit_entry')
    op.drop_index('ix_audit_entry_action', table_name='audit_entry')
    op.drop_table('audit_entry')
    op.drop_index(op.f('ix_consultation_assignment_consultation_id'),
                  table_name='consultation_assignment')
    op.drop_table('consultation_assignment')
