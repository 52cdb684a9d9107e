"""All SQL of SA reviews; every function is scoped by ``org_id``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.models import PifDocument, Product, ProductIngredient, SaReview
from pifai.models.sa_review import ReviewStatus


async def get_review_for_org(
    session: AsyncSession, org_id: uuid.UUID, review_id: uuid.UUID, *, for_update: bool = False
) -> SaReview | None:
    """``for_update`` serialises two SA actions on one review (PostgreSQL)."""
    query = select(SaReview).where(SaReview.id == review_id, SaReview.org_id == org_id)
    result = await session.execute(query.with_for_update() if for_update else query)
    return result.scalar_one_or_none()


async def open_review_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> SaReview | None:
    result = await session.execute(
        select(SaReview).where(
            SaReview.org_id == org_id,
            SaReview.product_id == product_id,
            SaReview.status == ReviewStatus.PENDING.value,
        )
    )
    return result.scalar_one_or_none()


async def reviews_of_product_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[SaReview]:
    result = await session.execute(
        select(SaReview)
        .where(SaReview.org_id == org_id, SaReview.product_id == product_id)
        .order_by(SaReview.requested_at, SaReview.id)
    )
    return list(result.scalars())


async def pending_reviews_for_org(
    session: AsyncSession, org_id: uuid.UUID
) -> list[tuple[SaReview, Product]]:
    result = await session.execute(
        select(SaReview, Product)
        .join(Product, Product.id == SaReview.product_id)
        .where(
            SaReview.org_id == org_id,
            Product.org_id == org_id,
            SaReview.status == ReviewStatus.PENDING.value,
            Product.archived_at.is_(None),
        )
    )
    return [(r, p) for r, p in result.all()]


async def confidences_for_org(
    session: AsyncSession, org_id: uuid.UUID, product_ids: Sequence[uuid.UUID]
) -> tuple[list[tuple[uuid.UUID, int, float]], list[tuple[uuid.UUID, str, float]]]:
    """(product, item number, AI confidence) of items and (product, raw name, confidence)
    of formula rows that carry a confidence, for the products given."""
    if not product_ids:
        return [], []
    items = await session.execute(
        select(PifDocument.product_id, PifDocument.item_number, PifDocument.ai_confidence).where(
            PifDocument.org_id == org_id,
            PifDocument.product_id.in_(product_ids),
            PifDocument.ai_confidence.is_not(None),
        )
    )
    rows = await session.execute(
        select(
            ProductIngredient.product_id, ProductIngredient.raw_name, ProductIngredient.confidence
        ).where(
            ProductIngredient.org_id == org_id,
            ProductIngredient.product_id.in_(product_ids),
            ProductIngredient.confidence.is_not(None),
        )
    )
    return (
        [(p, n, float(c)) for p, n, c in items.all() if c is not None],
        [(p, name, float(c)) for p, name, c in rows.all() if c is not None],
    )
