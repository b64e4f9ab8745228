"""search: who a partner is listed to as two distinct facet terms

The facet terms of "listed to the public" and "listed to signed-in partners" were both `xlp`, so on SQLite (which
answers a keyword search from its FTS5 terms alone) a public keyword search also listed partners-only partners.
The terms are now `xlpublic` and `xlpartners` (search_tokens.listed_term); the stored facets are rewritten here,
and on SQLite the index rows' trigger rewrites their FTS5 terms. The listed terms are the facets' last ones.

Revision ID: c6b2a7e10013
Revises: c6b2a7e10011
Create Date: 2026-11-29 22:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10013'
down_revision = 'c6b2a7e10011'
branch_labels = None
depends_on = None

# audience (PartnerSearchDoc.audience) → (old ending, new ending) of the facets
ENDINGS = {2: (' xlp xlp', ' xlpublic xlpartners'), 1: (' xlp', ' xlpartners')}


def rewrite(endings: dict) -> None:
    for audience, (old, new) in endings.items():
        op.execute(
            f"UPDATE partner_search_docs SET facets = substr(facets, 1, length(facets) - {len(old)}) || '{new}' "
            f"WHERE audience = {audience} AND facets LIKE '%{old}'"
        )


def upgrade():
    rewrite(ENDINGS)


def downgrade():
    rewrite({audience: (new, old) for audience, (old, new) in ENDINGS.items()})
