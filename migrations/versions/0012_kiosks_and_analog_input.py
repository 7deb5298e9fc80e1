"""Parkbänk in physical places: registered kiosks, and where each post came in (the place, and a
transcribed post's source and day of receipt).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SOURCES = ('paper', 'workshop', 'phone', 'letter', 'wall')


def upgrade():
    op.create_table(
        'kiosk',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('place', sa.String(length=120), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.text('true')),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('token_issued_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_kiosk_consultation_id_consultation'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kiosk')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_kiosk_token_hash')),
    )
    op.create_index(op.f('ix_kiosk_consultation_id'), 'kiosk', ['consultation_id'])
    with op.batch_alter_table('post') as batch:
        batch.add_column(sa.Column('place', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('source', sa.Enum(*SOURCES, name='analogsource',
                                                     native_enum=False, length=16), nullable=True))
        batch.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('kiosk_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_post_kiosk_id_kiosk'), 'kiosk', ['kiosk_id'], ['id'],
                                 ondelete='SET NULL')
    op.create_index(op.f('ix_post_kiosk_id'), 'post', ['kiosk_id'])
    # The meeting screen: a consultation's replies newest first (its ideas have ix_post_idea_page).
    op.create_index('ix_post_reply_page', 'post', ['consultation_id', 'state', 'published_at', 'id'],
                    postgresql_where=sa.text('parent_id IS NOT NULL'),
                    sqlite_where=sa.text('parent_id IS NOT NULL'))


def downgrade():
    op.drop_index('ix_post_reply_page', table_name='post')
    op.drop_index(op.f('ix_post_kiosk_id'), table_name='post')
    with op.batch_alter_table('post') as batch:
        batch.drop_constraint(op.f('fk_post_kiosk_id_kiosk'), type_='foreignkey')
        batch.drop_column('kiosk_id')
        batch.drop_column('received_on')
        batch.drop_column('source')
        batch.drop_column('place')
    op.drop_index(op.f('ix_kiosk_consultation_id'), table_name='kiosk')
    op.drop_table('kiosk')
