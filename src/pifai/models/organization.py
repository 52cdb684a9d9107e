from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pifai.models.base import Base, IdMixin, enum_check, utcnow
from pifai.models.enums import OrgType, Plan, ReportLanguage, values


class Organization(IdMixin, Base):
    __tablename__ = "organizations"
    __table_args__ = (
        enum_check("type", values(OrgType), "type"),
        enum_check("plan", values(Plan), "plan"),
        enum_check("report_language", values(ReportLanguage), "report_language"),
    )

    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    plan: Mapped[str] = mapped_column(String(20), default=Plan.FREE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Organisation settings (GET/PUT /settings/org).
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(500))
    report_language: Mapped[str] = mapped_column(
        String(10), default=ReportLanguage.ZH_HANT.value, server_default="zh-Hant"
    )
