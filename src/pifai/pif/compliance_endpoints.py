"""Read-only compliance routes: the responsibility matrix (SPEC §2.4), a product's 16
items with who provides each for the caller's business type, and the seven-step
workflow (SPEC §2.3). Product routes fetch through the org-scoped product access first,
so another organisation's product is a 404."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.kit.errors import NotFound
from pifai.models import PifDocument
from pifai.models.enums import ItemStatus, OrgType
from pifai.organizations import repository as orgs
from pifai.pif import catalogue, responsibility, workflow
from pifai.pif import repository as repo
from pifai.pif.responsibility import Responsibility
from pifai.pif.workflow import ItemState, StepProgress
from pifai.products import service as products

router = APIRouter(tags=["compliance"])


class ResponsibilityCell(BaseModel):
    org_type: OrgType
    item_number: int
    title_zh: str
    title_en: str
    provider_zh: str
    provider_en: str
    source_zh: str
    source_en: str
    outsourced: bool

    @classmethod
    def of(cls, cell: Responsibility) -> ResponsibilityCell:
        spec = catalogue.item(cell.item_number)
        return cls(title_zh=spec.title_zh, title_en=spec.title_en, **asdict(cell))


class ResponsibilityMatrix(BaseModel):
    org_types: list[OrgType]
    cells: list[ResponsibilityCell]


class ItemResponsibility(ResponsibilityCell):
    status: ItemStatus
    not_applicable: bool
    done: bool


class ProductResponsibilities(BaseModel):
    product_id: uuid.UUID
    org_type: OrgType
    items: list[ItemResponsibility]


class ProductWorkflow(BaseModel):
    product_id: uuid.UUID
    org_type: OrgType
    current_step: int
    items_done: int
    items_total: int
    steps: list[StepProgress]
    suggestions: list[ResponsibilityCell]


@router.get("/pif/responsibility-matrix")
async def responsibility_matrix(
    principal: PrincipalDep,
    org_type: Annotated[
        OrgType | None, Query(description="One business type; all if omitted")
    ] = None,
) -> ResponsibilityMatrix:
    """The 64 cells (16 per business type), or the 16 of one type."""
    types = [org_type] if org_type is not None else list(OrgType)
    cells = [ResponsibilityCell.of(c) for t in types for c in responsibility.for_org_type(t)]
    return ResponsibilityMatrix(org_types=types, cells=cells)


async def _org_type(session: AsyncSession, org_id: uuid.UUID) -> OrgType:
    org = await orgs.get_organization_for_org(session, org_id)
    if org is None:
        raise NotFound("Organisation not found")
    return OrgType(org.type)


def _state(doc: PifDocument) -> ItemState:
    return ItemState(ItemStatus(doc.status), doc.not_applicable_justification is not None)


async def _item_states(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> tuple[OrgType, dict[int, ItemState]]:
    """Fetch-then-404: the product is read through the org-scoped access before anything."""
    await products.get_product(session, org_id, product_id)
    docs = await repo.list_items_for_org(session, org_id, product_id)
    return await _org_type(session, org_id), {d.item_number: _state(d) for d in docs}


@router.get("/products/{product_id}/pif-responsibilities")
async def product_responsibilities(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ProductResponsibilities:
    """The 16 items with their status and who provides each for this organisation's type."""
    org_type, states = await _item_states(session, principal.org_id, product_id)
    items = [
        ItemResponsibility(
            **ResponsibilityCell.of(cell).model_dump(),
            status=states[cell.item_number].status,
            not_applicable=states[cell.item_number].not_applicable,
            done=states[cell.item_number].done,
        )
        for cell in responsibility.for_org_type(org_type)
    ]
    return ProductResponsibilities(product_id=product_id, org_type=org_type, items=items)


@router.get("/products/{product_id}/pif-workflow")
async def product_workflow(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ProductWorkflow:
    """Each step's completion, the current step and who provides its open items."""
    org_type, states = await _item_states(session, principal.org_id, product_id)
    flow = workflow.derive(org_type, states)
    return ProductWorkflow(
        product_id=product_id,
        org_type=org_type,
        current_step=flow.current_step,
        items_done=flow.items_done,
        items_total=flow.items_total,
        steps=list(flow.steps),
        suggestions=[ResponsibilityCell.of(c) for c in flow.suggestions],
    )
