"""Themes: each consultation's list of themes, and the ideas tagged with them.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'theme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_theme_consultation_id_consultation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
        sa.UniqueConstraint('consultation_id', 'slug', name='uq_theme_slug'),
    )
    op.create_table(
        'post_theme',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_theme_post_id_post'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_post_theme_theme_id_theme'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'theme_id', name=op.f('pk_post_theme')),
    )
    op.create_index(op.f('ix_post_theme_theme_id'), 'post_theme', ['theme_id'])


def downgrade():
    op.drop_index(op.f('ix_post_theme_theme_id'), table_name='post_theme')
    op.drop_table('post_theme')
    op.drop_table('theme')
