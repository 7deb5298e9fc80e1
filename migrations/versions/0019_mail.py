"""Notifications by e-mail: the outbox, and on a post its author's language and when the author
confirmed the address (double opt-in).

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post') as batch:
        batch.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
        batch.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    op.create_table(
        'outbox_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=254), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text_body', sa.Text(), nullable=True),
        sa.Column('html_body', sa.Text(), nullable=True),
        sa.Column('headers', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_by', sa.String(length=64), nullable=True),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_outbox_message_post_id_post'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    )
    op.create_index('ix_outbox_message_due', 'outbox_message', ['next_attempt_at', 'id'],
                    postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))
    op.create_index('ix_outbox_message_post', 'outbox_message', ['post_id'])


def downgrade():
    op.drop_index('ix_outbox_message_post', table_name='outbox_message')
    op.drop_index('ix_outbox_message_due', table_name='outbox_message')
    op.drop_table('outbox_message')
    with op.batch_alter_table('post') as batch:
        batch.drop_column('email_confirmed_at')
        batch.drop_column('locale')
