"""Cache of external toxicology lookups (global data shared by all organisations, no RLS).

Revision ID: 0005_toxicology_cache
Revises: 0004_formulas
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import JSONType, UTCDateTime

revision: str = "0005_toxicology_cache"
down_revision: str | None = "0004_formulas"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "toxicology_cache",
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("query_key", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('ok', 'not_found')", name=op.f("ck_toxicology_cache_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toxicology_cache")),
        sa.UniqueConstraint(
            "source", "query_key", name=op.f("uq_toxicology_cache_source_query_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("toxicology_cache")
