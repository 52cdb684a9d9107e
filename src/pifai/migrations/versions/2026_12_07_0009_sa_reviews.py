"""SA reviews: one open review per product, comments, alert notes and the signature record,
under row-level security; and a trigger that refuses any change to a signed (locked) version.

Revision ID: 0009_sa_reviews
Revises: 0008_pif_versions
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from pifai.models.base import UTCDateTime

revision: str = "0009_sa_reviews"
down_revision: str | None = "0008_pif_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORG = "NULLIF(current_setting('app.current_org_id', true), '')::uuid"
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


_GUARD_PG = """
CREATE FUNCTION pif_versions_locked_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.locked THEN
        RAISE EXCEPTION 'pif_versions row % is signed and locked', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
"""
_TRIGGER_PG = (
    "CREATE TRIGGER pif_versions_locked BEFORE UPDATE OR DELETE ON pif_versions "
    "FOR EACH ROW EXECUTE FUNCTION pif_versions_locked_guard()"
)
_TRIGGERS_SQLITE = [
    f"CREATE TRIGGER pif_versions_locked_{op} BEFORE {op.upper()} ON pif_versions "
    "WHEN OLD.locked BEGIN SELECT RAISE(ABORT, 'pif_versions row is signed and locked'); END"
    for op in ("update", "delete")
]


def _lock_signed_versions() -> None:
    """Signed versions are immutable below the application too (SPEC §5, §12)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_GUARD_PG)
        op.execute(_TRIGGER_PG)
    else:
        for statement in _TRIGGERS_SQLITE:
            op.execute(statement)


def upgrade() -> None:
    _lock_signed_versions()
    op.create_table(
        "sa_reviews",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("sa_id", sa.Uuid(), nullable=True),
        sa.Column("comments", _JSON, nullable=False),
        sa.Column("alert_notes", _JSON, nullable=False),
        sa.Column("ai_draft_assessment", sa.Text(), nullable=True),
        sa.Column("sa_final_assessment", sa.Text(), nullable=True),
        sa.Column("revision_items", _JSON, nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=True),
        sa.Column("signature_method", sa.String(length=30), nullable=True),
        sa.Column("signature_hash", sa.String(length=64), nullable=True),
        sa.Column("signature_ip", sa.String(length=45), nullable=True),
        sa.Column("sa_certificate_ref", sa.String(length=200), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'revision_requested', 'signed')",
            name=op.f("ck_sa_reviews_status"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_sa_reviews_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_sa_reviews_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_sa_reviews_requested_by_users")
        ),
        sa.ForeignKeyConstraint(["sa_id"], ["users.id"], name=op.f("fk_sa_reviews_sa_id_users")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["pif_versions.id"],
            name=op.f("fk_sa_reviews_version_id_pif_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sa_reviews")),
    )
    op.create_index(op.f("ix_sa_reviews_org_id"), "sa_reviews", ["org_id"], unique=False)
    op.create_index(op.f("ix_sa_reviews_product_id"), "sa_reviews", ["product_id"], unique=False)
    op.create_index(
        "uq_sa_reviews_open_per_product",
        "sa_reviews",
        ["product_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE sa_reviews ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE sa_reviews FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY tenant_isolation ON sa_reviews "
            f"USING (org_id = {_ORG}) WITH CHECK (org_id = {_ORG})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER pif_versions_locked ON pif_versions")
        op.execute("DROP FUNCTION pif_versions_locked_guard()")
    else:
        for name in ("update", "delete"):
            op.execute(f"DROP TRIGGER pif_versions_locked_{name}")
    op.drop_index("uq_sa_reviews_open_per_product", table_name="sa_reviews")
    op.drop_index(op.f("ix_sa_reviews_product_id"), table_name="sa_reviews")
    op.drop_index(op.f("ix_sa_reviews_org_id"), table_name="sa_reviews")
    op.drop_table("sa_reviews")
