"""Rendered PIF PDFs cached by state fingerprint, under row-level security.

Revision ID: 0010_rendered_reports
Revises: 0009_sa_reviews
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import UTCDateTime

revision: str = "0010_rendered_reports"
down_revision: str | None = "0009_sa_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "rendered_reports",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=True),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("pades_signed", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_rendered_reports_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_rendered_reports_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_rendered_reports_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["pif_versions.id"],
            name=op.f("fk_rendered_reports_version_id_pif_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rendered_reports")),
        sa.UniqueConstraint(
            "product_id",
            "state_hash",
            "lang",
            name=op.f("uq_rendered_reports_product_id_state_hash_lang"),
        ),
        sa.UniqueConstraint("storage_key", name=op.f("uq_rendered_reports_storage_key")),
    )
    op.create_index(
        op.f("ix_rendered_reports_org_id"), "rendered_reports", ["org_id"], unique=False
    )
    op.create_index(
        op.f("ix_rendered_reports_product_id"), "rendered_reports", ["product_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE rendered_reports ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE rendered_reports FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY tenant_isolation ON rendered_reports "
            f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_rendered_reports_product_id"), table_name="rendered_reports")
    op.drop_index(op.f("ix_rendered_reports_org_id"), table_name="rendered_reports")
    op.drop_table("rendered_reports")
