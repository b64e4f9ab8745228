"""events: lectures and exchange meetings, their status history, registrations; mail attachments

Revision ID: c6b2a7e10005
Revises: c6b2a7e10004
Create Date: 2026-11-29 09:46:50.197836

"""
from alembic import op
import sqlalchemy as sa

import partners.core.dbtypes


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10005'
down_revision = 'c6b2a7e10004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('lecture', 'exchange', 'other', name='eventkind', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'finished', 'cancelled', name='eventstatus', native_enum=False, length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('speakers', sa.Text(), nullable=False),
    sa.Column('starts_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('format', sa.Enum('in_person', 'online', 'hybrid', name='eventformat', native_enum=False, length=20), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('venue_address', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('capacity_in_person', sa.Integer(), nullable=True),
    sa.Column('capacity_online', sa.Integer(), nullable=True),
    sa.Column('registration_opens_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('registration_closes_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('audience', sa.Enum('anyone', 'partners', 'group_partners', name='audience', native_enum=False, length=20), nullable=False),
    sa.Column('certifies', sa.Boolean(), nullable=False),
    sa.Column('ical_uid', sa.String(length=100), nullable=False),
    sa.Column('ical_sequence', sa.Integer(), nullable=False),
    sa.Column('published_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('ical_uid', name=op.f('uq_events_ical_uid')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_status_starts_at', ['status', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_theme'), ['theme'], unique=False)

    op.create_table('outbox_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_outbox_attachments_message_id_outbox_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachments'))
    )
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachments_message_id'), ['message_id'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('group_partner_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('attendee_name', sa.String(length=200), nullable=True),
    sa.Column('attendee_email', sa.String(length=254), nullable=True),
    sa.Column('mode', sa.Enum('in_person', 'online', name='attendancemode', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waitlisted', 'attended', 'no_show', 'cancelled', name='registrationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('check_in_code', sa.String(length=8), nullable=False),
    sa.Column('created_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('waitlisted_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('promoted_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attended_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.Column('reminder_sent_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['users.id'], name=op.f('fk_event_registrations_checked_in_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_partner_id'], ['partners.id'], name=op.f('fk_event_registrations_group_partner_id_partners'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_event_registrations_partner_id_partners'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_event_registrations_registered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_registrations_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('check_in_code', name=op.f('uq_event_registrations_check_in_code')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index('ix_event_registrations_event_mode_status', ['event_id', 'mode', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_group_partner_id'), ['group_partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_registered_by_id'), ['registered_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('event_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'published', 'finished', 'cancelled', name='eventstatus', native_enum=False, length=20), nullable=True),
    sa.Column('to_status', sa.Enum('draft', 'published', 'finished', 'cancelled', name='eventstatus', native_enum=False, length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_event_status_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_status_changes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_status_changes'))
    )
    with op.batch_alter_table('event_status_changes', schema=None) as batch_op:
        batch_op.create_index('ix_event_status_changes_event_at', ['event_id', 'at'], unique=False)



def downgrade():
    with op.batch_alter_table('event_status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_event_status_changes_event_at')

    op.drop_table('event_status_changes')
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_registrations_registered_by_id'))
        batch_op.drop_index(batch_op.f('ix_event_registrations_partner_id'))
        batch_op.drop_index(batch_op.f('ix_event_registrations_group_partner_id'))
        batch_op.drop_index('ix_event_registrations_event_mode_status')

    op.drop_table('event_registrations')
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_message_id'))

    op.drop_table('outbox_attachments')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_theme'))
        batch_op.drop_index('ix_events_status_starts_at')

    op.drop_table('events')
