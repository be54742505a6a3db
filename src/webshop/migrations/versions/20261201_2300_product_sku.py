"""products get an optional SKU, unique whatever its case

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


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch copy on SQLite would drop the search triggers.
    op.add_column("products", sa.Column("sku", sa.String(length=64), nullable=True))
    op.create_index("uq_products_sku_lower", "products", [sa.text("lower(sku)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_products_sku_lower", table_name="products")
    op.drop_column("products", "sku")
