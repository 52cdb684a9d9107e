"""Outsourcings of a product's PIF items to providers, under row-level security.

Revision ID: 0006_outsourcings
Revises: 0005_toxicology_cache
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import UTCDateTime

revision: str = "0006_outsourcings"
down_revision: str | None = "0005_toxicology_cache"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "outsourcings",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("provider_name", sa.String(length=300), nullable=False),
        sa.Column("provider_type", sa.String(length=20), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "provider_type IN ('oem', 'odm', 'lab', 'consultant', 'foreign_principal', 'other')",
            name=op.f("ck_outsourcings_provider_type"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_outsourcings_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_outsourcings_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_outsourcings_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outsourcings")),
    )
    op.create_index(op.f("ix_outsourcings_org_id"), "outsourcings", ["org_id"], unique=False)
    op.create_index(
        op.f("ix_outsourcings_product_id"), "outsourcings", ["product_id"], unique=False
    )
    op.create_table(
        "outsourcing_items",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("outsourcing_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("item_number", sa.SmallInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "item_number BETWEEN 1 AND 16", name=op.f("ck_outsourcing_items_item_number")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_outsourcing_items_org_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["outsourcing_id"],
            ["outsourcings.id"],
            name=op.f("fk_outsourcing_items_outsourcing_id_outsourcings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_outsourcing_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outsourcing_items")),
        sa.UniqueConstraint(
            "product_id", "item_number", name=op.f("uq_outsourcing_items_product_id_item_number")
        ),
    )
    op.create_index(
        op.f("ix_outsourcing_items_org_id"), "outsourcing_items", ["org_id"], unique=False
    )
    op.create_index(
        op.f("ix_outsourcing_items_outsourcing_id"),
        "outsourcing_items",
        ["outsourcing_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("outsourcings", "outsourcing_items"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY tenant_isolation ON {table} "
                f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_outsourcing_items_outsourcing_id"), table_name="outsourcing_items")
    op.drop_index(op.f("ix_outsourcing_items_org_id"), table_name="outsourcing_items")
    op.drop_table("outsourcing_items")
    op.drop_index(op.f("ix_outsourcings_product_id"), table_name="outsourcings")
    op.drop_index(op.f("ix_outsourcings_org_id"), table_name="outsourcings")
    op.drop_table("outsourcings")
