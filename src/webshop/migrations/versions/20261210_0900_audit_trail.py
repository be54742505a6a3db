"""The audit trail (`audit_records`: every administrator action with its values before and
after), append-only: triggers refuse to update or delete a record on both databases. The
outbox learns how often the relay tried each event and why the latest attempt failed.

Revision ID: 0013_audit_trail
Revises: 0012_place_order_function
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_audit_trail"
down_revision: str | None = "0012_place_order_function"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "audit records cannot be changed or deleted"
POSTGRES_GUARDS = [
    f"""
    CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'WS002';
    END $$
    """,
    """
    CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()
    """,
    """
    CREATE TRIGGER audit_records_not_truncated BEFORE TRUNCATE ON audit_records
        FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only()
    """,
]
SQLITE_GUARDS = [
    f"""
    CREATE TRIGGER audit_records_{verb.lower()}_refused BEFORE {verb} ON audit_records
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
    """
    for verb in ("UPDATE", "DELETE")
]


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("actor_email", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
    )
    op.create_index("ix_audit_records_created", "audit_records", ["created_at", "id"])
    op.create_index("ix_audit_records_actor_created", "audit_records", ["actor_id", "created_at"])
    op.create_index(
        "ix_audit_records_object_created",
        "audit_records",
        ["object_type", "object_id", "created_at"],
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for guard in POSTGRES_GUARDS if postgres else SQLITE_GUARDS:
        op.execute(guard)
    with op.batch_alter_table("outbox") as table:
        table.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as table:
        table.drop_column("last_error")
        table.drop_column("attempts")
    op.drop_table("audit_records")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_records_append_only()")
