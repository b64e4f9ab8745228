"""search: who a partner is listed to as two distinct facet terms; PostgreSQL's GIN index over the terms and facets

The facet terms of "listed to the public" and "listed to signed-in partners" were both `xlp`, so on SQLite (which
answers a keyword search from its FTS5 terms alone) a public keyword search also listed partners-only partners.
The terms are now `xlpublic` and `xlpartners` (search_tokens.listed_term); the stored facets are rewritten here,
and on SQLite the index rows' trigger rewrites their FTS5 terms. The listed terms are the facets' last ones.

PostgreSQL's GIN index holds the facets' terms with the n-grams (models.search_terms), so that a keyword search
with filters reads only the rows matching both (partners/directory/queries.py). On SQLite the index stays an
empty one on `tokens` (FTS5 is its index), renamed with it.

Revision ID: c6b2a7e10013
Revises: c6b2a7e10012
Create Date: 2026-11-29 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10013'
down_revision = 'c6b2a7e10012'
branch_labels = None
depends_on = None

# audience (PartnerSearchDoc.audience) → (old ending, new ending) of the facets
ENDINGS = {2: (' xlp xlp', ' xlpublic xlpartners'), 1: (' xlp', ' xlpartners')}
TERMS = "(tokens || string_to_array(facets, ' '))"


def rewrite(endings: dict) -> None:
    for audience, (old, new) in endings.items():
        op.execute(
            f"UPDATE partner_search_docs SET facets = substr(facets, 1, length(facets) - {len(old)}) || '{new}' "
            f"WHERE audience = {audience} AND facets LIKE '%{old}'"
        )


def create_gin(name: str, postgres_columns: list) -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(name, 'partner_search_docs', postgres_columns, postgresql_using='gin')
    else:
        op.create_index(name, 'partner_search_docs', ['tokens'], sqlite_where=sa.text('0'))


def upgrade():
    op.drop_index('ix_partner_search_docs_tokens', table_name='partner_search_docs')
    rewrite(ENDINGS)
    create_gin('ix_partner_search_docs_terms', [sa.text(TERMS)])


def downgrade():
    op.drop_index('ix_partner_search_docs_terms', table_name='partner_search_docs')
    rewrite({audience: (new, old) for audience, (old, new) in ENDINGS.items()})
    create_gin('ix_partner_search_docs_tokens', ['tokens'])
