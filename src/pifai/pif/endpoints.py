from __future__ import annotations

import uuid

from fastapi import APIRouter

from pifai.api.deps import PrincipalDep, RequestMetaDep, SessionDep
from pifai.models.enums import PifStatus
from pifai.pif import repository as repo
from pifai.pif import service
from pifai.pif.schemas import ItemDetail, ItemUpdate, PifOverview
from pifai.products import service as products

router = APIRouter(prefix="/products/{product_id}/pif", tags=["pif"])


@router.get("")
async def pif_overview(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> PifOverview:
    """The 16 items with title, lifecycle stage and status, in the official order."""
    product = await products.get_product(session, principal.org_id, product_id)
    docs = await repo.list_items_for_org(session, principal.org_id, product_id)
    return PifOverview(
        product_id=product.id,
        pif_status=PifStatus(product.pif_status),
        items=[service.summary(d) for d in docs],
    )


@router.get("/{item_number}")
async def get_item(
    product_id: uuid.UUID, item_number: int, principal: PrincipalDep, session: SessionDep
) -> ItemDetail:
    return service.detail(
        await service.get_item(session, principal.org_id, product_id, item_number)
    )


@router.put("/{item_number}")
async def update_item(
    product_id: uuid.UUID,
    item_number: int,
    body: ItemUpdate,
    principal: PrincipalDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> ItemDetail:
    """Update data, status or the not-applicable declaration; illegal moves answer 409."""
    doc = await service.update_item(session, principal, product_id, item_number, body, meta)
    return service.detail(doc)
