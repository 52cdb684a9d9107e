"""Task kinds of the AI uses that are not part of another domain's task (SPEC §8):

- ``process.structure`` (item 6): free process text → steps with ``[pending]`` markers;
  the result is the task's result, for a person to check and PUT to item 6 (the AI never
  writes a person's item).
- ``sa.draft`` (item 16): the draft assessment stored on a pending SA review as
  ``ai_draft_assessment``.

Both retry the AI inside the run (the AI client's own backoff) and then degrade to the
deterministic path, so a run does not fail because of the AI.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from pifai.ai_uses import process, sa_draft
from pifai.ai_uses.credentials import ai_for_org
from pifai.ai_uses.trail import path_details, record_ai_outcome
from pifai.models.base import utcnow
from pifai.models.sa_review import ReviewStatus
from pifai.org_settings.service import report_language_for_org
from pifai.pif import repository as items_repo
from pifai.pif.lint.run import item_snapshots, lint
from pifai.products import repository as products
from pifai.sa import repository as reviews
from pifai.tasks.context import TaskContext
from pifai.tasks.registry import PermanentTaskError, task_kind

STRUCTURE_PROCESS = "process.structure"
SA_DRAFT = "sa.draft"
PROCESS_ITEM = 6


def _uuid(payload: Mapping[str, Any], key: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(payload[key]))
    except (KeyError, ValueError) as exc:
        raise PermanentTaskError(f"the task payload needs a valid {key}") from exc


@task_kind(STRUCTURE_PROCESS, max_attempts=2, time_limit_seconds=300)
async def structure_process(ctx: TaskContext) -> dict[str, Any]:
    product_id = _uuid(ctx.payload, "product_id")
    text = str(ctx.payload.get("text") or "")
    if not text.strip():
        raise PermanentTaskError("there is no process text to structure")
    async with ctx.session() as session:
        if await products.get_product_for_org(session, ctx.org_id, product_id) is None:
            raise PermanentTaskError("the product no longer exists")
    await ctx.progress(10)
    async with ai_for_org(ctx) as (ai, key_source):
        structured = await process.structure(ai, key_source, text)
    async with ctx.session() as session:
        await record_ai_outcome(
            session,
            ctx,
            action="pif.process_structured",
            resource=f"product:{product_id}/item:{PROCESS_ITEM}",
            details={**path_details(structured), "steps": len(structured["steps"])},
        )
    return {"item_number": PROCESS_ITEM, "product_id": str(product_id), **structured}


@task_kind(SA_DRAFT, max_attempts=2, time_limit_seconds=300)
async def draft_assessment(ctx: TaskContext) -> dict[str, Any]:
    review_id = _uuid(ctx.payload, "review_id")
    async with ctx.session() as session:
        review = await reviews.get_review_for_org(session, ctx.org_id, review_id)
        if review is None or review.status != ReviewStatus.PENDING.value:
            raise PermanentTaskError("the review is no longer pending")
        docs = await items_repo.list_items_for_org(session, ctx.org_id, review.product_id)
        lang = await report_language_for_org(session, ctx.org_id)
    data = {d.item_number: d.data or {} for d in docs}
    toxicology = data.get(10, {})
    if toxicology.get("kind") != "toxicology":
        raise PermanentTaskError(
            "item 10 holds no safety assessment yet; run the assessment before the draft"
        )
    alerts = lint(item_snapshots(docs), today=date.today())
    await ctx.progress(20)
    async with ai_for_org(ctx) as (ai, key_source):
        text, marks = await sa_draft.draft(
            ai, key_source, data.get(3, {}).get("formula") or {}, toxicology, alerts, lang
        )
    async with ctx.session() as session:
        review = await reviews.get_review_for_org(session, ctx.org_id, review_id, for_update=True)
        if review is None or review.status != ReviewStatus.PENDING.value:
            raise PermanentTaskError("the review was closed while the draft was written")
        review.ai_draft_assessment = text
        review.updated_at = utcnow()
    return {"review_id": str(review_id), "characters": len(text), **marks}
