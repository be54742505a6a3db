"""product_counts: how many products are for sale per category and in or out of stock, kept
by triggers on products, so a category page counts its products without scanning them; the
paging indexes end in the id, so a page's ids are found from the index alone.

On PostgreSQL the triggers only append to product_count_changes, which `compact_counts` folds
into product_counts now and then: a checkout that empties one shelf must not lock a count row
that another checkout, holding the product this one wants next, is waiting for (a deadlock).
SQLite has one writer at a time, so its triggers update product_counts directly.

Revision ID: 0010_product_counts
Revises: 0009_order_summaries
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_product_counts"
down_revision: str | None = "0009_order_summaries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only a change of category, of status or across zero stock moves a product between counts:
# a sale that leaves some stock touches no count row.
MOVED = (
    "OLD.is_active {ne} NEW.is_active OR OLD.category {ne} NEW.category "
    "OR (OLD.stock > 0) {ne} (NEW.stock > 0)"
)
RECOUNT = """
INSERT INTO product_counts (category, in_stock, products)
SELECT coalesce(category, ''), stock > 0, count(*) FROM products WHERE is_active
GROUP BY coalesce(category, ''), stock > 0
"""

POSTGRES_UP = [
    """
    CREATE FUNCTION product_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.is_active THEN
            INSERT INTO product_count_changes (category, in_stock, delta)
            VALUES (coalesce(OLD.category, ''), OLD.stock > 0, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.is_active THEN
            INSERT INTO product_count_changes (category, in_stock, delta)
            VALUES (coalesce(NEW.category, ''), NEW.stock > 0, 1);
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER products_counted AFTER INSERT OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION product_counts_follow()
    """,
    f"""
    CREATE TRIGGER products_recounted AFTER UPDATE OF category, is_active, stock ON products
    FOR EACH ROW WHEN ({MOVED.format(ne="IS DISTINCT FROM")})
    EXECUTE FUNCTION product_counts_follow()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER products_recounted ON products",
    "DROP TRIGGER products_counted ON products",
    "DROP FUNCTION product_counts_follow()",
]

SQLITE_REMOVE_OLD = """
    UPDATE product_counts SET products = products - 1
    WHERE OLD.is_active AND category = coalesce(OLD.category, '') AND in_stock = (OLD.stock > 0);
"""
# INSERT ... SELECT ... WHERE: SQLite needs the WHERE to tell the upsert from a join.
SQLITE_ADD_NEW = """
    INSERT INTO product_counts (category, in_stock, products)
    SELECT coalesce(NEW.category, ''), NEW.stock > 0, 1 WHERE NEW.is_active
    ON CONFLICT (category, in_stock) DO UPDATE SET products = products + 1;
"""
SQLITE_UP = [
    f"CREATE TRIGGER products_counted_insert AFTER INSERT ON products BEGIN {SQLITE_ADD_NEW} END",
    f"CREATE TRIGGER products_counted_delete AFTER DELETE ON products "
    f"BEGIN {SQLITE_REMOVE_OLD} END",
    f"""
    CREATE TRIGGER products_recounted AFTER UPDATE OF category, is_active, stock ON products
    WHEN {MOVED.format(ne="IS NOT")}
    BEGIN {SQLITE_REMOVE_OLD} {SQLITE_ADD_NEW} END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER products_recounted",
    "DROP TRIGGER products_counted_delete",
    "DROP TRIGGER products_counted_insert",
]


# The catalog's sort orders end in the id, which pages are found by without reading a row.
PAGING_INDEXES = {
    "ix_products_active_category_price": ["is_active", "category", "price"],
    "ix_products_active_created": ["is_active", "created_at"],
    "ix_products_active_price": ["is_active", "price"],
}


def _paging_indexes(with_id: bool) -> None:
    for name, columns in PAGING_INDEXES.items():
        op.drop_index(name, table_name="products")
        op.create_index(name, "products", [*columns, "id"] if with_id else columns)


def upgrade() -> None:
    op.create_table(
        "product_counts",
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("in_stock", sa.Boolean(), nullable=False),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category", "in_stock", name=op.f("pk_product_counts")),
    )
    op.create_table(
        "product_count_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("in_stock", sa.Boolean(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_count_changes")),
    )
    op.create_index(
        "ix_product_count_changes_category_in_stock",
        "product_count_changes",
        ["category", "in_stock"],
    )
    op.execute(RECOUNT)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_UP if postgres else SQLITE_UP:
        op.execute(statement)
    _paging_indexes(with_id=True)


def downgrade() -> None:
    _paging_indexes(with_id=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_DOWN if postgres else SQLITE_DOWN:
        op.execute(statement)
    op.drop_table("product_count_changes")
    op.drop_table("product_counts")
