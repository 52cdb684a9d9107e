"""Product rules: a product is created with its 16 items in one transaction; deleting
archives it (retention, SPEC §5) and frees its place in the plan's active-product limit;
an archived product is read-only."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.core.database import Database
from pifai.kit.errors import Conflict, NotFound
from pifai.models import PifDocument, Product
from pifai.models.base import utcnow
from pifai.models.enums import ItemStatus, PifStatus
from pifai.organizations.plans import ensure_room_for_org
from pifai.pif.catalogue import ITEM_NUMBERS
from pifai.products import repository as repo
from pifai.products.schemas import ProductCreate, ProductUpdate
from pifai.rag import hooks as rag_hooks
from pifai.tasks.queue import TaskQueue


async def get_product(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, *, for_update: bool = False
) -> Product:
    product = await repo.get_product_for_org(session, org_id, product_id, for_update=for_update)
    if product is None:
        raise NotFound("Product not found")
    return product


async def get_editable_product(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, *, for_update: bool = False
) -> Product:
    """``for_update`` locks the product row until commit: every change to its PIF takes
    this lock, so a signature and an edit never interleave."""
    product = await get_product(session, org_id, product_id, for_update=for_update)
    if product.archived_at is not None:
        raise Conflict("This product is archived and can no longer be changed", code="archived")
    return product


async def create_product(
    session: AsyncSession,
    principal: Principal,
    body: ProductCreate,
    meta: RequestMeta,
    *,
    db: Database | None = None,
    queue: TaskQueue | None = None,
) -> Product:
    """Every way of making a product comes here, so the plan's active-product limit is
    checked (under the organisation's lock) wherever a product is created. Its knowledge
    base is made by a worker task created here (SPEC §15; never delays the request)."""
    await ensure_room_for_org(session, principal.org_id, "active_products")
    product = Product(org_id=principal.org_id, created_by=principal.user_id, **body.model_dump())
    session.add(product)
    await session.flush()
    for number in ITEM_NUMBERS:
        session.add(
            PifDocument(
                org_id=principal.org_id,
                product_id=product.id,
                item_number=number,
                status=ItemStatus.MISSING.value,
                data={},
            )
        )
    await session.flush()
    await audit.record(
        session,
        action="product.created",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product.id}",
        details={"name": product.name},
        meta=meta,
    )
    await rag_hooks.on_product_created(
        session, product, db=db, queue=queue, created_by=principal.user_id
    )
    return product


async def update_product(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    body: ProductUpdate,
    meta: RequestMeta,
) -> Product:
    product = await get_editable_product(session, principal.org_id, product_id, for_update=True)
    changes = body.model_dump(exclude_unset=True)
    changed = sorted(k for k, v in changes.items() if getattr(product, k) != v)
    for key in changed:
        setattr(product, key, changes[key])
    if changed:
        # The product's name and type are part of what was signed: the signature is stale.
        if product.pif_status in (PifStatus.COMPLETED.value, PifStatus.EXPIRED.value):
            product.pif_status = PifStatus.IN_PROGRESS.value
        product.updated_at = utcnow()
        await session.flush()
        await audit.record(
            session,
            action="product.updated",
            org_id=principal.org_id,
            user_id=principal.user_id,
            resource=f"product:{product.id}",
            details={"fields": changed},
            meta=meta,
        )
    return product


async def archive_product(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    meta: RequestMeta,
    *,
    db: Database | None = None,
    queue: TaskQueue | None = None,
) -> None:
    product = await get_product(session, principal.org_id, product_id)
    if product.archived_at is not None:
        return
    product.archived_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        action="product.archived",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product.id}",
        meta=meta,
    )
    await rag_hooks.on_product_deleted(
        session, product, db=db, queue=queue, created_by=principal.user_id
    )
