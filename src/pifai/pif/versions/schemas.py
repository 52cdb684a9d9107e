"""Response shapes of PIF versions, change detection and expiring documents."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from pifai.pif.versions.detection import VersionLabel
from pifai.pif.versions.expiry import DocumentKind, ExpiryState
from pifai.pif.versions.fingerprints import Fingerprint


class VersionRef(BaseModel):
    label: VersionLabel
    sequence: int


class SignatureOut(BaseModel):
    signed_at: datetime
    signed_by: uuid.UUID | None
    signature_hash: str | None
    method: str | None
    certificate_ref: str | None


class PifVersionOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    label: VersionLabel
    sequence: int
    content_hash: str
    fingerprints: dict[Fingerprint, str]
    source_version_id: uuid.UUID | None
    created_by: uuid.UUID | None
    created_at: datetime
    locked: bool
    signature: SignatureOut | None


class PifVersionSnapshotOut(PifVersionOut):
    snapshot: dict[str, Any] = Field(description="the stored canonical JSON, parsed")


class ReasonOut(BaseModel):
    fingerprint: Fingerprint
    items: list[int]
    message: str


class ChangeDetectionOut(BaseModel):
    needs_resign: bool
    reasons: list[ReasonOut]
    current_version: VersionRef | None
    suggested_next: VersionRef


class ExpiringDocumentOut(BaseModel):
    kind: DocumentKind
    item_number: int
    reference: str
    start_date: date
    due_date: date
    days_left: int
    state: ExpiryState


class ExpiringOut(BaseModel):
    as_of: date
    documents: list[ExpiringDocumentOut]
