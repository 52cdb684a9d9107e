"""Baseline: organisations, users, memberships, products, the 16 PIF items, uploads,
tasks, audit chain, refresh tokens, login attempts; row-level security on PostgreSQL.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-03 15:55:06.280856
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pifai.models.base import JSONType, UTCDateTime

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(
        op.f("ix_login_attempts_email_at"),
        "login_attempts",
        ["email", "attempted_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_login_attempts_ip_at"), "login_attempts", ["ip", "attempted_at"], unique=False
    )

    op.create_table(
        "organizations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("plan", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "plan IN ('free', 'pro', 'enterprise')", name=op.f("ck_organizations_plan")
        ),
        sa.CheckConstraint(
            "type IN ('brand', 'oem', 'importer', 'consultant')", name=op.f("ck_organizations_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    op.create_table(
        "schema_steps",
        sa.Column("step_id", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("applied_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("step_id", name=op.f("pk_schema_steps")),
    )
    op.create_table(
        "users",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("email_verified", sa.Boolean(), nullable=False),
        sa.Column("platform_role", sa.String(length=20), nullable=True),
        sa.Column("totp_secret_encrypted", sa.Text(), nullable=True),
        sa.Column("totp_enabled", sa.Boolean(), nullable=False),
        sa.Column("sa_qualified_until", sa.Date(), nullable=True),
        sa.Column("sa_certificate_ref", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("platform_role IN ('super_admin')", name=op.f("ck_users_platform_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "audit_logs",
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("resource", sa.String(length=200), nullable=True),
        sa.Column("details", JSONType, nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_audit_logs_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_logs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
        sa.UniqueConstraint("chain", "seq", name=op.f("uq_audit_logs_chain_seq")),
    )
    op.create_index(op.f("ix_audit_logs_org_id"), "audit_logs", ["org_id"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'admin', 'member', 'sa')", name=op.f("ck_memberships_role")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_memberships_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("org_id", "user_id", name=op.f("uq_memberships_org_id_user_id")),
    )
    op.create_index(op.f("ix_memberships_org_id"), "memberships", ["org_id"], unique=False)
    op.create_index(op.f("ix_memberships_user_id"), "memberships", ["user_id"], unique=False)

    op.create_table(
        "products",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("name_en", sa.String(length=500), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("dosage_form", sa.String(length=100), nullable=True),
        sa.Column("product_type", sa.String(length=100), nullable=True),
        sa.Column("specific_purpose_category", sa.String(length=100), nullable=True),
        sa.Column("specific_purpose_permit_number", sa.String(length=100), nullable=True),
        sa.Column("intended_use", sa.Text(), nullable=True),
        sa.Column("manufacturer_name", sa.String(length=300), nullable=True),
        sa.Column("manufacturer_address", sa.String(length=500), nullable=True),
        sa.Column("registration_id", sa.String(length=100), nullable=True),
        sa.Column("launch_date", sa.Date(), nullable=True),
        sa.Column("pif_status", sa.String(length=20), nullable=False),
        sa.Column("pif_completed_at", UTCDateTime(), nullable=True),
        sa.Column("rag_kb_id", sa.String(length=100), nullable=True),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "pif_status IN ('draft', 'in_progress', 'ai_review', 'sa_review', 'completed', 'expired')",
            name=op.f("ck_products_pif_status"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_products_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_products_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
    )
    op.create_index(op.f("ix_products_org_id"), "products", ["org_id"], unique=False)
    op.create_index(op.f("ix_products_rag_kb_id"), "products", ["rag_kb_id"], unique=False)

    op.create_table(
        "refresh_tokens",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_refresh_tokens_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_refresh_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_refresh_tokens_family_id"), "refresh_tokens", ["family_id"], unique=False
    )
    op.create_index(op.f("ix_refresh_tokens_user_id"), "refresh_tokens", ["user_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=True),
        sa.Column("progress", sa.SmallInteger(), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("result", JSONType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'processing', 'done', 'failed')", name=op.f("ck_tasks_status")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_tasks_attempts")),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_tasks_progress")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_tasks_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_tasks_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.create_index(op.f("ix_tasks_org_id"), "tasks", ["org_id"], unique=False)

    op.create_table(
        "pif_documents",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("item_number", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ai_confidence", sa.Float(), nullable=True),
        sa.Column("data", JSONType, nullable=False),
        sa.Column("not_applicable_justification", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('missing', 'uploaded', 'ai_processing', 'ai_draft_ready', 'human_reviewed', 'approved')",
            name=op.f("ck_pif_documents_status"),
        ),
        sa.CheckConstraint(
            "ai_confidence IS NULL OR (ai_confidence >= 0 AND ai_confidence <= 1)",
            name=op.f("ck_pif_documents_ai_confidence"),
        ),
        sa.CheckConstraint(
            "item_number BETWEEN 1 AND 16", name=op.f("ck_pif_documents_item_number")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_pif_documents_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_pif_documents_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_pif_documents_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pif_documents")),
        sa.UniqueConstraint(
            "product_id", "item_number", name=op.f("uq_pif_documents_product_id_item_number")
        ),
    )
    op.create_index(op.f("ix_pif_documents_org_id"), "pif_documents", ["org_id"], unique=False)
    op.create_index(
        op.f("ix_pif_documents_product_id"), "pif_documents", ["product_id"], unique=False
    )

    op.create_table(
        "uploaded_files",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("item_number", sa.SmallInteger(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("file_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "item_number IS NULL OR item_number BETWEEN 1 AND 16",
            name=op.f("ck_uploaded_files_item_number"),
        ),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_uploaded_files_size_bytes")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_uploaded_files_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_uploaded_files_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_uploaded_files_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploaded_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_uploaded_files_storage_key")),
    )
    op.create_index(op.f("ix_uploaded_files_org_id"), "uploaded_files", ["org_id"], unique=False)
    op.create_index(
        op.f("ix_uploaded_files_product_id"), "uploaded_files", ["product_id"], unique=False
    )
    _enable_row_level_security()


def downgrade() -> None:
    _disable_row_level_security()
    op.drop_index(op.f("ix_uploaded_files_product_id"), table_name="uploaded_files")
    op.drop_index(op.f("ix_uploaded_files_org_id"), table_name="uploaded_files")

    op.drop_table("uploaded_files")
    op.drop_index(op.f("ix_pif_documents_product_id"), table_name="pif_documents")
    op.drop_index(op.f("ix_pif_documents_org_id"), table_name="pif_documents")

    op.drop_table("pif_documents")
    op.drop_index(op.f("ix_tasks_org_id"), table_name="tasks")

    op.drop_table("tasks")
    op.drop_index(op.f("ix_refresh_tokens_user_id"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_family_id"), table_name="refresh_tokens")

    op.drop_table("refresh_tokens")
    op.drop_index(op.f("ix_products_rag_kb_id"), table_name="products")
    op.drop_index(op.f("ix_products_org_id"), table_name="products")

    op.drop_table("products")
    op.drop_index(op.f("ix_memberships_user_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_org_id"), table_name="memberships")

    op.drop_table("memberships")
    op.drop_index(op.f("ix_audit_logs_org_id"), table_name="audit_logs")

    op.drop_table("audit_logs")
    op.drop_table("users")
    op.drop_table("schema_steps")
    op.drop_table("organizations")
    op.drop_index(op.f("ix_login_attempts_ip_at"), table_name="login_attempts")
    op.drop_index(op.f("ix_login_attempts_email_at"), table_name="login_attempts")

    op.drop_table("login_attempts")


# Row-level security (SPEC §6, tech-pitfalls B-1..B-5). The settings are transaction-local
# and NULLIF turns the empty string a reused connection reports into NULL, so a session
# with no organisation bound sees no rows at all (fails closed).
_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"
_USER = "NULLIF(current_setting('app.current_user_id', true), '')::uuid"
_SYSTEM_AUDIT = "current_setting('app.audit_system', true) = 'on'"

_POLICIES: dict[str, tuple[str, str]] = {
    # table: (USING, WITH CHECK)
    "organizations": (
        f"id = {_ORG} OR id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = {_USER})",
        f"id = {_ORG}",
    ),
    "memberships": (f"org_id = {_ORG} OR user_id = {_USER}", f"org_id = {_ORG}"),
    "products": (f"org_id = {_ORG}", f"org_id = {_ORG}"),
    "pif_documents": (f"org_id = {_ORG}", f"org_id = {_ORG}"),
    "uploaded_files": (f"org_id = {_ORG}", f"org_id = {_ORG}"),
    "tasks": (f"org_id = {_ORG}", f"org_id = {_ORG}"),
    "refresh_tokens": (f"user_id = {_USER}", f"user_id = {_USER}"),
    "audit_logs": (
        f"org_id = {_ORG} OR (org_id IS NULL AND {_SYSTEM_AUDIT})",
        f"org_id = {_ORG} OR (org_id IS NULL AND {_SYSTEM_AUDIT})",
    ),
}


def _enable_row_level_security() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (using, check) in _POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} USING ({using}) WITH CHECK ({check})"
        )


def _disable_row_level_security() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _POLICIES:
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
