"""Outsourcing rules: an item of a product has at most one provider at a time; creating,
changing and deleting are audited; another organisation's product or outsourcing is a 404."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.kit.errors import Conflict, NotFound
from pifai.models import Outsourcing, OutsourcingItem
from pifai.models.outsourcing import ProviderType
from pifai.pif.outsourcing import repository as repo
from pifai.pif.outsourcing.schemas import OutsourcingIn, OutsourcingOut
from pifai.products import service as products


def outsourcing_out(row: Outsourcing) -> OutsourcingOut:
    return OutsourcingOut(
        id=row.id,
        product_id=row.product_id,
        item_numbers=sorted(i.item_number for i in row.items),
        provider_name=row.provider_name,
        provider_type=ProviderType(row.provider_type),
        contact=row.contact,
        due_date=row.due_date,
        notes=row.notes,
        created_at=row.created_at,
    )


async def list_outsourcings(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[Outsourcing]:
    await products.get_product(session, org_id, product_id)
    return await repo.list_outsourcings_for_org(session, org_id, product_id)


def _already_outsourced(taken: dict[int, uuid.UUID]) -> Conflict:
    numbers = sorted(taken)
    listed = ", ".join(str(n) for n in numbers)
    return Conflict(
        f"Item {listed} of this product is already outsourced; delete that outsourcing first",
        code="already_outsourced",
        details={"item": numbers[0], "items": numbers, "outsourcing_id": str(taken[numbers[0]])},
    )


async def create_outsourcing(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    body: OutsourcingIn,
    meta: RequestMeta,
) -> Outsourcing:
    org_id = principal.org_id
    await products.get_editable_product(session, org_id, product_id)
    taken = await repo.outsourced_items_for_org(session, org_id, product_id, body.item_numbers)
    if taken:
        raise _already_outsourced(taken)
    row = Outsourcing(
        org_id=org_id,
        product_id=product_id,
        provider_name=body.provider_name,
        provider_type=body.provider_type.value,
        contact=body.contact,
        due_date=body.due_date,
        notes=body.notes,
        created_by=principal.user_id,
        items=[
            OutsourcingItem(org_id=org_id, product_id=product_id, item_number=n)
            for n in body.item_numbers
        ],
    )
    session.add(row)
    await _flush_items(session, body.item_numbers)
    await audit.record(
        session,
        action="outsourcing.created",
        org_id=org_id,
        user_id=principal.user_id,
        resource=f"product:{product_id}/outsourcing:{row.id}",
        details=_audit_details(row, body.item_numbers),
        meta=meta,
    )
    return row


async def get_outsourcing(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, outsourcing_id: uuid.UUID
) -> Outsourcing:
    await products.get_product(session, org_id, product_id)
    return await _outsourcing(session, org_id, product_id, outsourcing_id)


async def update_outsourcing(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    outsourcing_id: uuid.UUID,
    body: OutsourcingIn,
    meta: RequestMeta,
) -> Outsourcing:
    """Replace an outsourcing's provider and items; an item held by another outsourcing of
    the product answers 409 naming it and nothing changes."""
    org_id = principal.org_id
    await products.get_editable_product(session, org_id, product_id)
    row = await _outsourcing(session, org_id, product_id, outsourcing_id)
    before = _audit_details(row, [i.item_number for i in row.items])
    taken = {
        number: holder
        for number, holder in (
            await repo.outsourced_items_for_org(session, org_id, product_id, body.item_numbers)
        ).items()
        if holder != row.id
    }
    if taken:
        raise _already_outsourced(taken)
    wanted = set(body.item_numbers)
    kept = [i for i in row.items if i.item_number in wanted]
    held = {i.item_number for i in kept}
    row.items = kept + [
        OutsourcingItem(org_id=org_id, product_id=product_id, item_number=n)
        for n in body.item_numbers
        if n not in held
    ]
    row.provider_name = body.provider_name
    row.provider_type = body.provider_type.value
    row.contact = body.contact
    row.due_date = body.due_date
    row.notes = body.notes
    await _flush_items(session, body.item_numbers)
    await audit.record(
        session,
        action="outsourcing.updated",
        org_id=org_id,
        user_id=principal.user_id,
        resource=f"product:{product_id}/outsourcing:{row.id}",
        details={"before": before, "after": _audit_details(row, body.item_numbers)},
        meta=meta,
    )
    return row


async def delete_outsourcing(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    outsourcing_id: uuid.UUID,
    meta: RequestMeta,
) -> None:
    org_id = principal.org_id
    await products.get_editable_product(session, org_id, product_id)
    row = await _outsourcing(session, org_id, product_id, outsourcing_id)
    details = _audit_details(row, [i.item_number for i in row.items])
    await session.delete(row)
    await session.flush()
    await audit.record(
        session,
        action="outsourcing.deleted",
        org_id=org_id,
        user_id=principal.user_id,
        resource=f"product:{product_id}/outsourcing:{outsourcing_id}",
        details=details,
        meta=meta,
    )


async def _outsourcing(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, outsourcing_id: uuid.UUID
) -> Outsourcing:
    row = await repo.get_outsourcing_for_org(session, org_id, product_id, outsourcing_id)
    if row is None:
        raise NotFound("Outsourcing not found")
    return row


async def _flush_items(session: AsyncSession, item_numbers: list[int]) -> None:
    """Write the rows; the unique (product, item) index settles a race with another request."""
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent request took an item first
        raise Conflict(
            "An item of this outsourcing was outsourced at the same time; reload and retry",
            code="already_outsourced",
            details={"item": item_numbers[0], "items": item_numbers},
        ) from exc


def _audit_details(row: Outsourcing, item_numbers: list[int]) -> dict[str, object]:
    return {
        "item_numbers": sorted(item_numbers),
        "provider_name": row.provider_name,
        "provider_type": row.provider_type,
    }
