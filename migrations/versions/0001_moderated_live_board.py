"""The moderated live board: consultations, staff, posts, supports, decisions, live events.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 10:54:40.402712

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='consultationstatus', native_enum=False, length=16), nullable=False),
    sa.Column('case_number', sa.String(length=64), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('event_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    sa.UniqueConstraint('slug', name=op.f('uq_consultation_slug'))
    )
    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.Enum('admin', 'moderator', 'project_leader', 'responder', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_user_email'))
    )
    op.create_table('live_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_live_event_consultation_id_consultation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_event')),
    sa.UniqueConstraint('consultation_id', 'seq', name='uq_live_event_seq')
    )
    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('alias', sa.String(length=60), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('email_consent', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='poststate', native_enum=False, length=16), nullable=False),
    sa.Column('channel', sa.Enum('web', 'kiosk', 'analog', name='channel', native_enum=False, length=16), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_post_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['post.id'], name=op.f('fk_post_parent_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post')),
    sa.UniqueConstraint('consultation_id', 'submission_key', name='uq_post_submission_key')
    )
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index('ix_post_board', ['consultation_id', 'state', 'parent_id', 'published_at'], unique=False)

    op.create_table('moderation_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('approve', 'reject', 'withdraw', name='action', native_enum=False, length=20), nullable=False),
    sa.Column('from_state', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='poststate', native_enum=False, length=20), nullable=False),
    sa.Column('to_state', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='poststate', native_enum=False, length=20), nullable=False),
    sa.Column('reason', sa.Enum('personal_data', 'confidential', 'threat_or_hate', 'off_topic', 'spam', 'duplicate', 'other', name='reason', native_enum=False, length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['staff_user.id'], name=op.f('fk_moderation_decision_moderator_id_staff_user')),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_moderation_decision_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_decision'))
    )
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_decision_post_id'), ['post_id'], unique=False)

    op.create_table('support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('browser_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_support_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support')),
    sa.UniqueConstraint('post_id', 'browser_hash', name='uq_support_browser')
    )
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_post_id'), ['post_id'], unique=False)




def downgrade():
    
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_post_id'))

    op.drop_table('support')
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_decision_post_id'))

    op.drop_table('moderation_decision')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_board')

    op.drop_table('post')
    op.drop_table('live_event')
    op.drop_table('staff_user')
    op.drop_table('consultation')

