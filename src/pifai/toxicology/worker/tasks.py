"""Task kinds of the safety assessment (SPEC §8, §10).

``toxicology.assess``: the product's checked formula (item 3) → the NOAEL cascade, MoS,
TTC and hard gates → the AI drafts of items 9 and 10. The formula is re-read from item 3's
file and re-checked exactly as ``formula.analyze`` does, so the assessment judges the
ingredients, amounts and regulatory verdicts that item 3 shows today (an item 3 read by the
AI from a PDF or photo is re-checked from its stored transcription). Item 10 then gets a
``synthesis`` text: the AI's when a key is available, else a template, both citing only
the engine's results (:mod:`pifai.ai_uses.synthesis`).

``toxicology.refresh_ingredient``: one dictionary ingredient through every enabled
external source, bypassing and then refilling the shared cache.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.ai_uses.credentials import ai_for_org
from pifai.ai_uses.formula import formula_from_item
from pifai.ai_uses.synthesis import synthesise
from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.files import service as files
from pifai.formulas.check import FormulaCheck, check_parsed_formula
from pifai.formulas.model import FormulaInputError
from pifai.formulas.parsers import parse_file
from pifai.kit.errors import AppError
from pifai.models import Task
from pifai.models.enums import ItemStatus
from pifai.pif import repository as pif_items
from pifai.product_types.taxonomy import ProductType, UnknownProductType, find_product_type
from pifai.products import repository as products
from pifai.raw_materials.service import library_for_org
from pifai.regulatory.reference import active_index
from pifai.tasks import service as tasks
from pifai.tasks.context import TaskContext
from pifai.tasks.messages import TaskMessage
from pifai.tasks.queue import QueueUnavailable
from pifai.tasks.redis_queue import RedisStreamQueue
from pifai.tasks.registry import PermanentTaskError, task_kind
from pifai.toxicology.api.service import find_ingredient
from pifai.toxicology.assess import AssessmentInput, assess_product, override_key
from pifai.toxicology.assessment_report import assessment_dict, properties_dict
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.external_facts import ExternalFacts
from pifai.toxicology.external_lookup import any_source_enabled, facts_for_inputs
from pifai.toxicology.formula_inputs import (
    formula_problems,
    formula_warnings,
    inputs_from_check,
    parse_overrides,
)
from pifai.toxicology.overrides import ProductOverrides
from pifai.toxicology.sources.cache import ToxicologyCache
from pifai.toxicology.sources.lookup import SOURCES, lookup_external, make_query
from pifai.toxicology.sources.result import SourceResult
from pifai.toxicology.worker import items

ASSESS = "toxicology.assess"
REFRESH_INGREDIENT = "toxicology.refresh_ingredient"
FORMULA_ITEM = 3
TIME_LIMIT_SECONDS = 300.0
# The external sources get this much of the time limit; past it the assessment completes
# from embedded data and names the sources it went without (SPEC §10 "External data").
EXTERNAL_BUDGET_SECONDS = 200.0
# Item 3 holds a checked formula only once the analysis has written it.
_CHECKED = frozenset({ItemStatus.AI_DRAFT_READY, ItemStatus.HUMAN_REVIEWED, ItemStatus.APPROVED})


@dataclass(frozen=True)
class CheckedFormula:
    check: FormulaCheck
    product_type: ProductType
    file_id: uuid.UUID


@task_kind(ASSESS, max_attempts=3, time_limit_seconds=TIME_LIMIT_SECONDS)
async def assess_product_task(ctx: TaskContext) -> dict[str, Any]:
    product_id = _uuid(ctx.payload, "product_id")
    try:
        return await _assess(ctx, product_id)
    except PermanentTaskError as exc:
        await _give_back(ctx, product_id, str(exc))
        raise
    except Exception:
        if ctx.attempt >= ctx.max_attempts:  # no retry left: the items must not stay stuck
            await _give_back(
                ctx, product_id, f"the assessment failed unexpectedly (task {ctx.task_id})"
            )
        raise


async def _assess(ctx: TaskContext, product_id: uuid.UUID) -> dict[str, Any]:
    overrides, per_ingredient = _overrides(ctx.payload)
    formula = await load_checked_formula(ctx, product_id)
    await ctx.progress(20)
    inputs = inputs_from_check(formula.check)
    async with ctx.session() as session:
        await items.mark_processing(session, ctx.org_id, product_id)
    facts = await _external_facts(ctx.settings, ctx.db, inputs)
    await ctx.progress(70)
    try:
        assessment = assess_product(
            inputs,
            formula.product_type,
            overrides=overrides,
            ingredient_overrides=per_ingredient,
            facts=facts,
            formula_problems=formula_problems(formula.check),
            formula_warnings=formula_warnings(formula.check),
        )
    except ToxicologyError as exc:
        raise PermanentTaskError(f"the assessment cannot be made: {exc}") from exc
    report = assessment_dict(assessment)
    source = str(formula.file_id)
    async with ai_for_org(ctx) as (ai, key_source):
        synthesis = await synthesise(ai, key_source, report)
    await ctx.progress(90)
    contents = {
        items.PROPERTIES_ITEM: {
            "kind": "ingredient_properties",
            "ingredients": [properties_dict(i) for i in assessment.ingredients],
            "source_file_id": source,
            "path": "deterministic",
        },
        items.TOXICOLOGY_ITEM: {
            "kind": "toxicology",
            **report,
            "source_file_id": source,
            "path": "deterministic",
            "synthesis": synthesis,
        },
    }
    async with ctx.session() as session:
        # Lock item 3: if a newer formula was analysed meanwhile, its own assessment
        # (chained to that analysis) writes items 9 and 10, not this older one.
        current = await pif_items.get_item_for_org(
            session, ctx.org_id, product_id, FORMULA_ITEM, for_update=True
        )
        if current is None or (current.data or {}).get("source_file_id") != source:
            return {"superseded": True, "assessed_file_id": source}
        outcome = await items.write_results(session, ctx.org_id, product_id, contents)
    return {
        "verdict": report["verdict"],
        "blocking": report["blocking"],
        "ingredients": len(report["ingredients"]),
        "summary": report["summary"],
        "review": len(report["review_list"]),
        "sources_missing": report["sources_missing"],
        "synthesis_path": synthesis["path"],
        "items": outcome,
    }


def _uuid(payload: Mapping[str, Any], key: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[key]))
    except (KeyError, ValueError) as exc:
        raise PermanentTaskError(f"the task payload needs a valid {key}") from exc


def _overrides(payload: Mapping[str, Any]) -> tuple[ProductOverrides, dict[str, ProductOverrides]]:
    raw = payload.get("overrides")
    if raw is None:
        return ProductOverrides(), {}
    try:
        return parse_overrides(raw)
    except ToxicologyError as exc:
        raise PermanentTaskError(str(exc)) from exc


async def load_checked_formula(ctx: TaskContext, product_id: uuid.UUID) -> CheckedFormula:
    """Item 3's file, parsed and checked as ``formula.analyze`` does (the organisation's
    raw-material library, the active regulatory index, today's date)."""
    services = files.FileServices.from_settings(ctx.settings)
    async with ctx.session() as session:
        product = await products.get_product_for_org(session, ctx.org_id, product_id)
        if product is None:
            raise PermanentTaskError("the product no longer exists")
        product_type = _product_type(product.product_type)
        file_id, item_data = await _formula_file(session, ctx.org_id, product_id)
        try:
            record, data = await files.read_file(session, services, ctx.org_id, product_id, file_id)
        except AppError as exc:
            raise PermanentTaskError(f"item 3's formula file cannot be read: {exc}") from exc
        library = await library_for_org(session, ctx.org_id)
        index = await active_index(session)
    try:
        formula = formula_from_item(item_data, record.filename) or parse_file(data, record.filename)
    except FormulaInputError as exc:
        raise PermanentTaskError(f"item 3's formula file cannot be used: {exc.message}") from exc
    check = check_parsed_formula(formula, product_type, index, as_of=date.today(), library=library)
    return CheckedFormula(check, product_type, file_id)


async def _formula_file(
    session: AsyncSession, org_id: uuid.UUID, product_id: uuid.UUID
) -> tuple[uuid.UUID, dict[str, Any]]:
    item = await pif_items.get_item_for_org(session, org_id, product_id, FORMULA_ITEM)
    if item is None:
        raise PermanentTaskError("the product has no item 3")
    file_id = (item.data or {}).get("source_file_id")
    if ItemStatus(item.status) not in _CHECKED:
        raise PermanentTaskError(
            f"item 3 has no checked formula (status {item.status}); upload the formula file "
            "to item 3 and wait for its analysis first"
        )
    if not file_id:
        raise PermanentTaskError(
            "item 3's data no longer names its formula file (it was edited by hand); upload "
            "the formula file to item 3 again to re-analyse it"
        )
    try:
        return uuid.UUID(str(file_id)), dict(item.data or {})
    except ValueError as exc:
        raise PermanentTaskError("item 3 names an invalid formula file") from exc


def _product_type(key: str | None) -> ProductType:
    if not key:
        raise PermanentTaskError(
            "the product has no product type; set it (e.g. face_cream) and assess again"
        )
    try:
        return find_product_type(key)
    except UnknownProductType as exc:
        raise PermanentTaskError(str(exc)) from exc


def _enabled_sources(settings: Settings) -> tuple[str, ...]:
    flags = {
        "echa": settings.echa_enabled,
        "epa": settings.epa_enabled,
        "pubchem": settings.pubchem_enabled,
    }
    return tuple(s for s in SOURCES if flags.get(s))


async def _external_facts(
    settings: Settings, db: Database, inputs: Sequence[AssessmentInput]
) -> dict[str, ExternalFacts]:
    """Cached external facts, or — past the time budget — every enabled source named as
    missing for every ingredient, so the report says what the assessment went without."""
    if not any_source_enabled(settings):
        return {}
    try:
        return await asyncio.wait_for(
            facts_for_inputs(inputs, settings, session_factory=db.sessionmaker),
            timeout=EXTERNAL_BUDGET_SECONDS,
        )
    except TimeoutError:
        missing = ExternalFacts(missing=_enabled_sources(settings))
        return {override_key(i.inci or i.name): missing for i in inputs}


async def _give_back(ctx: TaskContext, product_id: uuid.UUID, message: str) -> None:
    async with ctx.session() as session:
        await items.give_back(session, ctx.org_id, product_id, message)


class _PublishFromTask:
    """For a context without the worker's queue (a handler called directly): publish
    through Redis when it is configured, else leave the committed row to the reconciler."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def publish(self, message: TaskMessage) -> None:
        if not self._settings.redis_url:
            raise QueueUnavailable("in-process queue: the reconciler sends the task")
        queue = RedisStreamQueue(self._settings.redis_url, prefix=self._settings.queue_prefix)
        try:
            await queue.publish(message)
        finally:
            await queue.close()

    async def publish_at(self, message: TaskMessage, due: datetime) -> None:
        await self.publish(message)

    async def close(self) -> None:
        return None


async def enqueue_assessment(
    session: AsyncSession,
    ctx: TaskContext,
    product_id: uuid.UUID,
    *,
    created_by: uuid.UUID | None = None,
) -> Task:
    """Start ``toxicology.assess`` from inside another task, in that task's transaction:
    the assessment exists only if the work it follows was committed."""
    return await tasks.create_task(
        session,
        ctx.db,
        ctx.queue or _PublishFromTask(ctx.settings),
        org_id=ctx.org_id,
        kind=ASSESS,
        payload={"product_id": str(product_id)},
        created_by=created_by,
    )


@task_kind(REFRESH_INGREDIENT, max_attempts=2, time_limit_seconds=TIME_LIMIT_SECONDS)
async def refresh_ingredient(ctx: TaskContext) -> dict[str, Any]:
    """Ask every enabled source afresh (no cache read) and store the answers in the
    shared cache; failures are reported, never stored over an earlier answer."""
    entry = find_ingredient(str(ctx.payload.get("ingredient_id", "")))
    if entry is None:
        raise PermanentTaskError("unknown ingredient id")
    cas = entry.cas_numbers[0] if entry.cas_numbers else None
    await ctx.progress(10)
    found = await lookup_external(
        cas=cas, name=entry.inci, settings=ctx.settings, session_factory=None
    )
    query = make_query(cas, entry.inci)
    if query is not None:
        cache = ToxicologyCache(
            ctx.db.sessionmaker, max_age=timedelta(days=ctx.settings.toxicology_cache_days)
        )
        for result in found.results.values():
            await cache.put(query.key, result)
    return {
        "ingredient_id": entry.ingredient_id,
        "inci": entry.inci,
        "query_key": query.key if query else None,
        "sources": {s: _source_summary(r) for s, r in sorted(found.results.items())},
    }


def _source_summary(result: SourceResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "error": result.error,
        "fetched_at": result.fetched_at.isoformat() if result.status != "disabled" else None,
    }
