"""orders own the paid-sales projection (product_sales); events get their topic on delivery

Revision ID: 0006_sales_and_topics
Revises: 0005_product_sales
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_sales_and_topics"
down_revision: str | None = "0005_product_sales"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _copy_sales(source: str, target: str) -> None:
    """Create `target` with `source`'s rows and drop `source` (the same on both databases, and
    the primary key gets the new table's name)."""
    op.create_table(
        target,
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f(f"pk_{target}")),
    )
    op.execute(
        f"INSERT INTO {target} (product_id, units, revenue, orders) "  # noqa: S608 - constants  # nosec B608
        f"SELECT product_id, units, revenue, orders FROM {source}"
    )
    op.drop_table(source)


def upgrade() -> None:
    _copy_sales("analytics_product_sales", "product_sales")
    # The relay picks each event's Kafka topic from its type and the settings it runs with.
    op.drop_column("outbox", "topic")


def downgrade() -> None:
    op.add_column(
        "outbox",
        sa.Column(
            "topic", sa.String(length=255), nullable=False, server_default="webshop-analytics"
        ),
    )
    op.execute(
        """
        UPDATE outbox SET topic = CASE
            WHEN event_type LIKE 'product%' AND event_type != 'product_list_viewed'
                THEN 'webshop-products'
            WHEN event_type LIKE 'order%' THEN 'webshop-orders'
            WHEN event_type LIKE 'user%' THEN 'webshop-users'
            ELSE 'webshop-analytics'
        END
        """
    )
    _copy_sales("product_sales", "analytics_product_sales")
