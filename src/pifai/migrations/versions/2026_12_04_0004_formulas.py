"""Raw-material library per organisation and the normalised ingredients of a product,
both under row-level security.

Revision ID: 0004_formulas
Revises: 0003_reference_datasets
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import JSONType, UTCDateTime

revision: str = "0004_formulas"
down_revision: str | None = "0003_reference_datasets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "raw_materials",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("supplier", sa.String(length=300), nullable=True),
        sa.Column("components", JSONType, nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_raw_materials_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_raw_materials_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_materials")),
        sa.UniqueConstraint("org_id", "name_key", name=op.f("uq_raw_materials_org_id_name_key")),
    )
    op.create_index(op.f("ix_raw_materials_org_id"), "raw_materials", ["org_id"], unique=False)
    op.create_table(
        "product_ingredients",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("raw_name", sa.String(length=500), nullable=False),
        sa.Column("inci", sa.String(length=500), nullable=True),
        sa.Column("ingredient_ref", sa.String(length=100), nullable=True),
        sa.Column("cas_numbers", JSONType, nullable=False),
        sa.Column("concentration_low", sa.Float(), nullable=True),
        sa.Column("concentration_pct", sa.Float(), nullable=True),
        sa.Column("amount_text", sa.String(length=100), nullable=False),
        sa.Column("function", sa.String(length=300), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("match_method", sa.String(length=20), nullable=True),
        sa.Column("verdict", sa.String(length=30), nullable=True),
        sa.Column("notes", JSONType, nullable=False),
        sa.Column("source_file_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_product_ingredients_org_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_ingredients_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_file_id"],
            ["uploaded_files.id"],
            name=op.f("fk_product_ingredients_source_file_id_uploaded_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_ingredients")),
    )
    op.create_index(
        op.f("ix_product_ingredients_org_id"), "product_ingredients", ["org_id"], unique=False
    )
    op.create_index(
        op.f("ix_product_ingredients_product_id"),
        "product_ingredients",
        ["product_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("raw_materials", "product_ingredients"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY tenant_isolation ON {table} "
                f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_product_ingredients_product_id"), table_name="product_ingredients")
    op.drop_index(op.f("ix_product_ingredients_org_id"), table_name="product_ingredients")
    op.drop_table("product_ingredients")
    op.drop_index(op.f("ix_raw_materials_org_id"), table_name="raw_materials")
    op.drop_table("raw_materials")
