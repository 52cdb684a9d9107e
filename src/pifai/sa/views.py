"""What the SA routes answer: a review's summary and detail, and the verify report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pifai.ai_uses.sa_draft import read_marker
from pifai.models import PifDocument, PifVersion, Product, SaReview
from pifai.models.enums import ItemStatus, PifStatus
from pifai.models.sa_review import ReviewStatus
from pifai.pif import catalogue
from pifai.pif.lint.model import Alert
from pifai.pif.versions.canonical import canonical_json, sha256_hex
from pifai.pif.versions.service import state_of
from pifai.sa.gates import Refusal, alert_key
from pifai.sa.schemas import (
    AlertNoteOut,
    Blocker,
    CommentOut,
    DraftMarker,
    ReviewAlert,
    ReviewDetail,
    ReviewItem,
    ReviewSummary,
    SignedVersionOut,
)


def signed_out(review: SaReview, version: PifVersion | None) -> SignedVersionOut | None:
    if version is None or version.signed_at is None or version.signature_hash is None:
        return None
    return SignedVersionOut(
        version_id=version.id,
        label=version.label,
        sequence=version.sequence,
        signature_hash=version.signature_hash,
        signature_method=version.signature_method,
        signed_at=version.signed_at,
        signed_by=version.signed_by,
        certificate_ref=version.certificate_ref,
    )


def summary(review: SaReview, version: PifVersion | None) -> ReviewSummary:
    return ReviewSummary(
        id=review.id,
        org_id=review.org_id,
        product_id=review.product_id,
        status=ReviewStatus(review.status),
        requested_by=review.requested_by,
        requested_at=review.requested_at,
        updated_at=review.updated_at,
        sa_id=review.sa_id,
        revision_items=list(review.revision_items or []),
        signed=signed_out(review, version),
    )


def _note(notes: Mapping[str, Any], key: str) -> AlertNoteOut | None:
    entry = notes.get(key)
    return AlertNoteOut(**entry) if isinstance(entry, dict) else None


def _items(docs: list[PifDocument]) -> list[ReviewItem]:
    out = []
    for doc in docs:
        spec = catalogue.item(doc.item_number)
        out.append(
            ReviewItem(
                number=doc.item_number,
                title_en=spec.title_en,
                title_zh=spec.title_zh,
                status=ItemStatus(doc.status),
                not_applicable_justification=doc.not_applicable_justification,
                ai_confidence=doc.ai_confidence,
            )
        )
    return out


def _marker(text: str | None) -> DraftMarker | None:
    info = read_marker(text)
    if info is None:
        return None
    path: Literal["ai", "deterministic"] = "ai" if info.path == "ai" else "deterministic"
    return DraftMarker(path=path, ai_draft=info.ai_draft, note=info.note)


def detail(
    review: SaReview,
    version: PifVersion | None,
    product: Product,
    docs: list[PifDocument],
    alerts: list[Alert],
    refusals: list[Refusal],
) -> ReviewDetail:
    notes = review.alert_notes or {}
    pending = review.status == ReviewStatus.PENDING.value
    return ReviewDetail(
        **summary(review, version).model_dump(),
        product_name=product.name,
        pif_status=PifStatus(product.pif_status),
        comments=[CommentOut(**c) for c in review.comments or []],
        ai_draft_assessment=review.ai_draft_assessment,
        ai_draft_marker=_marker(review.ai_draft_assessment),
        sa_final_assessment=review.sa_final_assessment,
        items=_items(docs),
        alerts=[
            ReviewAlert(
                key=alert_key(a),
                rule=a.rule,
                severity=a.severity,
                target_item=a.target_item,
                message_zh=a.message_zh,
                message_en=a.message_en,
                article=a.article,
                note=_note(notes, alert_key(a)),
            )
            for a in alerts
        ],
        current_content_hash=sha256_hex(canonical_json(state_of(product, docs))),
        can_sign=pending and not refusals,
        sign_blockers=[
            Blocker(code=r.code, message=r.message, details=[dict(d) for d in r.details])
            for r in refusals
        ],
    )
