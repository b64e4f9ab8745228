"""directory: one search-index row per partner (n-grams in FTS5 on SQLite, a GIN-indexed text[] on PostgreSQL)
instead of one row per partner, section and term

Revision ID: c6b2a7e10008
Revises: c6b2a7e10009
Create Date: 2026-11-29 12:58:00

After upgrading, run `flask partners reindex` once: the new index starts empty.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'c6b2a7e10008'
down_revision = 'c6b2a7e10009'
branch_labels = None
depends_on = None

# As partners/members/search.py creates them for a new database (SQLITE_DDL, POSTGRES_DDL) at this revision.
SQLITE_DDL = [
    "DROP TABLE IF EXISTS partner_search_fts",
    "CREATE VIRTUAL TABLE partner_search_fts USING fts5(terms, content='', tokenize='ascii', detail='full')",
    """CREATE TRIGGER partner_search_docs_ai AFTER INSERT ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(rowid, terms) VALUES (new.partner_id, partner_search_document(
            new.listing, new.activities, new.offers_needs, new.contact, new.activities_visibility,
            new.offers_needs_visibility, new.facets)); END""",
    """CREATE TRIGGER partner_search_docs_ad AFTER DELETE ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(partner_search_fts, rowid, terms) VALUES ('delete', old.partner_id,
            partner_search_document(old.listing, old.activities, old.offers_needs, old.contact,
                                    old.activities_visibility, old.offers_needs_visibility, old.facets)); END""",
    """CREATE TRIGGER partner_search_docs_au AFTER UPDATE ON partner_search_docs BEGIN
        INSERT INTO partner_search_fts(partner_search_fts, rowid, terms) VALUES ('delete', old.partner_id,
            partner_search_document(old.listing, old.activities, old.offers_needs, old.contact,
                                    old.activities_visibility, old.offers_needs_visibility, old.facets));
        INSERT INTO partner_search_fts(rowid, terms) VALUES (new.partner_id, partner_search_document(
            new.listing, new.activities, new.offers_needs, new.contact, new.activities_visibility,
            new.offers_needs_visibility, new.facets)); END""",
]
POSTGRES_DDL = ["ALTER TABLE partner_search_docs ALTER COLUMN tokens SET STORAGE EXTERNAL"]


def upgrade():
    with op.batch_alter_table('partner_search_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_search_terms_term')
    op.drop_table('partner_search_terms')
    op.drop_table('partner_search_texts')
    op.create_table('partner_search_docs',
    sa.Column('partner_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sort_kana', sa.String(length=400), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('audience', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('area', sa.String(length=50), nullable=False),
    sa.Column('group_type', sa.String(length=50), nullable=False),
    sa.Column('goal_mask', sa.Integer(), nullable=False),
    sa.Column('listing', sa.Text(), nullable=False),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.Column('offers_needs', sa.Text(), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('activities_visibility', sa.String(length=10), nullable=False),
    sa.Column('offers_needs_visibility', sa.String(length=10), nullable=False),
    sa.Column('facets', sa.Text(), nullable=False),
    sa.Column('tokens', sa.Text().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_partner_search_docs_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', name=op.f('pk_partner_search_docs'))
    )
    with op.batch_alter_table('partner_search_docs', schema=None) as batch_op:
        batch_op.create_index('ix_partner_search_docs_joined', ['audience', 'joined_on', 'partner_id'], unique=False)
        batch_op.create_index('ix_partner_search_docs_kana', ['audience', 'sort_kana', 'partner_id'], unique=False)
        batch_op.create_index('ix_partner_search_docs_tokens', ['tokens'], unique=False, postgresql_using='gin',
                              sqlite_where=sa.text('0'))
    statements = SQLITE_DDL if op.get_bind().dialect.name == 'sqlite' else POSTGRES_DDL
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS partner_search_fts")
    with op.batch_alter_table('partner_search_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_search_docs_tokens', postgresql_using='gin', sqlite_where=sa.text('0'))
        batch_op.drop_index('ix_partner_search_docs_kana')
        batch_op.drop_index('ix_partner_search_docs_joined')
    op.drop_table('partner_search_docs')
    op.create_table('partner_search_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_partner_search_texts_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_search_texts')),
    sa.UniqueConstraint('partner_id', 'section', name=op.f('uq_partner_search_texts_partner_id'))
    )
    op.create_table('partner_search_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=20), nullable=False),
    sa.Column('term', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_partner_search_terms_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_search_terms')),
    sa.UniqueConstraint('partner_id', 'section', 'term', name=op.f('uq_partner_search_terms_partner_id'))
    )
    with op.batch_alter_table('partner_search_terms', schema=None) as batch_op:
        batch_op.create_index('ix_partner_search_terms_term', ['term', 'partner_id'], unique=False)
