from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, JSONType, enum_check

# Only answers are cached; a failed or disabled lookup never is (SPEC §10).
CACHEABLE_STATUSES = ("ok", "not_found")


class ToxicologyCacheEntry(IdMixin, Base):
    """One external source's answer for one substance (SPEC §10 "External data").

    Global data shared by every organisation: the key is a CAS number or a substance name,
    never anything about who asked, so the table has no org_id and no row-level security.
    """

    __tablename__ = "toxicology_cache"
    __table_args__ = (
        UniqueConstraint("source", "query_key"),
        enum_check("status", CACHEABLE_STATUSES, "status"),
    )

    source: Mapped[str] = mapped_column(String(20))
    # "cas:<normalised CAS>" or "name:<case-folded name>" (see toxicology.sources.lookup).
    query_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    fetched_at: Mapped[datetime]
    expires_at: Mapped[datetime]
