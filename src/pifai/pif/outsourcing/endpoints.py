"""Routes of a product's outsourcings (SPEC §17): list, create, read, replace, delete."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from pifai.api.deps import EditorDep, PrincipalDep, RequestMetaDep, SessionDep
from pifai.pif.outsourcing import service
from pifai.pif.outsourcing.schemas import OutsourcingIn, OutsourcingOut

router = APIRouter(prefix="/products/{product_id}/outsourcings", tags=["compliance"])


@router.get("")
async def list_outsourcings(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[OutsourcingOut]:
    """The product's outsourced items, oldest first."""
    rows = await service.list_outsourcings(session, principal.org_id, product_id)
    return [service.outsourcing_out(r) for r in rows]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_outsourcing(
    product_id: uuid.UUID,
    body: OutsourcingIn,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> OutsourcingOut:
    """Outsource items to a provider; an item already outsourced answers 409 naming it."""
    row = await service.create_outsourcing(session, principal, product_id, body, meta)
    return service.outsourcing_out(row)


@router.get("/{outsourcing_id}")
async def get_outsourcing(
    product_id: uuid.UUID, outsourcing_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> OutsourcingOut:
    row = await service.get_outsourcing(session, principal.org_id, product_id, outsourcing_id)
    return service.outsourcing_out(row)


@router.put("/{outsourcing_id}")
async def update_outsourcing(
    product_id: uuid.UUID,
    outsourcing_id: uuid.UUID,
    body: OutsourcingIn,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> OutsourcingOut:
    """Replace provider and items; an item outsourced elsewhere answers 409 naming it."""
    row = await service.update_outsourcing(
        session, principal, product_id, outsourcing_id, body, meta
    )
    return service.outsourcing_out(row)


@router.delete("/{outsourcing_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_outsourcing(
    product_id: uuid.UUID,
    outsourcing_id: uuid.UUID,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> Response:
    await service.delete_outsourcing(session, principal, product_id, outsourcing_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
