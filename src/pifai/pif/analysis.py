"""Which uploads start an analysis task, by item number. Item 3 (the formula) is parsed,
normalised and checked on the worker; other items are stored for people to review."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.auth.principal import Principal
from pifai.models import PifDocument, Product
from pifai.tasks import service as tasks

ANALYSIS_KINDS = {3: "formula.analyze"}


@dataclass(frozen=True)
class StartedAnalysis:
    task_id: uuid.UUID
    location: str


async def start_item_analysis(
    session: AsyncSession,
    request: Request,
    principal: Principal,
    product: Product,
    doc: PifDocument,
    file_id: uuid.UUID,
) -> StartedAnalysis | None:
    kind = ANALYSIS_KINDS.get(doc.item_number)
    if kind is None:
        return None
    task = await tasks.create_task(
        session,
        request.app.state.db,
        request.app.state.queue,
        org_id=principal.org_id,
        kind=kind,
        created_by=principal.user_id,
        payload={
            "product_id": str(product.id),
            "file_id": str(file_id),
            "item_number": doc.item_number,
        },
    )
    return StartedAnalysis(task.id, f"/api/v1/tasks/{task.id}")
