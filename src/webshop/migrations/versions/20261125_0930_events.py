"""events: relay lease, consumer de-duplication, analytics tables, the unsent-outbox index

Revision ID: 0004_events
Revises: 0003_orders
Create Date: 2026-11-25 09:07:02.465549
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004_events"
down_revision: str | None = "0003_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_active_users",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day", "user_key", name=op.f("pk_analytics_active_users")),
    )
    op.create_table(
        "analytics_daily_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "metric", name=op.f("pk_analytics_daily_counts")),
    )
    op.create_table(
        "analytics_product_views",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "day", name=op.f("pk_analytics_product_views")),
    )
    with op.batch_alter_table("analytics_product_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analytics_product_views_day"), ["day"], unique=False)

    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_processed_events")),
    )
    with op.batch_alter_table("processed_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processed_events_processed_at"), ["processed_at"], unique=False
        )

    op.create_table(
        "relay_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_relay_leases")),
    )
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["id"],
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.bulk_insert(
        sa.table(
            "relay_leases", sa.column("name"), sa.column("expires_at", sa.DateTime(timezone=True))
        ),
        [{"name": "outbox", "expires_at": datetime(2000, 1, 1, tzinfo=UTC)}],
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox")

    op.drop_table("relay_leases")
    with op.batch_alter_table("processed_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_events_processed_at"))

    op.drop_table("processed_events")
    with op.batch_alter_table("analytics_product_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analytics_product_views_day"))

    op.drop_table("analytics_product_views")
    op.drop_table("analytics_daily_counts")
    op.drop_table("analytics_active_users")
