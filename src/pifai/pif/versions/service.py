"""PIF version rules: one mutable unsigned draft per product, signed versions never
touched, labels from the signing history; another organisation's product is a 404."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.kit.errors import Conflict, NotFound
from pifai.models import PifDocument, PifVersion, Product
from pifai.models.enums import ItemStatus, PifStatus
from pifai.pif import repository as items_repo
from pifai.pif.lint.model import ItemSnapshot
from pifai.pif.lint.run import item_snapshots
from pifai.pif.versions import repository as repo
from pifai.pif.versions.canonical import canonical_json, sha256_hex
from pifai.pif.versions.detection import (
    FIRST_SEQUENCE,
    ChangeReport,
    VersionKey,
    VersionLabel,
    detect_changes,
    next_version,
)
from pifai.pif.versions.expiry import (
    DocumentKind,
    ExpiringDocument,
    ExpiryState,
    expiring_documents,
)
from pifai.pif.versions.fingerprints import Fingerprint, Fingerprints, fingerprints
from pifai.pif.versions.schemas import PifVersionOut, SignatureOut
from pifai.products import service as products

SNAPSHOT_FORMAT = "pif-snapshot/1"
ITEM_NUMBERS = range(1, 17)
# Item-1 facts the product record also holds (PUT /products/{id}); the snapshot carries
# those that are set, so the report can fill item 1's gaps and a product edit changes the
# state. Absent ones are left out: a product without them snapshots exactly as before.
PRODUCT_FACTS = (
    "category",
    "dosage_form",
    "intended_use",
    "manufacturer_name",
    "manufacturer_address",
    "registration_id",
    "specific_purpose_category",
    "specific_purpose_permit_number",
    "launch_date",
)


def state_of(product: Product, docs: Iterable[PifDocument]) -> dict[str, Any]:
    """The full state of the 16 items (a missing row is an empty, missing item) and the
    product record: name, English name, type and the ``PRODUCT_FACTS`` that are set."""
    by_number = {d.item_number: d for d in docs}
    items: dict[str, Any] = {}
    for number in ITEM_NUMBERS:
        doc = by_number.get(number)
        items[str(number)] = {
            "status": doc.status if doc else ItemStatus.MISSING.value,
            "not_applicable_justification": doc.not_applicable_justification if doc else None,
            "data": (doc.data or {}) if doc else {},
        }
    record = {key: getattr(product, key) for key in PRODUCT_FACTS}
    return {
        "format": SNAPSHOT_FORMAT,
        "product": {
            "id": product.id,
            "name": product.name,
            "name_en": product.name_en,
            "product_type": product.product_type,
            **{key: value for key, value in record.items() if value is not None},
        },
        "items": items,
    }


def key_of(row: PifVersion) -> VersionKey:
    return VersionKey(VersionLabel(row.label), row.sequence)


def fingerprints_of(row: PifVersion) -> Fingerprints:
    return Fingerprints(
        formula=row.fp_formula,
        process_maker=row.fp_process_maker,
        packaging=row.fp_packaging,
        label_name=row.fp_label_name,
        use=row.fp_use,
    )


def latest_signed(rows: Sequence[PifVersion]) -> PifVersion | None:
    signed = [r for r in rows if r.signed_at is not None]
    return max(signed, key=lambda r: key_of(r).rank) if signed else None


def version_out(row: PifVersion) -> PifVersionOut:
    signature = (
        SignatureOut(
            signed_at=row.signed_at,
            signed_by=row.signed_by,
            signature_hash=row.signature_hash,
            method=row.signature_method,
            certificate_ref=row.certificate_ref,
        )
        if row.signed_at is not None
        else None
    )
    return PifVersionOut(
        id=row.id,
        product_id=row.product_id,
        label=VersionLabel(row.label),
        sequence=row.sequence,
        content_hash=row.content_hash,
        fingerprints={Fingerprint(k): v for k, v in fingerprints_of(row).as_dict().items()},
        source_version_id=row.source_version_id,
        created_by=row.created_by,
        created_at=row.created_at,
        locked=row.locked,
        signature=signature,
    )


async def _current_state(
    session: AsyncSession, org_id: uuid.UUID, product: Product
) -> dict[str, Any]:
    docs = await items_repo.list_items_for_org(session, org_id, product.id)
    return state_of(product, docs)


async def list_versions(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> list[PifVersion]:
    await products.get_product(session, org_id, product_id)
    return await repo.list_versions_for_org(session, org_id, product_id)


async def get_version(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, version_id: uuid.UUID
) -> PifVersion:
    await products.get_product(session, org_id, product_id)
    row = await repo.get_version_for_org(session, org_id, product_id, version_id)
    if row is None:
        raise NotFound("Version not found")
    return row


def _highest_v3(signed: Sequence[PifVersion]) -> int:
    return max((r.sequence for r in signed if r.label == VersionLabel.V3.value), default=0)


async def _draft_key(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> tuple[VersionKey, PifVersion | None]:
    """V0 before the first signature, else the next label; and the latest signed row.

    Only signed rows count for the V3 sequence: the one unsigned draft is what is replaced.
    """
    signed_rows = await repo.signed_versions_for_org(session, org_id, product_id)
    signed = latest_signed(signed_rows)
    if signed is None:
        return VersionKey(VersionLabel.V0, FIRST_SEQUENCE), None
    return next_version(key_of(signed), _highest_v3(signed_rows)), signed


def _fill(row: PifVersion, key: VersionKey, content: bytes, prints: Fingerprints) -> None:
    row.label = key.label.value
    row.sequence = key.sequence
    row.canonical_json = content.decode("utf-8")
    row.content_hash = sha256_hex(content)
    row.fp_formula = prints.formula
    row.fp_process_maker = prints.process_maker
    row.fp_packaging = prints.packaging
    row.fp_label_name = prints.label_name
    row.fp_use = prints.use


async def _save_draft(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    draft: PifVersion | None,
    fill: tuple[VersionKey, bytes, Fingerprints],
    source: uuid.UUID | None,
) -> PifVersion:
    """Replace the unsigned draft in place (or create it); a race on the label is a 409."""
    row = draft or PifVersion(org_id=principal.org_id, product_id=product_id, locked=False)
    _fill(row, *fill)
    row.source_version_id = source
    row.created_by = principal.user_id
    if draft is None:
        session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Another draft of this product was saved at the same time; reload and retry",
            code="version_conflict",
        ) from exc
    return row


async def take_snapshot(
    session: AsyncSession, principal: Principal, product_id: uuid.UUID, meta: RequestMeta
) -> PifVersion:
    """Snapshot the current state into the unsigned draft (V0 until the first signature)."""
    org_id = principal.org_id
    product = await products.get_editable_product(session, org_id, product_id)
    state = await _current_state(session, org_id, product)
    draft = await repo.draft_for_org(session, org_id, product_id)
    key, _ = await _draft_key(session, org_id, product_id)
    content = canonical_json(state)
    fill = (key, content, fingerprints(state))
    row = await _save_draft(session, principal, product_id, draft, fill, None)
    await _audit(session, principal, row, "pif_version.snapshot", meta)
    return row


async def auto_draft(
    session: AsyncSession, principal: Principal, product_id: uuid.UUID, meta: RequestMeta
) -> PifVersion:
    """Clone the latest signed version into an unsigned draft of the next label."""
    org_id = principal.org_id
    await products.get_editable_product(session, org_id, product_id)
    draft = await repo.draft_for_org(session, org_id, product_id)
    key, signed = await _draft_key(session, org_id, product_id)
    if signed is None:
        raise Conflict(
            "No version of this product has been signed yet; there is nothing to clone",
            code="nothing_signed",
        )
    content = signed.canonical_json.encode("utf-8")
    fill = (key, content, fingerprints_of(signed))
    row = await _save_draft(session, principal, product_id, draft, fill, signed.id)
    await _audit(session, principal, row, "pif_version.auto_draft", meta)
    return row


async def change_detection(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> ChangeReport:
    product = await products.get_product(session, org_id, product_id)
    current = fingerprints(await _current_state(session, org_id, product))
    signed_rows = await repo.signed_versions_for_org(session, org_id, product_id)
    signed = latest_signed(signed_rows)
    return detect_changes(
        fingerprints_of(signed) if signed else None,
        current,
        key_of(signed) if signed else None,
        _highest_v3(signed_rows),
    )


async def expiring(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, today: date
) -> list[ExpiringDocument]:
    product = await products.get_product(session, org_id, product_id)
    await refresh_expiry(session, org_id, product, today)
    docs = await items_repo.list_items_for_org(session, org_id, product_id)
    items = item_snapshots(docs)
    return expiring_documents(items, today)


async def _audit(
    session: AsyncSession, principal: Principal, row: PifVersion, action: str, meta: RequestMeta
) -> None:
    await audit.record(
        session,
        action=action,
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{row.product_id}/pif-version:{row.id}",
        details={
            "label": row.label,
            "sequence": row.sequence,
            "content_hash": row.content_hash,
            "source_version_id": str(row.source_version_id) if row.source_version_id else None,
        },
        meta=meta,
    )


async def sign_current_state(
    session: AsyncSession,
    principal: Principal,
    product: Product,
    extra: dict[str, Any],
    signature: dict[str, Any],
) -> PifVersion:
    """Snapshot the current state (plus ``extra``, e.g. the SA's conclusion) into the draft
    and lock it under the next signed label; the signature hash covers exactly the stored
    canonical JSON. Checking who may sign is the caller's job."""
    org_id = principal.org_id
    state = {**await _current_state(session, org_id, product), **extra}
    content = canonical_json(state)
    signed_rows = await repo.signed_versions_for_org(session, org_id, product.id)
    latest = latest_signed(signed_rows)
    key = next_version(key_of(latest) if latest else None, _highest_v3(signed_rows))
    draft = await repo.draft_for_org(session, org_id, product.id)
    fill = (key, content, fingerprints(state))
    row = await _save_draft(session, principal, product.id, draft, fill, None)
    signed = await repo.record_signature_for_org(
        session,
        org_id,
        product.id,
        row.id,
        signature_hash=sha256_hex(content),
        label=key.label.value,
        sequence=key.sequence,
        **signature,
    )
    if signed is None:  # pragma: no cover - the draft was just written in this transaction
        raise Conflict("The draft could not be signed; reload and retry", code="version_conflict")
    return signed


def verify_signed(row: PifVersion) -> list[tuple[str, bool, str]]:
    """Recompute what a signed version's stored values must agree with: (check, ok, why)."""
    content = row.canonical_json.encode("utf-8")
    digest = sha256_hex(content)
    checks = [
        (
            "signature_hash",
            digest == row.signature_hash,
            f"SHA-256 of the stored snapshot is {digest}; the signature recorded "
            f"{row.signature_hash}",
        ),
        (
            "content_hash",
            digest == row.content_hash,
            f"SHA-256 of the stored snapshot is {digest}; the version recorded {row.content_hash}",
        ),
    ]
    try:
        recomputed = fingerprints(json.loads(content)).as_dict()
    except (ValueError, TypeError, AttributeError) as exc:
        return [*checks, ("fingerprints", False, f"the stored snapshot cannot be read: {exc}")]
    stored = fingerprints_of(row).as_dict()
    changed = sorted(k for k in stored if stored[k] != recomputed.get(k))
    checks.append(
        (
            "fingerprints",
            not changed,
            "the stored fingerprints match the snapshot"
            if not changed
            else f"stored fingerprints differ from the snapshot for: {', '.join(changed)}",
        )
    )
    return checks


_DOCUMENT_KINDS = frozenset({DocumentKind.GMP_CERTIFICATE, DocumentKind.TEST_REPORT})


async def refresh_expiry(
    session: AsyncSession, org_id: uuid.UUID, product: Product, today: date
) -> None:
    """A completed PIF whose signed version holds an expired GMP certificate or test
    report becomes ``expired`` (SPEC §2.1); it stays so until re-signed."""
    if product.pif_status != PifStatus.COMPLETED.value:
        return
    latest = latest_signed(await repo.signed_versions_for_org(session, org_id, product.id))
    if latest is None:
        return
    items = json.loads(latest.canonical_json).get("items", {})
    snapshots = {
        int(number): ItemSnapshot(
            status=str(item.get("status")),
            not_applicable=item.get("not_applicable_justification") is not None,
            data=item.get("data") or {},
        )
        for number, item in items.items()
    }
    expired = [
        d
        for d in expiring_documents(snapshots, today)
        if d.kind in _DOCUMENT_KINDS and d.state is ExpiryState.EXPIRED
    ]
    if not expired:
        return
    product.pif_status = PifStatus.EXPIRED.value
    await session.flush()
    await audit.record(
        session,
        action="product.pif_expired",
        org_id=org_id,
        resource=f"product:{product.id}/pif-version:{latest.id}",
        details={
            "expired": [
                {"kind": d.kind.value, "item": d.item_number, "due": d.due_date.isoformat()}
                for d in expired
            ]
        },
    )
