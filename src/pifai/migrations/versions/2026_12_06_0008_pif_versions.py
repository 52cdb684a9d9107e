"""PIF versions: snapshots with fingerprints and signature columns, under row-level security.

Revision ID: 0008_pif_versions
Revises: 0007_totp_last_timecode
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import UTCDateTime

revision: str = "0008_pif_versions"
down_revision: str | None = "0007_totp_last_timecode"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "pif_versions",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=2), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("canonical_json", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("fp_formula", sa.String(length=64), nullable=False),
        sa.Column("fp_process_maker", sa.String(length=64), nullable=False),
        sa.Column("fp_packaging", sa.String(length=64), nullable=False),
        sa.Column("fp_label_name", sa.String(length=64), nullable=False),
        sa.Column("fp_use", sa.String(length=64), nullable=False),
        sa.Column("source_version_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by", sa.Uuid(), nullable=True),
        sa.Column("signature_hash", sa.String(length=64), nullable=True),
        sa.Column("signature_method", sa.String(length=30), nullable=True),
        sa.Column("signed_ip", sa.String(length=45), nullable=True),
        sa.Column("signed_user_agent", sa.String(length=500), nullable=True),
        sa.Column("certificate_ref", sa.String(length=300), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("label IN ('V0', 'V1', 'V2', 'V3')", name=op.f("ck_pif_versions_label")),
        sa.CheckConstraint("sequence >= 1", name=op.f("ck_pif_versions_sequence")),
        sa.CheckConstraint(
            "NOT locked OR (signed_at IS NOT NULL AND signature_hash IS NOT NULL)",
            name=op.f("ck_pif_versions_locked_is_signed"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_pif_versions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_pif_versions_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_pif_versions_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["users.id"], name=op.f("fk_pif_versions_signed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["source_version_id"],
            ["pif_versions.id"],
            name=op.f("fk_pif_versions_source_version_id_pif_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pif_versions")),
        sa.UniqueConstraint(
            "product_id",
            "label",
            "sequence",
            name=op.f("uq_pif_versions_product_id_label_sequence"),
        ),
    )
    op.create_index(op.f("ix_pif_versions_org_id"), "pif_versions", ["org_id"], unique=False)
    op.create_index(
        op.f("ix_pif_versions_product_id"), "pif_versions", ["product_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE pif_versions ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE pif_versions FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY tenant_isolation ON pif_versions "
            f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_pif_versions_product_id"), table_name="pif_versions")
    op.drop_index(op.f("ix_pif_versions_org_id"), table_name="pif_versions")
    op.drop_table("pif_versions")
