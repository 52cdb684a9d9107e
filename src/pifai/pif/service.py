"""Reading and changing the 16 items; every status change goes through the machine."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.files import repository as files_repo
from pifai.kit.errors import Conflict, InvalidInput, NotFound
from pifai.kit.input import visible_length
from pifai.models import PifDocument, Product
from pifai.models.base import utcnow
from pifai.models.enums import ItemStatus, PifStatus
from pifai.pif import catalogue
from pifai.pif import repository as repo
from pifai.pif.item_data import EngineData, ItemDataError, validate_item_data
from pifai.pif.item_data.file_refs import file_references
from pifai.pif.schemas import MAX_ITEM_DATA_BYTES, ItemDetail, ItemSummary, ItemUpdate
from pifai.pif.status_machine import (
    Actor,
    IllegalTransition,
    allowed_targets,
    check_transition,
    path_to_reviewed,
)
from pifai.products import service as products

MIN_JUSTIFICATION_CHARS = 10


def summary(doc: PifDocument) -> ItemSummary:
    spec = catalogue.item(doc.item_number)
    return ItemSummary(
        number=doc.item_number,
        title_zh=spec.title_zh,
        title_en=spec.title_en,
        stage=spec.stage,
        status=ItemStatus(doc.status),
        ai_confidence=doc.ai_confidence,
        not_applicable=doc.not_applicable_justification is not None,
        updated_at=doc.updated_at,
    )


def detail(doc: PifDocument) -> ItemDetail:
    return ItemDetail(
        **summary(doc).model_dump(),
        product_id=doc.product_id,
        data=doc.data,
        not_applicable_justification=doc.not_applicable_justification,
        allowed_next_statuses=allowed_targets(ItemStatus(doc.status), Actor.USER),
    )


def _check_item_number(item_number: int) -> None:
    if not catalogue.is_item_number(item_number):
        raise NotFound(f"PIF item {item_number} does not exist; items are numbered 1 to 16")


async def get_item(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, item_number: int
) -> PifDocument:
    await products.get_product(session, org_id, product_id)
    _check_item_number(item_number)
    doc = await repo.get_item_for_org(session, org_id, product_id, item_number)
    if doc is None:
        raise NotFound(f"PIF item {item_number} not found")
    return doc


class _Transitions:
    """Applies status changes to one item, recording each step for the audit row."""

    def __init__(self, doc: PifDocument) -> None:
        self.doc = doc
        self.steps: list[str] = []

    @property
    def status(self) -> ItemStatus:
        return ItemStatus(self.doc.status)

    def move(self, target: ItemStatus, actor: Actor) -> None:
        if target == self.status:
            return
        try:
            check_transition(self.status, target, actor)
        except IllegalTransition as exc:
            raise Conflict(
                exc.reason,
                code="illegal_transition",
                details={
                    "item": self.doc.item_number,
                    "current": exc.current.value,
                    "requested": exc.target.value,
                    "allowed": [a.value for a in exc.allowed],
                },
            ) from exc
        self.steps.append(f"{self.status.value}->{target.value}")
        self.doc.status = target.value


def _validate(body: ItemUpdate, item_number: int) -> str | None:
    if body.data is not None:
        size = len(json.dumps(body.data, ensure_ascii=False).encode())
        if size > MAX_ITEM_DATA_BYTES:
            raise InvalidInput(
                f"Item data is {size} bytes; the limit is {MAX_ITEM_DATA_BYTES}",
                details=[{"field": "body.data", "message": "too large"}],
            )
    if body.not_applicable_justification is not None and body.not_applicable is not True:
        raise InvalidInput(
            "A justification is only taken together with not_applicable: true",
            details=[{"field": "body.not_applicable", "message": "must be true"}],
        )
    if not body.not_applicable:
        return None
    if item_number not in catalogue.MAY_BE_NOT_APPLICABLE:
        allowed = ", ".join(str(n) for n in sorted(catalogue.MAY_BE_NOT_APPLICABLE))
        raise InvalidInput(
            f"Item {item_number} is required for every cosmetic and cannot be declared not "
            f"applicable (items that can: {allowed})",
            details=[{"field": "body.not_applicable", "message": "not allowed for this item"}],
        )
    justification = (body.not_applicable_justification or "").strip()
    if visible_length(justification) < MIN_JUSTIFICATION_CHARS:
        raise InvalidInput(
            "An item declared not applicable needs a written justification "
            f"(at least {MIN_JUSTIFICATION_CHARS} visible characters)",
            details=[{"field": "body.not_applicable_justification", "message": "required"}],
        )
    return justification


async def update_item(
    session: AsyncSession,
    principal: Principal,
    product_id: uuid.UUID,
    item_number: int,
    body: ItemUpdate,
    meta: RequestMeta,
) -> PifDocument:
    _check_item_number(item_number)
    justification = _validate(body, item_number)
    product = await products.get_editable_product(
        session, principal.org_id, product_id, for_update=True
    )
    doc = await get_item(session, principal.org_id, product_id, item_number)
    data = None if body.data is None else normalised_data(item_number, body.data)
    if data is not None:
        await _check_file_references(session, principal.org_id, product_id, data)
    moves = _Transitions(doc)
    fields: list[str] = []
    if data is not None:
        _apply_data(doc, moves, body, data)
        fields.append("data")
    if justification is not None:
        doc.not_applicable_justification = justification
        fields.append("not_applicable")
        for step in path_to_reviewed(moves.status):
            moves.move(step, Actor.USER)
    elif body.not_applicable is False and doc.not_applicable_justification is not None:
        doc.not_applicable_justification = None
        fields.append("not_applicable")
        if moves.status == ItemStatus.HUMAN_REVIEWED:
            moves.move(ItemStatus.UPLOADED, Actor.USER)
    if body.status is not None:
        _check_requested_status(doc, body.status)
        moves.move(body.status, Actor.USER)
    if not fields and not moves.steps:
        return doc
    doc.updated_by = principal.user_id
    doc.updated_at = utcnow()
    _advance_product_status(product)
    await session.flush()
    await audit.record(
        session,
        action="pif_item.updated",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product_id}/item:{item_number}",
        details={"item": item_number, "fields": fields, "transitions": moves.steps},
        meta=meta,
    )
    return doc


async def _check_file_references(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID, data: dict[str, Any]
) -> None:
    """A 422 naming each ``*file_ids`` entry that is not an upload of this product."""
    references = list(file_references(data))
    if not references:
        return
    on_file = await files_repo.existing_file_ids_for_org(
        session, org_id, product_id, {file_id for _, file_id in references}
    )
    missing = [(path, file_id) for path, file_id in references if file_id not in on_file]
    if missing:
        raise InvalidInput(
            f"Item data refers to {len(missing)} file(s) that are not uploads of this product; "
            "upload the file first (POST .../pif/upload) and use the file_id it returns",
            details=[
                {"field": f"body.{path}", "message": f"no upload {file_id} on this product"}
                for path, file_id in missing
            ],
        )


def normalised_data(item_number: int, data: dict[str, Any]) -> dict[str, Any]:
    """The item's data as its schema reads it (dates as ISO strings, product types by
    key), or a 422 naming each wrong field as ``body.data.<path>``. Engine-written items
    (3, 9, 10) are stored as given."""
    try:
        model = validate_item_data(item_number, data)
    except ItemDataError as exc:
        details = [{**d, "field": f"body.{d['field']}"} for d in exc.details]
        raise ItemDataError(item_number, details) from None
    if isinstance(model, EngineData):
        return data
    return model.model_dump(mode="json", exclude_none=False)


def _apply_data(
    doc: PifDocument, moves: _Transitions, body: ItemUpdate, data: dict[str, Any]
) -> None:
    """New data: a missing item becomes uploaded; a reviewed one needs reviewing again
    (unless this same request reviews it); an approved one reopens (SPEC §2.1)."""
    if moves.status == ItemStatus.APPROVED:
        moves.move(ItemStatus.HUMAN_REVIEWED, Actor.EDIT)
    changed = doc.data != data
    doc.data = data
    if moves.status == ItemStatus.MISSING or (
        moves.status == ItemStatus.HUMAN_REVIEWED
        and changed
        and body.status != ItemStatus.HUMAN_REVIEWED
        and doc.not_applicable_justification is None
    ):
        moves.move(ItemStatus.UPLOADED, Actor.USER)


def _check_requested_status(doc: PifDocument, target: ItemStatus) -> None:
    if target == ItemStatus.UPLOADED and not doc.data and doc.status == ItemStatus.MISSING:
        raise Conflict(
            "An item becomes uploaded when data or a file is provided; send data with it",
            code="no_content",
            details={"item": doc.item_number},
        )
    if doc.not_applicable_justification is not None and target not in (
        ItemStatus.HUMAN_REVIEWED,
        ItemStatus(doc.status),
    ):
        raise Conflict(
            "This item is declared not applicable; withdraw the declaration "
            "(not_applicable: false) before changing its status",
            code="not_applicable_item",
            details={"item": doc.item_number},
        )


async def record_document(
    session: AsyncSession,
    principal: Principal,
    product: Product,
    item_number: int,
    meta: RequestMeta,
) -> PifDocument:
    """A document was uploaded for an item: it now has content to review (a reviewed or
    approved item is reopened, since new evidence needs a look)."""
    await products.get_editable_product(session, principal.org_id, product.id, for_update=True)
    doc = await get_item(session, principal.org_id, product.id, item_number)
    moves = _Transitions(doc)
    if moves.status == ItemStatus.APPROVED:
        moves.move(ItemStatus.HUMAN_REVIEWED, Actor.EDIT)
    reopenable = moves.status in (
        ItemStatus.MISSING,
        ItemStatus.HUMAN_REVIEWED,
        ItemStatus.AI_DRAFT_READY,
    )
    if reopenable and doc.not_applicable_justification is None:
        moves.move(ItemStatus.UPLOADED, Actor.USER)
    if moves.steps:
        doc.updated_by = principal.user_id
        doc.updated_at = utcnow()
        _advance_product_status(product)
        await session.flush()
        await audit.record(
            session,
            action="pif_item.updated",
            org_id=principal.org_id,
            user_id=principal.user_id,
            resource=f"product:{product.id}/item:{item_number}",
            details={"item": item_number, "fields": ["document"], "transitions": moves.steps},
            meta=meta,
        )
    return doc


def _advance_product_status(product: Product) -> None:
    """Work on any item takes a draft into progress; a change after signing makes the
    signed file stale, so a completed product goes back to in progress."""
    stale = (PifStatus.DRAFT.value, PifStatus.COMPLETED.value, PifStatus.EXPIRED.value)
    if product.pif_status in stale:
        product.pif_status = PifStatus.IN_PROGRESS.value
    product.updated_at = utcnow()
