"""``formula.analyze``: an uploaded item-3 file becomes the product's normalised, checked
ingredients and the AI-draft of item 3 (SPEC §2.1: uploaded → ai_processing →
ai_draft_ready; back to uploaded when the file cannot be used).

A PDF or photo the parser cannot read (a scan, a picture of the formula sheet) goes to the
AI layer when a key is available (the organisation's, else the platform's): its
transcription is checked by the same rules and stored with ``path: "ai"`` and per-row
confidence. Without a key, or when the AI fails after its retries, the item returns to
``uploaded`` with the reason, saying which path was tried."""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pifai.ai.schemas import FormulaExtraction
from pifai.ai_uses.credentials import ai_for_org
from pifai.ai_uses.formula import (
    ai_media_type,
    parsed_from_extraction,
    row_confidences,
    rows_summary,
)
from pifai.ai_uses.markers import markers
from pifai.ai_uses.trail import path_details, record_ai_outcome
from pifai.files import service as files
from pifai.files.repository import latest_item_file_for_org
from pifai.formulas.check import CheckedIngredient, FormulaCheck, check_parsed_formula
from pifai.formulas.check_report import report_dict
from pifai.formulas.model import FormulaInputError, ParsedFormula
from pifai.formulas.parsers import parse_file
from pifai.formulas.repository import replace_ingredients_for_org
from pifai.models import PifDocument, ProductIngredient
from pifai.models.base import utcnow
from pifai.models.enums import ItemStatus
from pifai.pif import repository as items
from pifai.pif.status_machine import Actor, check_transition
from pifai.product_types.taxonomy import ProductType, UnknownProductType, find_product_type
from pifai.products import repository as products
from pifai.raw_materials.service import library_for_org
from pifai.regulatory.reference import active_index
from pifai.tasks.context import TaskContext
from pifai.tasks.registry import PermanentTaskError, task_kind
from pifai.toxicology.worker.tasks import enqueue_assessment

ANALYZE = "formula.analyze"
FORMULA_ITEM = 3


@task_kind(ANALYZE, max_attempts=3, time_limit_seconds=300)
async def analyze_formula(ctx: TaskContext) -> dict[str, Any]:
    try:
        return await _analyze(ctx)
    except PermanentTaskError:
        raise
    except Exception:
        if ctx.attempt >= ctx.max_attempts:  # no retry left: the item must not stay stuck
            await _give_back(ctx, f"the analysis failed unexpectedly (task {ctx.task_id})")
        raise


async def _analyze(ctx: TaskContext) -> dict[str, Any]:
    product_id, file_id = _ids(ctx)
    services = files.FileServices.from_settings(ctx.settings)
    async with ctx.session() as session:
        product = await products.get_product_for_org(session, ctx.org_id, product_id)
        if product is None:
            raise PermanentTaskError("the product no longer exists")
        item = await _item(session, ctx.org_id, product_id, for_update=True)
        newest = await _newest_upload(session, ctx.org_id, product_id)
        if newest != file_id:
            return _superseded(newest)
        if ItemStatus(item.status) == ItemStatus.UPLOADED:
            _move(item, ItemStatus.AI_PROCESSING)
        _record, data = await files.read_file(session, services, ctx.org_id, product_id, file_id)
        library = await library_for_org(session, ctx.org_id)
        index = await active_index(session)
        product_type_key = product.product_type
    await ctx.progress(20)
    ai: AiReading | None = None
    try:
        product_type = _product_type(product_type_key)
        formula = parse_file(data, _record.filename)
    except PermanentTaskError as exc:
        await _give_back(ctx, str(exc))
        raise
    except FormulaInputError as exc:
        ai = await _read_with_ai(ctx, data, _record.filename, exc)
        formula = ai.formula
    if not formula.rows:
        # A file with no ingredient rows must not replace a formula already read.
        where = "; ".join(f"{p.location.describe()}: {p.message}" for p in formula.problems)
        message = (
            f"{_record.filename}: no ingredient rows could be read"
            f"{f' ({where})' if where else ''}; the previous formula, if any, is kept"
        )
        await _give_back(ctx, message)
        raise PermanentTaskError(message)
    result = check_parsed_formula(formula, product_type, index, as_of=date.today(), library=library)
    await ctx.progress(80)
    report = report_dict(result)
    row_conf = ai.row_confidences if ai else {}
    confidence = _confidence(result, row_conf)
    async with ctx.session() as session:
        # Lock item 3 first: concurrent analyses of several uploads write one at a time,
        # and only the newest upload's result is kept.
        item = await _item(session, ctx.org_id, product_id, for_update=True)
        newest = await _newest_upload(session, ctx.org_id, product_id)
        if newest != file_id:
            return _superseded(newest)
        _check_writable(item)
        await replace_ingredients_for_org(
            session,
            ctx.org_id,
            product_id,
            _rows(ctx.org_id, product_id, file_id, result, row_conf),
        )
        item.data = {"formula": report, "source_file_id": str(file_id), "path": "deterministic"}
        if ai is not None:
            item.data = {**item.data, **ai.item_data()}
            await _audit_extraction(
                session, ctx, "read", **path_details(ai.marks), rows=len(ai.extraction.rows)
            )
        item.ai_confidence = confidence
        _finish(item)
        item.updated_at = utcnow()
        # The safety assessment (items 9 and 10) follows every successful analysis.
        assessment = await enqueue_assessment(session, ctx, product_id)
    return {
        "path": "ai" if ai else "deterministic",
        "ingredients": len(result.ingredients),
        "blocking": report["blocking"],
        "confidence": confidence,
        "verdicts": report["summary"]["verdicts"],
        "toxicology_task_id": str(assessment.id),
    }


def _ids(ctx: TaskContext) -> tuple[uuid.UUID, uuid.UUID]:
    return uuid.UUID(str(ctx.payload["product_id"])), uuid.UUID(str(ctx.payload["file_id"]))


async def _newest_upload(
    session: Any, org_id: uuid.UUID, product_id: uuid.UUID
) -> uuid.UUID | None:
    newest = await latest_item_file_for_org(session, org_id, product_id, FORMULA_ITEM)
    return newest.id if newest is not None else None


def _superseded(newest: uuid.UUID | None) -> dict[str, Any]:
    """A newer file was uploaded to item 3: its own analysis decides; this one stops."""
    return {"superseded_by": str(newest) if newest else None}


# Statuses an analysis may write over; a person's review in the meantime is never overwritten.
_WRITABLE = frozenset({ItemStatus.UPLOADED, ItemStatus.AI_PROCESSING, ItemStatus.AI_DRAFT_READY})


def _check_writable(item: PifDocument) -> None:
    status = ItemStatus(item.status)
    if status not in _WRITABLE:
        raise PermanentTaskError(
            f"item 3 became {status.value} while the file was analysed; its data was kept. "
            "Upload the file again to re-analyse it"
        )


def _finish(item: PifDocument) -> None:
    """Through the machine to ai_draft_ready; a newer draft simply replaces the older."""
    if ItemStatus(item.status) == ItemStatus.UPLOADED:
        _move(item, ItemStatus.AI_PROCESSING)
    _move(item, ItemStatus.AI_DRAFT_READY)


async def _item(
    session: Any, org_id: uuid.UUID, product_id: uuid.UUID, *, for_update: bool = False
) -> PifDocument:
    item = await items.get_item_for_org(
        session, org_id, product_id, FORMULA_ITEM, for_update=for_update
    )
    if item is None:
        raise PermanentTaskError("the product has no item 3")
    return item


def _move(item: PifDocument, target: ItemStatus) -> None:
    current = ItemStatus(item.status)
    if current == target:
        return  # a redelivered task continues where the first run stopped
    check_transition(current, target, Actor.WORKER)
    item.status = target.value


async def _give_back(ctx: TaskContext, message: str, *, path: str | None = None) -> None:
    """Fail-soft edge: the item returns to `uploaded` with the reason, for a person —
    unless a newer upload took over, whose own analysis then decides. ``path`` names the
    path that was tried, when the AI was involved."""
    product_id, file_id = _ids(ctx)
    async with ctx.session() as session:
        item = await _item(session, ctx.org_id, product_id, for_update=True)
        if await _newest_upload(session, ctx.org_id, product_id) != file_id:
            return
        if item.status == ItemStatus.AI_PROCESSING.value:
            item.status = ItemStatus.UPLOADED.value
        item.data = {**(item.data or {}), "analysis_error": message}
        if path is not None:
            item.data["analysis_path"] = path
        item.updated_at = utcnow()


def _product_type(key: str | None) -> ProductType:
    if not key:
        raise PermanentTaskError(
            "the product has no product type; set it (e.g. face_cream) and upload again"
        )
    try:
        return find_product_type(key)
    except UnknownProductType as exc:
        raise PermanentTaskError(str(exc)) from exc


def _row_confidence(item: CheckedIngredient, row_conf: Mapping[int, float]) -> float:
    """The identity's confidence, capped by the transcription's on the AI path."""
    rows = [src.location.row for src in item.ingredient.sources]
    read = [row_conf[r] for r in rows if r is not None and r in row_conf]
    return min([item.match.confidence, *read])


def _confidence(result: FormulaCheck, row_conf: Mapping[int, float]) -> float | None:
    values = [_row_confidence(i, row_conf) for i in result.ingredients]
    return round(statistics.fmean(values), 3) if values else None


def _rows(
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    file_id: uuid.UUID,
    result: FormulaCheck,
    row_conf: Mapping[int, float],
) -> list[ProductIngredient]:
    rows = []
    for order, item in enumerate(result.ingredients, start=1):
        ing, match = item.ingredient, item.match
        rows.append(
            ProductIngredient(
                org_id=org_id,
                product_id=product_id,
                sort_order=order,
                raw_name=ing.name[:500],
                inci=match.inci,
                ingredient_ref=match.entry.ingredient_id if match.entry else None,
                cas_numbers=list(match.entry.cas_numbers) if match.entry else [],
                concentration_low=ing.amount.low,
                concentration_pct=ing.amount.upper,
                amount_text=ing.amount.text[:100],
                function=item.function,
                confidence=_row_confidence(item, row_conf),
                match_method=match.method.value,
                verdict=item.verdict.verdict.value,
                notes={"review": list(item.verdict.review_notes)},
                source_file_id=file_id,
            )
        )
    return rows


# --- the AI path: a PDF or photo the parser cannot read ------------------------------


@dataclass(frozen=True)
class AiReading:
    formula: ParsedFormula
    extraction: FormulaExtraction
    marks: dict[str, Any]
    row_confidences: dict[int, float]

    def item_data(self) -> dict[str, Any]:
        """What item 3 keeps besides the report: the markers, each row's confidence, and
        the transcription itself (the safety assessment re-checks it, not the file)."""
        return {
            **{k: self.marks[k] for k in ("path", "ai_draft")},
            "ai": {**self.marks, "rows": rows_summary(self.extraction)},
            "ai_extraction": self.extraction.model_dump(mode="json"),
        }


async def _read_with_ai(
    ctx: TaskContext, data: bytes, filename: str, exc: FormulaInputError
) -> AiReading:
    """The transcription of a PDF or image, or the item back to ``uploaded`` with a
    message that says which path was tried (PermanentTaskError: retrying the task would
    only repeat the AI client's own retries)."""
    media_type = ai_media_type(data)
    if media_type is None:
        await _give_back(ctx, exc.message)
        raise PermanentTaskError(exc.message) from exc
    async with ai_for_org(ctx) as (ai, key_source):
        if not ai.available:
            message = (
                f"{exc.message}. No AI path was available to read it (no Anthropic key for "
                "the organisation or the platform): deterministic parser only"
            )
            await _give_back(ctx, message, path="deterministic")
            async with ctx.session() as session:
                await _audit_extraction(
                    session, ctx, "no_key", path="deterministic", key_source="none"
                )
            raise PermanentTaskError(message) from exc
        result = await ai.extract_formula(data, media_type)
    if result.value is None or not result.value.rows:
        reason = result.reason or "the AI found no ingredient rows"
        message = f"{exc.message}. The AI path could not read it either: {reason}"
        await _give_back(ctx, message, path="ai")
        async with ctx.session() as session:
            await _audit_extraction(session, ctx, "failed", path="ai", key_source=key_source)
        raise PermanentTaskError(message) from exc
    return AiReading(
        formula=parsed_from_extraction(result.value, filename),
        extraction=result.value,
        marks=markers(result, key_source),
        row_confidences=row_confidences(result.value),
    )


async def _audit_extraction(session: Any, ctx: TaskContext, outcome: str, **details: Any) -> None:
    """``formula.ai_extraction``: whether the AI read the file, with whose key (never the
    rows it read)."""
    product_id, file_id = _ids(ctx)
    await record_ai_outcome(
        session,
        ctx,
        action="formula.ai_extraction",
        resource=f"product:{product_id}/file:{file_id}",
        details={"outcome": outcome, **details},
    )
