"""never reuse ids on SQLite; status reasons can be erased

SQLite reused the id of a deleted account for the next sign-up, so users, partners and contact invitations
(whose id is in mailed links) are rebuilt with AUTOINCREMENT there. PostgreSQL sequences never go back, so
nothing changes on it for the ids.

Revision ID: c6b2a7e10001
Revises: f413130d6eca
Create Date: 2026-11-29 09:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10001'
down_revision = 'f413130d6eca'
branch_labels = None
depends_on = None

NEVER_REUSED_IDS = ('users', 'partners', 'contact_invitations')


def rebuild_on_sqlite(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in NEVER_REUSED_IDS:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass


def upgrade():
    with op.batch_alter_table('partner_status_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_erased', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('partner_status_changes', schema=None) as batch_op:
        batch_op.alter_column('reason_erased', server_default=None)
    rebuild_on_sqlite(autoincrement=True)


def downgrade():
    rebuild_on_sqlite(autoincrement=False)
    with op.batch_alter_table('partner_status_changes', schema=None) as batch_op:
        batch_op.drop_column('reason_erased')
