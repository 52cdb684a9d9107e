"""The time step of each user's last accepted TOTP code, so no code is accepted twice.

Revision ID: 0007_totp_last_timecode
Revises: 0006_outsourcings
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_totp_last_timecode"
down_revision: str | None = "0006_outsourcings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("totp_last_timecode", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("totp_last_timecode")
