"""The SA review: submission, the SA's comments and alert notes, revision requests and
signing (SPEC §12.6). Every SA action takes a fresh TOTP code and is audited; another
organisation's review is a 404."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import repository as audit_repo
from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.audit.verify import row_is_intact
from pifai.auth import repository as users
from pifai.auth.principal import Principal
from pifai.auth.totp import TotpService
from pifai.core.database import Database
from pifai.kit.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from pifai.models import PifDocument, PifVersion, SaReview, Task, User
from pifai.models.base import utcnow
from pifai.models.enums import ItemStatus, MembershipRole, PifStatus
from pifai.models.sa_review import ReviewStatus
from pifai.pif import catalogue
from pifai.pif import repository as items_repo
from pifai.pif.lint.model import Alert
from pifai.pif.lint.run import item_snapshots, lint
from pifai.pif.status_machine import Actor, check_transition
from pifai.pif.versions import repository as versions_repo
from pifai.pif.versions import service as versions
from pifai.pif.versions.canonical import canonical_json, sha256_hex
from pifai.products import service as products
from pifai.sa import repository as repo
from pifai.sa.gates import Refusal, alert_key, sign_refusals
from pifai.sa.schemas import (
    ItemComment,
    ReviewUpdate,
    RevisionRequest,
    SignRequest,
    VerifyCheck,
    VerifyOut,
)
from pifai.tasks import service as tasks
from pifai.tasks.queue import TaskQueue

SIGNATURE_METHOD = "password_2fa"
MAX_COMMENTS = 500


class SigningRefused(AppError):
    status_code = 409
    code = "signing_refused"


class QualificationRefused(AppError):
    status_code = 403
    code = "sa_qualification"


async def get_review(
    session: AsyncSession, org_id: uuid.UUID, review_id: uuid.UUID, *, for_update: bool = False
) -> SaReview:
    review = await repo.get_review_for_org(session, org_id, review_id, for_update=for_update)
    if review is None:
        raise NotFound("Review not found")
    return review


def require_sa(principal: Principal, action: str) -> None:
    if principal.role is not MembershipRole.SA:
        raise Forbidden(
            f"Only a Safety Assessor (role sa) of this organisation can {action}; your role "
            f"here is {principal.role.value}",
            code="not_safety_assessor",
        )


def require_pending(review: SaReview) -> None:
    if review.status != ReviewStatus.PENDING.value:
        raise Conflict(
            f"This review is {review.status}, not pending; the product must be submitted "
            "for review again",
            code="review_not_pending",
        )


async def _audit(
    session: AsyncSession,
    principal: Principal,
    review: SaReview,
    action: str,
    meta: RequestMeta,
    details: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        session,
        action=action,
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{review.product_id}/sa-review:{review.id}",
        details=details,
        meta=meta,
    )


# --- submission --------------------------------------------------------------------


def _assessment_text(docs: Iterable[PifDocument]) -> str | None:
    for doc in docs:
        if doc.item_number == 16 and doc.data:
            text = doc.data.get("assessment_text")
            return str(text) if text else None
    return None


async def submit(
    session: AsyncSession, principal: Principal, product_id: uuid.UUID, meta: RequestMeta
) -> SaReview:
    """Put the product in the SA's queue (``sa_review``) with a fresh draft snapshot."""
    product = await products.get_editable_product(session, principal.org_id, product_id)
    if await repo.open_review_for_org(session, principal.org_id, product_id) is not None:
        raise Conflict("This product is already waiting for SA review", code="review_open")
    docs = await items_repo.list_items_for_org(session, principal.org_id, product_id)
    review = SaReview(
        org_id=principal.org_id,
        product_id=product_id,
        status=ReviewStatus.PENDING.value,
        requested_by=principal.user_id,
        comments=[],
        alert_notes={},
        revision_items=[],
        ai_draft_assessment=_assessment_text(docs),
    )
    session.add(review)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("This product is already waiting for SA review", code="review_open") from exc
    draft = await versions.take_snapshot(session, principal, product_id, meta)
    product.pif_status = PifStatus.SA_REVIEW.value
    product.updated_at = utcnow()
    await session.flush()
    await _audit(
        session,
        principal,
        review,
        "sa_review.submitted",
        meta,
        {"draft_version_id": str(draft.id), "content_hash": draft.content_hash},
    )
    return review


# --- the SA's work -----------------------------------------------------------------


def _comment(entry: ItemComment, author: uuid.UUID, kind: str) -> dict[str, Any]:
    return {
        "item_number": entry.item_number,
        "text": entry.text.strip(),
        "author_id": str(author),
        "at": utcnow().isoformat(),
        "kind": kind,
    }


async def _live_alerts(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, today: date
) -> tuple[list[PifDocument], list[Alert]]:
    docs = await items_repo.list_items_for_org(session, org_id, product_id)
    return docs, lint(item_snapshots(docs), today=today)


async def update(
    session: AsyncSession,
    principal: Principal,
    review_id: uuid.UUID,
    body: ReviewUpdate,
    totp: TotpService,
    meta: RequestMeta,
    today: date,
) -> SaReview:
    """Comments, notes on alerts and the final assessment text of a pending review."""
    review = await get_review(session, principal.org_id, review_id, for_update=True)
    require_sa(principal, "work on a review")
    require_pending(review)
    if body.alert_notes:
        _, alerts = await _live_alerts(session, principal.org_id, review.product_id, today)
        known = {alert_key(a) for a in alerts}
        unknown = sorted(set(body.alert_notes) - known)
        if unknown:
            raise InvalidInput(
                f"No current alert has the key {unknown[0]}; take keys from the review detail "
                "(an alert whose text changed has a new key)",
                details=[
                    {"field": f"body.alert_notes.{k}", "message": "unknown alert"} for k in unknown
                ],
            )
    await totp.verify_fresh_code(
        session, principal.user_id, body.totp_code, org_id=principal.org_id, meta=meta
    )
    if body.alert_notes:
        notes = dict(review.alert_notes or {})
        for key, note in body.alert_notes.items():
            notes[key] = {
                "note": note.strip(),
                "author_id": str(principal.user_id),
                "at": utcnow().isoformat(),
            }
        review.alert_notes = notes
    if len(review.comments or []) + len(body.comments) > MAX_COMMENTS:
        raise Conflict(
            f"A review holds at most {MAX_COMMENTS} comments; request a revision or sign",
            code="too_many_comments",
        )
    if body.comments:
        review.comments = [
            *(review.comments or []),
            *(_comment(c, principal.user_id, "comment") for c in body.comments),
        ]
    if body.sa_final_assessment is not None:
        review.sa_final_assessment = body.sa_final_assessment
    review.sa_id = principal.user_id
    review.updated_at = utcnow()
    await session.flush()
    await _audit(
        session,
        principal,
        review,
        "sa_review.updated",
        meta,
        {
            "comments_added": len(body.comments),
            "alert_notes": sorted(body.alert_notes),
            "final_assessment_changed": body.sa_final_assessment is not None,
        },
    )
    return review


async def request_revision(
    session: AsyncSession,
    principal: Principal,
    review_id: uuid.UUID,
    body: RevisionRequest,
    totp: TotpService,
    meta: RequestMeta,
) -> SaReview:
    """Send items back for editing with the SA's comments; the product is in progress."""
    review = await get_review(session, principal.org_id, review_id, for_update=True)
    require_sa(principal, "request a revision")
    require_pending(review)
    bad = sorted(n for n in set(body.items) if not catalogue.is_item_number(n))
    if bad:
        raise InvalidInput(
            f"Item {bad[0]} does not exist; items are numbered 1 to 16",
            details=[{"field": "body.items", "message": "unknown item"}],
        )
    await totp.verify_fresh_code(
        session, principal.user_id, body.totp_code, org_id=principal.org_id, meta=meta
    )
    product = await products.get_product(
        session, principal.org_id, review.product_id, for_update=True
    )
    reopened: dict[str, str] = {}
    for number in sorted(set(body.items)):
        doc = await items_repo.get_item_for_org(
            session, principal.org_id, review.product_id, number, for_update=True
        )
        if doc is None:
            continue
        current = ItemStatus(doc.status)
        if current in (ItemStatus.HUMAN_REVIEWED, ItemStatus.APPROVED, ItemStatus.AI_DRAFT_READY):
            check_transition(current, ItemStatus.UPLOADED, Actor.SA_REVISION)
            doc.status = ItemStatus.UPLOADED.value
            doc.updated_at = utcnow()
            # String keys: the audit hash must see the same JSON that is stored.
            reopened[str(number)] = f"{current.value}->{ItemStatus.UPLOADED.value}"
    general = ItemComment(text=body.comment)
    review.comments = [
        *(review.comments or []),
        _comment(general, principal.user_id, "revision"),
        *(_comment(c, principal.user_id, "revision") for c in body.item_comments),
    ]
    review.revision_items = sorted(set(body.items))
    review.status = ReviewStatus.REVISION_REQUESTED.value
    review.sa_id = principal.user_id
    review.updated_at = review.closed_at = utcnow()
    product.pif_status = PifStatus.IN_PROGRESS.value
    product.updated_at = utcnow()
    await session.flush()
    await _audit(
        session,
        principal,
        review,
        "sa_review.revision_requested",
        meta,
        {"items": review.revision_items, "transitions": reopened, "comment": general.text},
    )
    return review


# --- signing -------------------------------------------------------------------------


async def _record_refusal(
    session: AsyncSession,
    totp: TotpService,
    principal: Principal,
    review: SaReview,
    refusals: list[Refusal],
    meta: RequestMeta,
) -> None:
    """The refused attempt is audited in its own unit of work (the request rolls back;
    release its locks first — SQLite allows one writer)."""
    resource = f"product:{review.product_id}/sa-review:{review.id}"
    await session.rollback()
    async with totp.db.session(org_id=principal.org_id, user_id=principal.user_id) as own:
        await audit.record(
            own,
            action="sa_review.sign_refused",
            org_id=principal.org_id,
            user_id=principal.user_id,
            resource=resource,
            details={"refusals": [r.code for r in refusals]},
            meta=meta,
        )


def _raise_refusal(refusals: list[Refusal]) -> None:
    first = refusals[0]
    error_type = (
        QualificationRefused if first.code.startswith("sa_qualification") else SigningRefused
    )
    raise error_type(
        " ".join(r.message for r in refusals),
        code=first.code,
        details=[{"code": r.code, "message": r.message, "items": r.details} for r in refusals],
    )


async def signer(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


async def blockers(
    session: AsyncSession, org_id: uuid.UUID, review: SaReview, sa: User | None, today: date
) -> tuple[list[PifDocument], list[Alert], list[Refusal]]:
    """The items, the live alerts and what prevents signing now (``sa``: the signer, or
    ``None`` to leave the qualification out)."""
    docs, alerts = await _live_alerts(session, org_id, review.product_id, today)
    refusals = sign_refusals(
        qualified_until=sa.sa_qualified_until if sa else today,
        certificate_ref=sa.sa_certificate_ref if sa else None,
        today=today,
        statuses={d.item_number: d.status for d in docs},
        alerts=alerts,
        notes=review.alert_notes or {},
    )
    return docs, alerts, refusals


async def sign(
    session: AsyncSession,
    principal: Principal,
    review_id: uuid.UUID,
    body: SignRequest,
    totp: TotpService,
    meta: RequestMeta,
    today: date,
) -> SaReview:
    review = await get_review(session, principal.org_id, review_id, for_update=True)
    require_sa(principal, "sign a PIF")
    require_pending(review)
    # The product lock keeps edits out until this signature commits.
    product = await products.get_editable_product(
        session, principal.org_id, review.product_id, for_update=True
    )
    sa = await signer(session, principal.user_id)
    docs, _, refusals = await blockers(session, principal.org_id, review, sa, today)
    current = canonical_json(versions.state_of(product, docs))
    if not refusals and body.content_hash is not None and body.content_hash != sha256_hex(current):
        refusals = [
            Refusal(
                "content_changed",
                "The PIF changed after you loaded the review; reload it, check the changes "
                "and sign again",
            )
        ]
    if refusals:
        # Refused before the code is checked, so the code stays usable for the retry.
        await _record_refusal(session, totp, principal, review, refusals, meta)
        _raise_refusal(refusals)
    await totp.verify_fresh_code(
        session, principal.user_id, body.totp_code, org_id=principal.org_id, meta=meta
    )
    for doc in docs:
        if doc.status != ItemStatus.APPROVED.value:
            check_transition(ItemStatus(doc.status), ItemStatus.APPROVED, Actor.SIGNING)
            doc.status = ItemStatus.APPROVED.value
            doc.updated_at = utcnow()
    if body.sa_final_assessment is not None:
        review.sa_final_assessment = body.sa_final_assessment
    signed_at = utcnow()
    extra = {
        "signature": {
            "review_id": review.id,
            "signed_by": principal.user_id,
            "signer_email": principal.email,
            "certificate_ref": sa.sa_certificate_ref,
            "qualified_until": sa.sa_qualified_until,
            "method": SIGNATURE_METHOD,
            "signed_at": signed_at,
            "sa_final_assessment": review.sa_final_assessment,
            "alert_notes": {k: v.get("note") for k, v in (review.alert_notes or {}).items()},
        }
    }
    version = await versions.sign_current_state(
        session,
        principal,
        product,
        extra,
        {
            "signed_at": signed_at,
            "signed_by": principal.user_id,
            "method": SIGNATURE_METHOD,
            "ip": meta.ip,
            "user_agent": (meta.user_agent or "")[:500] or None,
            "certificate_ref": sa.sa_certificate_ref,
        },
    )
    review.status = ReviewStatus.SIGNED.value
    review.version_id = version.id
    review.sa_id = principal.user_id
    review.signature_method = SIGNATURE_METHOD
    review.signature_hash = version.signature_hash
    review.signature_ip = meta.ip
    review.sa_certificate_ref = sa.sa_certificate_ref
    review.signed_at = signed_at
    review.updated_at = review.closed_at = signed_at
    product.pif_status = PifStatus.COMPLETED.value
    product.pif_completed_at = signed_at
    product.updated_at = signed_at
    await session.flush()
    await _audit(
        session,
        principal,
        review,
        "sa_review.signed",
        meta,
        {
            "version_id": str(version.id),
            "label": version.label,
            "sequence": version.sequence,
            "signature_hash": version.signature_hash,
            "method": SIGNATURE_METHOD,
            "certificate_ref": sa.sa_certificate_ref,
        },
    )
    return review


async def signed_version(
    session: AsyncSession, org_id: uuid.UUID, review: SaReview
) -> PifVersion | None:
    if review.version_id is None:
        return None
    return await versions_repo.get_version_for_org(
        session, org_id, review.product_id, review.version_id
    )


async def verify(session: AsyncSession, org_id: uuid.UUID, review_id: uuid.UUID) -> VerifyOut:
    """Recompute the signed snapshot's hash and compare it with the version, its
    fingerprints and the signature recorded in the audit trail at signing."""
    review = await get_review(session, org_id, review_id)
    version = await signed_version(session, org_id, review)
    if version is None or version.signed_at is None:
        raise Conflict(
            "This review has not been signed; there is nothing to verify", code="not_signed"
        )
    checks = [
        VerifyCheck(check=c, ok=ok, detail=why) for c, ok, why in versions.verify_signed(version)
    ]
    records = await audit_repo.actions_on_resource_for_org(
        session, org_id, "sa_review.signed", f"product:{review.product_id}/sa-review:{review.id}"
    )
    recorded = [r for r in records if r.details.get("version_id") == str(version.id)]
    if not recorded:
        checks.append(
            VerifyCheck(
                check="audit_record", ok=False, detail="no signing record in the audit trail"
            )
        )
    else:
        row = recorded[-1]
        matches = row.details.get("signature_hash") == version.signature_hash
        checks.append(
            VerifyCheck(
                check="audit_record",
                ok=matches and row_is_intact(row),
                detail=(
                    f"audit row {row.seq} recorded {row.details.get('signature_hash')}"
                    + ("" if row_is_intact(row) else "; the audit row itself was altered")
                ),
            )
        )
    if review.signature_hash != version.signature_hash:
        checks.append(
            VerifyCheck(
                check="review_record",
                ok=False,
                detail=f"the review recorded {review.signature_hash}, "
                f"the version {version.signature_hash}",
            )
        )
    valid = all(c.ok for c in checks)
    return VerifyOut(
        review_id=review.id,
        version_id=version.id,
        label=version.label,
        sequence=version.sequence,
        valid=valid,
        tampered=not valid,
        checks=checks,
    )


# --- the draft of item 16 ----------------------------------------------------------

DRAFT_TASK = "sa.draft"  # pifai.ai_uses.tasks
TOXICOLOGY_ITEM = 10
DRAFT_ROLES = frozenset({MembershipRole.SA, MembershipRole.OWNER, MembershipRole.ADMIN})


async def _require_safety_assessment(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> None:
    """The draft is written from item 10's safety assessment (what ``sa.draft`` reads)."""
    item = await items_repo.get_item_for_org(session, org_id, product_id, TOXICOLOGY_ITEM)
    if item is None or (item.data or {}).get("kind") != "toxicology":
        raise Conflict(
            "Item 10 holds no safety assessment yet; run it first "
            f"(POST /api/v1/products/{product_id}/toxicology), then ask for the draft",
            code="no_safety_assessment",
        )


async def start_draft(
    session: AsyncSession,
    db: Database,
    queue: TaskQueue,
    principal: Principal,
    review_id: uuid.UUID,
    meta: RequestMeta,
) -> Task:
    """Start the worker task that writes ``ai_draft_assessment`` (the AI's draft when a key
    is available, else the template); the SA's own text is never touched. 409
    ``no_safety_assessment`` at once when item 10 holds no assessment to draft from."""
    review = await get_review(session, principal.org_id, review_id)
    if principal.role not in DRAFT_ROLES:
        raise Forbidden(
            "Only a Safety Assessor, an owner or an admin can ask for the draft assessment",
            code="draft_not_allowed",
        )
    require_pending(review)
    await _require_safety_assessment(session, principal.org_id, review.product_id)
    task = await tasks.create_task(
        session,
        db,
        queue,
        org_id=principal.org_id,
        kind=DRAFT_TASK,
        payload={"review_id": str(review.id)},
        created_by=principal.user_id,
    )
    await _audit(
        session, principal, review, "sa_review.draft_requested", meta, {"task_id": str(task.id)}
    )
    return task
