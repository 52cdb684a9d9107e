"""Imported versions of the official regulatory lists (global reference data).

Revision ID: 0003_reference_datasets
Revises: 0002_task_leases
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import JSONType, UTCDateTime

revision: str = "0003_reference_datasets"
down_revision: str | None = "0002_task_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_datasets",
        sa.Column("authority", sa.String(length=10), nullable=False),
        sa.Column("list_type", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("entries", JSONType, nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "authority IN ('TFDA', 'EU')", name=op.f("ck_reference_datasets_authority")
        ),
        sa.CheckConstraint(
            "list_type IN ('prohibited', 'restricted', 'colorant', 'preservative', 'uv_filter')",
            name=op.f("ck_reference_datasets_list_type"),
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_reference_datasets_imported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_datasets")),
    )
    op.create_index(
        "ix_reference_datasets_list",
        "reference_datasets",
        ["authority", "list_type", "imported_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_reference_datasets_list", table_name="reference_datasets")
    op.drop_table("reference_datasets")
