"""products get an optional SKU, unique whatever its case; stock can move by CSV import

Revision ID: 0007_product_sku
Revises: 0006_sales_and_topics
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_product_sku"
down_revision: str | None = "0006_sales_and_topics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REASON_CHECK = "ck_stock_movements_stock_reason"
REASONS_BEFORE = ("initial", "restock", "sale", "cancel", "adjustment")
REASONS = (*REASONS_BEFORE, "import")


def _allow_reasons(reasons: tuple[str, ...]) -> None:
    """Replace the CHECK constraint of the non-native `stock_reason` enum."""
    name = op.f(REASON_CHECK)
    condition = "reason IN ({})".format(", ".join(f"'{reason}'" for reason in reasons))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot alter a constraint, so the table is copied; stock_movements has no
        # triggers to lose (products, with the search triggers, is never copied). The tables
        # its foreign keys point to are left unreflected: they are not copied either.
        with op.batch_alter_table(
            "stock_movements", recreate="always", reflect_kwargs={"resolve_fks": False}
        ) as batch_op:
            batch_op.drop_constraint(name, type_="check")
            batch_op.create_check_constraint(name, sa.text(condition))
    else:
        op.drop_constraint(name, "stock_movements", type_="check")
        op.create_check_constraint(name, "stock_movements", sa.text(condition))


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch copy on SQLite would drop the search triggers.
    op.add_column("products", sa.Column("sku", sa.String(length=64), nullable=True))
    op.create_index("uq_products_sku_lower", "products", [sa.text("lower(sku)")], unique=True)
    _allow_reasons(REASONS)


def downgrade() -> None:
    # The old constraint knows no imports: they become what they were before, adjustments.
    op.execute("UPDATE stock_movements SET reason = 'adjustment' WHERE reason = 'import'")
    _allow_reasons(REASONS_BEFORE)
    op.drop_index("uq_products_sku_lower", table_name="products")
    op.drop_column("products", "sku")
