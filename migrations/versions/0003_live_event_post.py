"""live_event.post_id: which post an event is about, so a withdrawn post's text can be struck.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('live_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('post_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_event_post_id'), ['post_id'], unique=False)
    # Fill it from the payloads already logged, and strike the text of posts withdrawn since.
    events = sa.table('live_event', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('seq', sa.Integer), sa.column('post_id', sa.Integer),
                      sa.column('payload', sa.JSON))
    posts = sa.table('post', sa.column('id', sa.Integer), sa.column('state', sa.String))
    connection = op.get_bind()
    withdrawn = {row.id for row in connection.execute(
        sa.select(posts.c.id).where(posts.c.state == 'withdrawn'))}
    for row in connection.execute(sa.select(events)).all():
        payload = row.payload or {}
        post_id = payload.get('post_id') or (payload.get('post') or {}).get('id')
        values = {'post_id': post_id}
        if row.name == 'post_published' and post_id in withdrawn:
            values.update(name='post_withdrawn', payload={'event_id': row.seq, 'post_id': post_id})
        connection.execute(events.update().where(events.c.id == row.id).values(**values))


def downgrade():
    with op.batch_alter_table('live_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_event_post_id'))
        batch_op.drop_column('post_id')
