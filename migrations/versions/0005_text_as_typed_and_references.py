"""Text kept as typed with its safe HTML beside it; participants; the live log by reference.

- post.body_html: the safe HTML made once at intake (filled here for every existing post).
- post.participant_key: who wrote it (the signed visitor mark's HMAC); submission keys are unique
  per participant, so a key never reaches another participant's post.
- support.browser_hash becomes support.participant_key (older supports keep their value, an HMAC of
  an unsigned cookie that no request presents any more).
- live_event.payload goes: events are references, and payloads are built when read.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

from parkbank.sanitize import render_html

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

posts = sa.table('post', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                 sa.column('body_html', sa.Text), sa.column('submission_key', sa.String),
                 sa.column('consultation_id', sa.Integer), sa.column('parent_id', sa.Integer),
                 sa.column('alias', sa.String), sa.column('channel', sa.String),
                 sa.column('state', sa.String), sa.column('support_count', sa.Integer),
                 sa.column('created_at', sa.DateTime), sa.column('published_at', sa.DateTime))
events = sa.table('live_event', sa.column('id', sa.Integer), sa.column('seq', sa.Integer),
                  sa.column('name', sa.String), sa.column('post_id', sa.Integer),
                  sa.column('payload', sa.JSON))


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('participant_key', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(posts.c.id, posts.c.body)).all():
        connection.execute(posts.update().where(posts.c.id == row.id)
                           .values(body_html=render_html(row.body)))
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.alter_column('body_html', existing_type=sa.Text(), nullable=False)
        batch_op.drop_constraint('uq_post_submission_key', type_='unique')
        batch_op.create_unique_constraint(
            'uq_post_submission_key', ['consultation_id', 'participant_key', 'submission_key'])
        batch_op.create_index('ix_post_participant', ['consultation_id', 'participant_key'],
                              unique=False)

    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_constraint('uq_support_browser', type_='unique')
        batch_op.alter_column('browser_hash', new_column_name='participant_key',
                              existing_type=sa.String(length=64), existing_nullable=False)
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_support_participant', ['post_id', 'participant_key'])

    with op.batch_alter_table('live_event', schema=None) as batch_op:
        batch_op.drop_column('payload')


def _iso(value):
    return value.isoformat() + '+00:00' if value is not None else None


def downgrade():
    with op.batch_alter_table('live_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
    connection = op.get_bind()
    # Copies as 0003 left them: the published post for what is still public, else a withdrawal.
    by_id = {row.id: row for row in connection.execute(sa.select(posts)).all()}
    for event in connection.execute(sa.select(events)).all():
        post = by_id.get(event.post_id)
        parent = by_id.get(post.parent_id) if post is not None and post.parent_id else None
        public = post is not None and post.state == 'approved' and (
            post.parent_id is None or (parent is not None and parent.state == 'approved'))
        name, payload = 'post_withdrawn', {'event_id': event.seq, 'post_id': event.post_id}
        if public and event.name == 'post_published':
            name, payload = event.name, {'event_id': event.seq, 'post': {
                'id': post.id, 'parent_id': post.parent_id, 'body': post.body,
                'body_html': post.body_html, 'alias': post.alias, 'channel': post.channel,
                'support_count': post.support_count, 'created_at': _iso(post.created_at),
                'published_at': _iso(post.published_at)}}
        elif public and event.name == 'support_changed':
            name, payload = event.name, {'event_id': event.seq, 'post_id': post.id,
                                         'count': post.support_count}
        connection.execute(events.update().where(events.c.id == event.id)
                           .values(name=name, payload=payload))
    with op.batch_alter_table('live_event', schema=None) as batch_op:
        batch_op.alter_column('payload', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_constraint('uq_support_participant', type_='unique')
        batch_op.alter_column('participant_key', new_column_name='browser_hash',
                              existing_type=sa.String(length=64), existing_nullable=False)
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_support_browser', ['post_id', 'browser_hash'])

    # Keys were unique per participant; 0004's rule is one per consultation: keep the first.
    seen = set()
    for row in connection.execute(sa.select(posts.c.id, posts.c.consultation_id,
                                            posts.c.submission_key)
                                  .where(posts.c.submission_key.is_not(None))
                                  .order_by(posts.c.id)).all():
        if (row.consultation_id, row.submission_key) in seen:
            connection.execute(posts.update().where(posts.c.id == row.id)
                               .values(submission_key=None))
        seen.add((row.consultation_id, row.submission_key))
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_participant')
        batch_op.drop_constraint('uq_post_submission_key', type_='unique')
        batch_op.create_unique_constraint('uq_post_submission_key',
                                          ['consultation_id', 'submission_key'])
        batch_op.drop_column('participant_key')
        batch_op.drop_column('body_html')
