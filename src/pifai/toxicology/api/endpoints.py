"""Routes of the safety assessment: start a product's assessment (items 9 and 10 on the
worker), search the ingredient dictionary, read what the engine knows about one
ingredient, and refresh its external data."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from pifai.api.deps import DatabaseDep, PrincipalDep, QueueDep, RequestMetaDep, SessionDep
from pifai.audit import service as audit
from pifai.kit.errors import Forbidden, InvalidInput, NotFound
from pifai.models.enums import MembershipRole, TaskStatus
from pifai.products import service as products
from pifai.tasks import service as tasks
from pifai.toxicology.api import service
from pifai.toxicology.api.schemas import (
    AssessmentRequest,
    IngredientDetail,
    IngredientHit,
    IngredientSearch,
    TaskStarted,
)
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.formula_inputs import parse_overrides
from pifai.toxicology.worker.tasks import ASSESS, REFRESH_INGREDIENT

MAX_QUERY = 200
MAX_RESULTS = 100

product_router = APIRouter(prefix="/products/{product_id}/toxicology", tags=["toxicology"])
ingredient_router = APIRouter(prefix="/ingredients", tags=["ingredients"])


def _started(response: Response, task_id: uuid.UUID) -> TaskStarted:
    location = f"/api/v1/tasks/{task_id}"
    response.headers["Location"] = location
    return TaskStarted(
        task_id=task_id, status=TaskStatus.PENDING, location=location, status_url=location
    )


def _check_overrides(body: AssessmentRequest | None) -> None:
    """Refuse bad overrides now, naming the field, rather than in a failed task later."""
    if body is None or body.overrides is None:
        return
    try:
        parse_overrides(body.overrides)
    except ToxicologyError as exc:
        message = str(exc)
        field = message.split(":", 1)[0] if message.startswith("overrides") else "overrides"
        details = [{"field": f"body.{field}", "message": message}]
        raise InvalidInput(message, details=details) from exc


@product_router.post("", status_code=status.HTTP_202_ACCEPTED)
async def start_assessment(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    meta: RequestMetaDep,
    response: Response,
    body: AssessmentRequest | None = None,
) -> TaskStarted:
    """Assess the product's checked formula (item 3) and write items 9 and 10 as AI
    drafts; reviewed items keep their data and get the result as ``pending_toxicology``."""
    product = await products.get_editable_product(session, principal.org_id, product_id)
    _check_overrides(body)
    if body is not None and body.overrides and principal.role != MembershipRole.SA:
        raise Forbidden(
            "Overrides of exposure, DAp, NOAEL or oral absorption are the safety "
            "assessor's decision: this needs the role sa"
        )
    payload: dict[str, object] = {"product_id": str(product.id)}
    if body is not None and body.overrides is not None:
        payload["overrides"] = body.overrides
    task = await tasks.create_task(
        session,
        db,
        queue,
        org_id=principal.org_id,
        kind=ASSESS,
        payload=payload,
        created_by=principal.user_id,
    )
    await audit.record(  # the SA's overrides and reasons are decisions worth a trail
        session,
        action="toxicology.assessment_requested",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product.id}",
        details={"task_id": str(task.id), "overrides": payload.get("overrides")},
        meta=meta,
    )
    return _started(response, task.id)


@ingredient_router.get("/search")
async def search_ingredients(
    _principal: PrincipalDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="name or CAS")],
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 20,
) -> IngredientSearch:
    """Dictionary matches for a name, synonym, Chinese name or CAS number, best first."""
    query = q.strip()
    if not query:
        raise InvalidInput(
            "The query must not be blank", details=[{"field": "query.q", "message": "blank"}]
        )
    if not any(ch.isalnum() for ch in query):
        raise InvalidInput(
            "The query needs a letter or digit: a name, synonym, Chinese name or CAS number",
            details=[{"field": "query.q", "message": "no letter or digit"}],
        )
    hits = service.search_ingredients(query, limit)
    return IngredientSearch(
        query=query,
        results=[
            IngredientHit(
                id=h.entry.ingredient_id,
                inci=h.entry.inci,
                cas_numbers=list(h.entry.cas_numbers),
                functions=list(h.entry.functions),
                confidence=h.confidence,
                method=h.method,
                explanation=h.explanation,
            )
            for h in hits
        ],
    )


@ingredient_router.get("/{ingredient_id}")
async def get_ingredient(
    ingredient_id: str, _principal: PrincipalDep, session: SessionDep
) -> IngredientDetail:
    """Identity plus toxicology: the curated record (NOAEL, conclusions, MW and log Pow
    with citations), the harmonised CLP classification, and cached external answers."""
    entry = service.find_ingredient(ingredient_id)
    if entry is None:
        raise NotFound(f"No ingredient with id {ingredient_id[:64]!r}")
    return IngredientDetail(
        id=entry.ingredient_id,
        inci=entry.inci,
        cas_numbers=list(entry.cas_numbers),
        ec_numbers=list(entry.ec_numbers),
        functions=list(entry.functions),
        synonyms=list(entry.synonyms),
        zh_names=list(entry.zh_names),
        source=entry.source,
        toxicology=await service.ingredient_toxicology(session, entry),
    )


@ingredient_router.post("/{ingredient_id}/toxicology", status_code=status.HTTP_202_ACCEPTED)
async def refresh_ingredient(
    ingredient_id: str,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    response: Response,
) -> TaskStarted:
    """Ask the enabled external sources afresh; the answers refill the shared cache.
    The data is global; the task row belongs to the caller's organisation."""
    entry = service.find_ingredient(ingredient_id)
    if entry is None:
        raise NotFound(f"No ingredient with id {ingredient_id[:64]!r}")
    task = await tasks.create_task(
        session,
        db,
        queue,
        org_id=principal.org_id,
        kind=REFRESH_INGREDIENT,
        payload={"ingredient_id": entry.ingredient_id},
        created_by=principal.user_id,
    )
    return _started(response, task.id)


router = APIRouter()
router.include_router(product_router)
router.include_router(ingredient_router)
