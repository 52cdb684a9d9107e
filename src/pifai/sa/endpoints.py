"""SA routes (SPEC §17): the pending queue, review detail and work, revision requests,
signing and verification; and the product route that submits a PIF for review.

Reviews are looked up in the caller's current organisation before any role check, so
another organisation's review is a 404 whoever asks."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Response, status

from pifai.ai_uses.schemas import TaskStarted, started
from pifai.api.deps import (
    DatabaseDep,
    EditorDep,
    PrincipalDep,
    QueueDep,
    RequestMetaDep,
    SessionDep,
    TotpDep,
)
from pifai.audit import service as audit
from pifai.auth import repository as users
from pifai.kit.errors import NotFound
from pifai.products import service as products
from pifai.sa import queue, service, views
from pifai.sa import repository as repo
from pifai.sa.schemas import (
    PendingReview,
    ReviewDetail,
    ReviewSummary,
    ReviewUpdate,
    RevisionRequest,
    SaQualificationOut,
    SaQualificationUpdate,
    SignRequest,
    VerifyOut,
)

router = APIRouter(tags=["sa"])


async def _detail(
    session: SessionDep, principal: PrincipalDep, review_id: uuid.UUID
) -> ReviewDetail:
    today = date.today()
    review = await service.get_review(session, principal.org_id, review_id)
    product = await products.get_product(session, principal.org_id, review.product_id)
    user = await users.get_user(session, principal.user_id)
    is_sa = principal.role.value == "sa"
    docs, alerts, refusals = await service.blockers(
        session, principal.org_id, review, user if is_sa else None, today
    )
    version = await service.signed_version(session, principal.org_id, review)
    return views.detail(review, version, product, docs, alerts, refusals)


@router.post("/products/{product_id}/sa-review", status_code=status.HTTP_201_CREATED)
async def submit_for_review(
    product_id: uuid.UUID, principal: EditorDep, session: SessionDep, meta: RequestMetaDep
) -> ReviewDetail:
    """Put the product in the SA queue (pif_status ``sa_review``) with a draft snapshot."""
    review = await service.submit(session, principal, product_id, meta)
    return await _detail(session, principal, review.id)


@router.get("/products/{product_id}/sa-reviews")
async def product_reviews(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[ReviewSummary]:
    """Every review of the product, oldest first, with the version each signature made."""
    await products.get_product(session, principal.org_id, product_id)
    reviews = await repo.reviews_of_product_for_org(session, principal.org_id, product_id)
    return [
        views.summary(r, await service.signed_version(session, principal.org_id, r))
        for r in reviews
    ]


@router.get("/sa/pending")
async def pending(
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    all_organizations: bool = False,
) -> list[PendingReview]:
    """Products awaiting your review in the organisation you act in, lowest confidence
    first; ``all_organizations=true`` lists every organisation where you are an SA (switch
    organisation to act on one)."""
    return await queue.pending_for_user(
        db,
        session,
        principal.user_id,
        acting_org_id=principal.org_id,
        all_organizations=all_organizations,
    )


@router.get("/sa/qualification")
async def get_qualification(principal: PrincipalDep, session: SessionDep) -> SaQualificationOut:
    user = await users.get_user(session, principal.user_id)
    if user is None:
        raise NotFound("User not found")
    return SaQualificationOut(
        certificate_ref=user.sa_certificate_ref, qualified_until=user.sa_qualified_until
    )


@router.put("/sa/qualification")
async def put_qualification(
    body: SaQualificationUpdate,
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
) -> SaQualificationOut:
    """Record your SA qualification certificate and its expiry (a fresh TOTP code);
    signing checks it. Every change is audited."""
    await totp.verify_fresh_code(
        session, principal.user_id, body.totp_code, org_id=principal.org_id, meta=meta
    )
    user = await users.get_user(session, principal.user_id)
    if user is None:
        raise NotFound("User not found")
    user.sa_certificate_ref = body.certificate_ref.strip()
    user.sa_qualified_until = body.qualified_until
    await session.flush()
    await audit.record(
        session,
        action="auth.sa_qualification_recorded",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"user:{principal.user_id}",
        details={
            "certificate_ref": user.sa_certificate_ref,
            "qualified_until": body.qualified_until.isoformat(),
        },
        meta=meta,
    )
    return SaQualificationOut(
        certificate_ref=user.sa_certificate_ref, qualified_until=user.sa_qualified_until
    )


@router.get("/sa/reviews/{review_id}")
async def get_review(
    review_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ReviewDetail:
    """The review with the items, live alerts (with their keys and the SA's notes), the
    hash of the current state and what still prevents signing."""
    return await _detail(session, principal, review_id)


@router.put("/sa/reviews/{review_id}")
async def put_review(
    review_id: uuid.UUID,
    body: ReviewUpdate,
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
) -> ReviewDetail:
    """Add comments, notes on alerts (by key) and the final assessment (SA, TOTP)."""
    await service.update(session, principal, review_id, body, totp, meta, date.today())
    return await _detail(session, principal, review_id)


@router.post("/sa/reviews/{review_id}/revision")
async def request_revision(
    review_id: uuid.UUID,
    body: RevisionRequest,
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
) -> ReviewDetail:
    """Send items back for editing with comments; the product returns to in progress."""
    await service.request_revision(session, principal, review_id, body, totp, meta)
    return await _detail(session, principal, review_id)


@router.post("/sa/reviews/{review_id}/sign")
async def sign(
    review_id: uuid.UUID,
    body: SignRequest,
    principal: PrincipalDep,
    session: SessionDep,
    totp: TotpDep,
    meta: RequestMetaDep,
) -> ReviewDetail:
    """Sign the current state: a locked version, all 16 items approved (SA, TOTP)."""
    await service.sign(session, principal, review_id, body, totp, meta, date.today())
    return await _detail(session, principal, review_id)


@router.get("/sa/reviews/{review_id}/verify")
async def verify(review_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> VerifyOut:
    """Recompute the signed snapshot's hash; ``tampered`` when anything disagrees."""
    return await service.verify(session, principal.org_id, review_id)


@router.post("/sa/reviews/{review_id}/draft", status_code=status.HTTP_202_ACCEPTED)
async def draft_assessment(
    review_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    meta: RequestMetaDep,
    response: Response,
) -> TaskStarted:
    """Write the draft assessment on the worker (SA, owner or admin): the AI's when a key
    is available, else the template; its first line says which. The SA's text is separate."""
    task = await service.start_draft(session, db, queue, principal, review_id, meta)
    body = started(task.id)
    response.headers["Location"] = body.location
    return body
