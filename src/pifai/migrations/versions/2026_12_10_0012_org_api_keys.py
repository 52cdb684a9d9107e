"""Organisation API keys (Anthropic, ECHA, RAG), sealed at rest, under row-level security.

Revision ID: 0012_org_api_keys
Revises: 0011_accounts_and_operations
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import UTCDateTime

revision: str = "0012_org_api_keys"
down_revision: str | None = "0011_accounts_and_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"


def upgrade() -> None:
    op.create_table(
        "org_api_keys",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value_encrypted", sa.Text(), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("last_test_at", UTCDateTime(), nullable=True),
        sa.Column("last_test_ok", sa.Boolean(), nullable=True),
        sa.Column("last_test_error", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "name IN ('anthropic', 'echa', 'rag')", name=op.f("ck_org_api_keys_name")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_org_api_keys_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_org_api_keys_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_api_keys")),
        sa.UniqueConstraint("org_id", "name", name=op.f("uq_org_api_keys_org_id_name")),
    )
    op.create_index(op.f("ix_org_api_keys_org_id"), "org_api_keys", ["org_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE org_api_keys ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE org_api_keys FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY tenant_isolation ON org_api_keys "
            f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_org_api_keys_org_id"), table_name="org_api_keys")
    op.drop_table("org_api_keys")
