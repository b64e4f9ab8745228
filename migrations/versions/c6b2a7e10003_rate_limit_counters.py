"""rate limit counters in the database, shared by every app server

Revision ID: c6b2a7e10003
Revises: c6b2a7e10002
Create Date: 2026-11-29 10:40:00

"""
from alembic import op
import sqlalchemy as sa

import partners.core.dbtypes


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10003'
down_revision = 'c6b2a7e10002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_counters',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', partners.core.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counters'))
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counters_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counters_expires_at'))
    op.drop_table('rate_limit_counters')
