"""partner list version: a value the database changes with every change to what partner lists show

Triggers on partners, their goals, status history and search index write it, so list pages can be kept under
it (partners/members/list_version.py).

Revision ID: c6b2a7e10012
Revises: c6b2a7e10011
Create Date: 2026-11-29 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10012'
down_revision = 'c6b2a7e10011'
branch_labels = None
depends_on = None

# As partners/members/list_version.py creates them for a new database at this revision.
TABLES = ('partners', 'partner_goals', 'partner_status_changes', 'partner_search_docs')
OPERATIONS = {'ai': 'INSERT', 'au': 'UPDATE', 'ad': 'DELETE'}
SQLITE_WRITE = ("INSERT INTO partner_list_version (id, value) VALUES (1, random()) "
                "ON CONFLICT (id) DO UPDATE SET value = excluded.value")
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION partner_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partners.lists_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('partners.lists_changed', 'yes', true);
        INSERT INTO partner_list_version (id, value)
        VALUES (1, floor((random() - 0.5) * 1.8e19)::bigint)
        ON CONFLICT (id) DO UPDATE SET value = excluded.value;
    END IF;
    RETURN NULL;
END $$"""


def upgrade():
    op.create_table(
        'partner_list_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_list_version')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            op.execute(f'CREATE CONSTRAINT TRIGGER {table}_list_version AFTER INSERT OR UPDATE OR DELETE ON {table} '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION partner_lists_changed()')
    else:
        for table in TABLES:
            for suffix, operation in OPERATIONS.items():
                op.execute(f'CREATE TRIGGER {table}_list_version_{suffix} AFTER {operation} ON {table} '
                           f'BEGIN {SQLITE_WRITE}; END')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_list_version ON {table}')
        op.execute('DROP FUNCTION IF EXISTS partner_lists_changed()')
    else:
        for table in TABLES:
            for suffix in OPERATIONS:
                op.execute(f'DROP TRIGGER IF EXISTS {table}_list_version_{suffix}')
    op.drop_table('partner_list_version')
