"""event seat counters: seats taken per way of attending on the event's row, and one own registration per person

A sign-up takes its seat with one conditional UPDATE of the counter just before its commit, instead of counting
the registrations under the event's lock; the counters start from the registrations that hold a seat. The
partial unique index replaces the "already registered?" query a sign-up made under the lock.

Revision ID: c6b2a7e10011
Revises: c6b2a7e10010
Create Date: 2026-11-29 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10011'
down_revision = 'c6b2a7e10010'
branch_labels = None
depends_on = None

SEATED = "('registered', 'attended', 'no_show')"
OWN_AND_NOT_CANCELLED = sa.text("registered_by_id IS NULL AND status != 'cancelled'")


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seats_taken_in_person', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('seats_taken_online', sa.Integer(), server_default='0', nullable=False))
    for column, mode in (('seats_taken_in_person', 'in_person'), ('seats_taken_online', 'online')):
        op.execute(
            f"UPDATE events SET {column} = (SELECT count(*) FROM event_registrations r "
            f"WHERE r.event_id = events.id AND r.mode = '{mode}' AND r.status IN {SEATED})"
        )
    op.create_index('uq_event_registrations_own', 'event_registrations', ['event_id', 'user_id'], unique=True,
                    sqlite_where=OWN_AND_NOT_CANCELLED, postgresql_where=OWN_AND_NOT_CANCELLED)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('write_with', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('write_context', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('write_context')
        batch_op.drop_column('write_with')
    op.drop_index('uq_event_registrations_own', table_name='event_registrations',
                  sqlite_where=OWN_AND_NOT_CANCELLED, postgresql_where=OWN_AND_NOT_CANCELLED)
    # SQLite rebuilds the table to drop a column: it must keep never reusing event ids.
    with op.batch_alter_table('events', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('seats_taken_online')
        batch_op.drop_column('seats_taken_in_person')
