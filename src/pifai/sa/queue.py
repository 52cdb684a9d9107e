"""The SA's pending queue, lowest confidence first (SPEC §12.6, §14: red fields first).

By default it holds the organisation the session acts in (a session acts in one
organisation at a time, SPEC §5); a freelance SA may ask for every organisation where they
are an SA at once, each entry labelled with its organisation. Each organisation is read in
its own tenant session, so row-level security applies to every read."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.auth import repository as users
from pifai.core.database import Database
from pifai.kit.errors import Forbidden
from pifai.models.enums import MembershipRole
from pifai.sa import repository as repo
from pifai.sa.schemas import LowConfidence, PendingReview

# Confidence below this is shown to the SA (SPEC §14: green from 0.8).
REVIEW_BELOW = 0.8
SHOWN = 20


async def pending_for_user(
    db: Database,
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    acting_org_id: uuid.UUID,
    all_organizations: bool = False,
) -> list[PendingReview]:
    sa_orgs = [
        org
        for membership, org in await users.list_user_memberships(session, user_id)
        if membership.role == MembershipRole.SA.value
    ]
    if not sa_orgs:
        raise Forbidden(
            "Only Safety Assessors have a review queue; you are not an SA (role sa) in any "
            "organisation",
            code="not_safety_assessor",
        )
    if not all_organizations:
        sa_orgs = [org for org in sa_orgs if org.id == acting_org_id]
        if not sa_orgs:
            raise Forbidden(
                "You are not a Safety Assessor (role sa) in the organisation you are acting "
                "in; switch organisation, or ask for all_organizations=true",
                code="not_safety_assessor_here",
            )
    # End the request's transaction first: each organisation is read in its own session,
    # and SQLite allows one open transaction at a time (ours are BEGIN IMMEDIATE).
    await session.commit()
    found: list[PendingReview] = []
    for org in sa_orgs:
        async with db.session(org_id=org.id, user_id=user_id) as tenant:
            pairs = await repo.pending_reviews_for_org(tenant, org.id)
            items, rows = await repo.confidences_for_org(tenant, org.id, [p.id for _, p in pairs])
        low: dict[uuid.UUID, list[LowConfidence]] = defaultdict(list)
        for product_id, number, confidence in items:
            low[product_id].append(LowConfidence(where=f"item {number}", confidence=confidence))
        for product_id, name, confidence in rows:
            low[product_id].append(
                LowConfidence(where=f"item 3 ingredient {name!r}", confidence=confidence)
            )
        for review, product in pairs:
            marks = sorted(low[product.id], key=lambda m: m.confidence)
            found.append(
                PendingReview(
                    review_id=review.id,
                    org_id=org.id,
                    org_name=org.name,
                    product_id=product.id,
                    product_name=product.name,
                    requested_at=review.requested_at,
                    lowest_confidence=marks[0].confidence if marks else None,
                    low_confidence=[m for m in marks if m.confidence < REVIEW_BELOW][:SHOWN],
                )
            )
    # No confidence recorded means people entered everything: after any AI-read product.
    return sorted(
        found,
        key=lambda p: (
            p.lowest_confidence if p.lowest_confidence is not None else 2.0,
            p.requested_at,
        ),
    )
