"""Request and response bodies of the SA routes (SPEC §17)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints

from pifai.auth.schemas import TOTP_CODE_PATTERN
from pifai.kit.input import InputModel, Name, PlainText
from pifai.models.enums import ItemStatus, PifStatus
from pifai.models.sa_review import ReviewStatus
from pifai.pif.lint.model import Severity

MAX_TEXT = 20_000
MAX_NOTE = 4_000

AlertKey = Annotated[str, StringConstraints(max_length=80)]
TotpCode = Field(pattern=TOTP_CODE_PATTERN, description="a current 6-digit code (used once)")


class ItemComment(InputModel):
    item_number: StrictInt | None = Field(default=None, ge=1, le=16)
    text: Name = Field(max_length=MAX_NOTE)


class ReviewUpdate(InputModel):
    """An SA's work on a pending review; every field is optional but the code."""

    totp_code: str = TotpCode
    comments: list[ItemComment] = Field(default_factory=list, max_length=50)
    alert_notes: dict[AlertKey, Name] = Field(
        default_factory=dict,
        max_length=200,
        description="alert key (from the review detail) -> the SA's note on that alert",
    )
    sa_final_assessment: PlainText | None = Field(default=None, max_length=MAX_TEXT)


class RevisionRequest(InputModel):
    totp_code: str = TotpCode
    items: list[StrictInt] = Field(min_length=1, max_length=16, description="items sent back")
    comment: Name = Field(max_length=MAX_NOTE)
    item_comments: list[ItemComment] = Field(default_factory=list, max_length=50)


class SignRequest(InputModel):
    totp_code: str = TotpCode
    content_hash: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="the current_content_hash the SA reviewed; refused if the PIF changed since",
    )
    sa_final_assessment: PlainText | None = Field(default=None, max_length=MAX_TEXT)


class SaQualificationUpdate(InputModel):
    totp_code: str = TotpCode
    certificate_ref: Name = Field(max_length=200)
    qualified_until: date


class SaQualificationOut(BaseModel):
    certificate_ref: str | None
    qualified_until: date | None


class CommentOut(BaseModel):
    item_number: int | None
    text: str
    author_id: uuid.UUID | None
    at: datetime
    kind: str


class AlertNoteOut(BaseModel):
    note: str
    author_id: uuid.UUID | None
    at: datetime


class ReviewAlert(BaseModel):
    key: str
    rule: str
    severity: Severity
    target_item: int
    message_zh: str
    message_en: str
    article: str
    note: AlertNoteOut | None


class ReviewItem(BaseModel):
    number: int
    title_en: str
    title_zh: str
    status: ItemStatus
    not_applicable_justification: str | None
    ai_confidence: float | None


class Blocker(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]]


class SignedVersionOut(BaseModel):
    version_id: uuid.UUID
    label: str
    sequence: int
    signature_hash: str
    signature_method: str | None
    signed_at: datetime
    signed_by: uuid.UUID | None
    certificate_ref: str | None


class ReviewSummary(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    product_id: uuid.UUID
    status: ReviewStatus
    requested_by: uuid.UUID | None
    requested_at: datetime
    updated_at: datetime
    sa_id: uuid.UUID | None
    revision_items: list[int]
    signed: SignedVersionOut | None


class DraftMarker(BaseModel):
    """Which path wrote ``ai_draft_assessment`` (read from its first line)."""

    path: Literal["ai", "deterministic"]
    ai_draft: bool
    note: str | None


class ReviewDetail(ReviewSummary):
    product_name: str
    pif_status: PifStatus
    comments: list[CommentOut]
    ai_draft_assessment: str | None
    ai_draft_marker: DraftMarker | None = None
    sa_final_assessment: str | None
    items: list[ReviewItem]
    alerts: list[ReviewAlert]
    current_content_hash: str
    can_sign: bool
    sign_blockers: list[Blocker]


class LowConfidence(BaseModel):
    where: str
    confidence: float


class PendingReview(BaseModel):
    review_id: uuid.UUID
    org_id: uuid.UUID
    org_name: str
    product_id: uuid.UUID
    product_name: str
    requested_at: datetime
    lowest_confidence: float | None
    low_confidence: list[LowConfidence]


class VerifyCheck(BaseModel):
    check: str
    ok: bool
    detail: str


class VerifyOut(BaseModel):
    review_id: uuid.UUID
    version_id: uuid.UUID
    label: str
    sequence: int
    valid: bool
    tampered: bool
    checks: list[VerifyCheck]
