"""directory search: sort indexes that carry the filter columns, an index of the filter columns, join date not NULL

Revision ID: c6b2a7e10010
Revises: c6b2a7e10008
Create Date: 2026-11-29 19:45:00

The member list walks its sort order's index and checks the filters in the index (partners/directory/queries.py);
a search index row without a join date gets search.NOT_JOINED, so that "newest" is the plain descending order an
index gives on both engines.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10010'
down_revision = 'c6b2a7e10008'
branch_labels = None
depends_on = None

FILTERS = ['audience', 'kind', 'area', 'group_type', 'goal_mask']


def upgrade():
    op.execute("UPDATE partner_search_docs SET joined_on = '0001-01-01' WHERE joined_on IS NULL")
    with op.batch_alter_table('partner_search_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_search_docs_kana')
        batch_op.drop_index('ix_partner_search_docs_joined')
        batch_op.create_index('ix_partner_search_docs_kana', ['sort_kana', 'partner_id', *FILTERS], unique=False)
        batch_op.create_index('ix_partner_search_docs_newest', ['joined_on', 'partner_id', *FILTERS], unique=False)
        batch_op.create_index('ix_partner_search_docs_filters', FILTERS, unique=False)


def downgrade():
    with op.batch_alter_table('partner_search_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_search_docs_filters')
        batch_op.drop_index('ix_partner_search_docs_newest')
        batch_op.drop_index('ix_partner_search_docs_kana')
        batch_op.create_index('ix_partner_search_docs_joined', ['audience', 'joined_on', 'partner_id'], unique=False)
        batch_op.create_index('ix_partner_search_docs_kana', ['audience', 'sort_kana', 'partner_id'], unique=False)
    op.execute("UPDATE partner_search_docs SET joined_on = NULL WHERE joined_on = '0001-01-01'")
