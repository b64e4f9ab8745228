"""partner phone: a contact phone number for partners, shown per the contact visibility

Revision ID: c6b2a7e10004
Revises: c6b2a7e10003
Create Date: 2026-11-29 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10004'
down_revision = 'c6b2a7e10003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_column('phone')
