"""Routes of a product's PIF versions (SPEC §12, §17): snapshot, list, change detection,
auto-draft and expiring documents. The product is fetched org-scoped first (404 otherwise)."""

from __future__ import annotations

import json
import uuid
from datetime import date

from fastapi import APIRouter, status

from pifai.api.deps import EditorDep, PrincipalDep, RequestMetaDep, SessionDep
from pifai.pif.versions import service
from pifai.pif.versions.detection import VersionKey
from pifai.pif.versions.schemas import (
    ChangeDetectionOut,
    ExpiringDocumentOut,
    ExpiringOut,
    PifVersionOut,
    PifVersionSnapshotOut,
    ReasonOut,
    VersionRef,
)

router = APIRouter(prefix="/products/{product_id}/pif-versions", tags=["compliance"])


def _ref(key: VersionKey) -> VersionRef:
    return VersionRef(label=key.label, sequence=key.sequence)


@router.get("")
async def list_versions(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[PifVersionOut]:
    """Every stored version, oldest first, with its fingerprints and signature (if any)."""
    rows = await service.list_versions(session, principal.org_id, product_id)
    return [service.version_out(r) for r in rows]


@router.post("/snapshot", status_code=status.HTTP_201_CREATED)
async def snapshot(
    product_id: uuid.UUID, principal: EditorDep, session: SessionDep, meta: RequestMetaDep
) -> PifVersionOut:
    """Snapshot the current 16 items into the unsigned draft, replacing its earlier content."""
    row = await service.take_snapshot(session, principal, product_id, meta)
    return service.version_out(row)


@router.get("/change-detection")
async def change_detection(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ChangeDetectionOut:
    """Whether the current state differs from the latest signed version, and why."""
    report = await service.change_detection(session, principal.org_id, product_id)
    return ChangeDetectionOut(
        needs_resign=report.needs_resign,
        reasons=[
            ReasonOut(fingerprint=r.fingerprint, items=list(r.items), message=r.message)
            for r in report.reasons
        ],
        current_version=_ref(report.current_version) if report.current_version else None,
        suggested_next=_ref(report.suggested_next),
    )


@router.post("/auto-draft", status_code=status.HTTP_201_CREATED)
async def auto_draft(
    product_id: uuid.UUID, principal: EditorDep, session: SessionDep, meta: RequestMetaDep
) -> PifVersionOut:
    """Clone the latest signed version into an unsigned draft of the next label (409 if
    nothing is signed yet)."""
    row = await service.auto_draft(session, principal, product_id, meta)
    return service.version_out(row)


@router.get("/expiring")
async def expiring(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> ExpiringOut:
    """GMP certificate, test reports and serious adverse events that are due, most urgent
    first."""
    today = date.today()
    documents = await service.expiring(session, principal.org_id, product_id, today)
    return ExpiringOut(
        as_of=today,
        documents=[ExpiringDocumentOut(**vars(d)) for d in documents],
    )


@router.get("/{version_id}")
async def get_version(
    product_id: uuid.UUID, version_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> PifVersionSnapshotOut:
    """One version with its stored snapshot, exactly as it was saved (or signed)."""
    row = await service.get_version(session, principal.org_id, product_id, version_id)
    return PifVersionSnapshotOut(
        **service.version_out(row).model_dump(), snapshot=json.loads(row.canonical_json)
    )
