from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Response, status

from pifai.api.deps import EditorDep, PrincipalDep, RequestMetaDep, SessionDep
from pifai.kit.pagination import Page, PageParamsDep
from pifai.pif.versions import service as versions
from pifai.products import repository as repo
from pifai.products import service
from pifai.products.schemas import ProductCreate, ProductOut, ProductUpdate
from pifai.rag.deps import RagClientDep

router = APIRouter(prefix="/products", tags=["products"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_product(
    body: ProductCreate,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
    rag: RagClientDep,
) -> ProductOut:
    """Create a product together with its 16 PIF items, all ``missing``; 403 ``plan_limit``
    when the organisation's plan has no active-product place left (docs/plans.md)."""
    product = await service.create_product(session, principal, body, meta, rag=rag)
    return ProductOut.model_validate(product)


@router.get("")
async def list_products(
    principal: PrincipalDep, session: SessionDep, page: PageParamsDep
) -> Page[ProductOut]:
    """Active (not archived) products, most recently updated first."""
    products, total = await repo.list_products_for_org(
        session, principal.org_id, offset=page.offset, limit=page.page_size
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
    rag: RagClientDep,
) -> Response:
    """Archive: hidden from lists, kept with its versions for the retention period."""
    await service.archive_product(session, principal, product_id, meta, rag=rag)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
