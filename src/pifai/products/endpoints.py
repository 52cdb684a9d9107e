from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AfterValidator

from pifai.api.deps import (
    DatabaseDep,
    EditorDep,
    PrincipalDep,
    QueueDep,
    RequestMetaDep,
    SessionDep,
)
from pifai.kit.input import PlainText
from pifai.kit.pagination import Page, PageParamsDep
from pifai.models.enums import PifStatus
from pifai.pif.versions import service as versions
from pifai.product_types.taxonomy import UnknownProductType, find_product_type
from pifai.products import repository as repo
from pifai.products import service
from pifai.products.schemas import ProductCreate, ProductOut, ProductUpdate

router = APIRouter(prefix="/products", tags=["products"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_product(
    body: ProductCreate,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
    db: DatabaseDep,
    queue: QueueDep,
) -> ProductOut:
    """Create a product together with its 16 PIF items, all ``missing``; 403 ``plan_limit``
    when the organisation's plan has no active-product place left (docs/plans.md)."""
    product = await service.create_product(session, principal, body, meta, db=db, queue=queue)
    return ProductOut.model_validate(product)


def _product_type_key(value: str) -> str:
    """Any spelling the taxonomy knows (面霜, Face cream) filters by its key."""
    try:
        return find_product_type(value).key
    except UnknownProductType as exc:
        raise ValueError(str(exc)) from exc


ProductTypeKey = Annotated[str, AfterValidator(_product_type_key)]


@router.get("")
async def list_products(
    principal: PrincipalDep,
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[
        PlainText | None,
        Query(
            min_length=1,
            max_length=200,
            description="Name or English name contains (case-insensitive)",
        ),
    ] = None,
    pif_status: Annotated[
        PifStatus | None, Query(alias="status", description="PIF status of the product")
    ] = None,
    product_type: Annotated[
        ProductTypeKey | None,
        Query(max_length=100, description="Product type (key, English or Chinese name)"),
    ] = None,
) -> Page[ProductOut]:
    """Active (not archived) products, most recently updated first; optional search
    (``q``) and filters (``status``, ``product_type``); ``total`` counts the matches."""
    products, total = await repo.list_products_for_org(
        session,
        principal.org_id,
        offset=page.offset,
        limit=page.page_size,
        q=(q.strip() or None) if q else None,
        status=pif_status.value if pif_status else None,
        product_type=product_type,
    )
    return Page(
        items=[ProductOut.model_validate(p) for p in products],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.get("/{product_id}")
async def get_product(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ProductOut:
    product = await service.get_product(session, principal.org_id, product_id)
    await versions.refresh_expiry(session, principal.org_id, product, date.today())
    return ProductOut.model_validate(product)


@router.put("/{product_id}")
async def update_product(
    product_id: uuid.UUID,
    body: ProductUpdate,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> ProductOut:
    product = await service.update_product(session, principal, product_id, body, meta)
    return ProductOut.model_validate(product)


@router.delete("/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
async def archive_product(
    product_id: uuid.UUID,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
    db: DatabaseDep,
    queue: QueueDep,
) -> Response:
    """Archive: hidden from lists, kept with its versions for the retention period."""
    await service.archive_product(session, principal, product_id, meta, db=db, queue=queue)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
