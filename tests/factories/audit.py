"""Reading an organisation's audit rows in tests (through the app's own database)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from pifai.core.database import Database
from pifai.models import AuditLog


def app_db(client: httpx.AsyncClient) -> Database:
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    db: Database = app.state.db
    return db


async def audit_rows(
    client: httpx.AsyncClient, org_id: uuid.UUID, action: str
) -> list[tuple[uuid.UUID | None, dict[str, Any]]]:
    """(user_id, details) of the organisation's rows with this action, oldest first."""
    async with app_db(client).session(org_id=org_id) as session:
        rows = await session.execute(
            select(AuditLog.user_id, AuditLog.details)
            .where(AuditLog.org_id == org_id, AuditLog.action == action)
            .order_by(AuditLog.seq)
        )
        return [(row.user_id, dict(row.details or {})) for row in rows]
