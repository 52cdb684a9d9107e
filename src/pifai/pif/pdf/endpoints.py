"""PIF PDF routes (SPEC §17): generate (202 + task), download the current state's PDF, and
the regulatory PDF of the current state or a stored version — 200 with the PDF when that
exact state is rendered, else 202 with the task that renders it."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Query, Request, Response, status

from pifai.api.deps import DatabaseDep, PrincipalDep, QueueDep, SessionDep
from pifai.auth.principal import Principal
from pifai.kit.downloads import content_disposition
from pifai.kit.errors import NotFound
from pifai.models import RenderedReport
from pifai.models.enums import TaskStatus
from pifai.org_settings.service import report_language_for_org
from pifai.pif.pdf import service
from pifai.pif.pdf.state import ReportState, current_state, language, stored_state
from pifai.tasks.schemas import TaskAccepted

router = APIRouter(tags=["reports"])

LangQuery = Query(
    default=None,
    description="zh (Traditional Chinese) or en; omitted: the organisation's report language",
)


async def _language(session: SessionDep, principal: Principal, lang: str | None) -> str:
    """An explicit ``?lang=`` wins; otherwise the organisation's default (settings)."""
    if not lang:
        lang = await report_language_for_org(session, principal.org_id)
    return language(lang)


def _accepted(response: Response, task_id: uuid.UUID) -> TaskAccepted:
    location = f"/api/v1/tasks/{task_id}"
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["Location"] = location
    return TaskAccepted(task_id=task_id, status=TaskStatus.PENDING, location=location)


def _filename(state: ReportState, row: RenderedReport) -> str:
    product = state.snapshot.get("product") or {}
    name = str(product.get("name") or "product")
    version = state.versions[-1] if state.version_id and state.versions else None
    tag = f"{version['label']}-{version['sequence']}" if version else "current"
    return f"PIF_{name}_{tag}_{row.lang}.pdf"


async def _pdf(request: Request, state: ReportState, row: RenderedReport) -> Response:
    data = await service.read(request.app.state.files, row)
    return Response(
        content=data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(_filename(state, row)),
            "X-Content-Type-Options": "nosniff",
            "X-PIF-State-Hash": row.state_hash,
        },
    )


async def _served_or_started(
    request: Request,
    response: Response,
    principal: Principal,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    state: ReportState,
) -> Response | TaskAccepted:
    row = await service.find(session, principal.org_id, state)
    if row is not None:
        return await _pdf(request, state, row)
    task = await service.start_render(
        session, db, queue, org_id=principal.org_id, user_id=principal.user_id, state=state
    )
    return _accepted(response, task.id)


@router.post("/products/{product_id}/pif/generate", status_code=status.HTTP_202_ACCEPTED)
async def generate(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    response: Response,
    lang: str | None = LangQuery,
) -> TaskAccepted:
    """Render the current state's PDF in the worker (lint computed live)."""
    tag = await _language(session, principal, lang)
    state = await current_state(session, principal.org_id, product_id, tag, date.today())
    task = await service.start_render(
        session, db, queue, org_id=principal.org_id, user_id=principal.user_id, state=state
    )
    return _accepted(response, task.id)


@router.get(
    "/products/{product_id}/pif/download",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def download(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    request: Request,
    lang: str | None = LangQuery,
) -> Response:
    """The PDF of exactly the current state, once generated (404 otherwise)."""
    tag = await _language(session, principal, lang)
    state = await current_state(session, principal.org_id, product_id, tag, date.today())
    row = await service.find(session, principal.org_id, state)
    if row is None:
        raise NotFound(
            f"No PDF in language '{tag}' has been generated for the current state of this "
            f"product; POST …/pif/generate?lang={tag} first (the state changes with every "
            "edit; without ?lang= the organisation's default language is meant)",
            code="pdf_not_generated",
            details={"lang": tag},
        )
    return await _pdf(request, state, row)


@router.get(
    "/products/{product_id}/pif-versions/regulatory-pdf",
    response_model=None,
    responses={200: {"content": {"application/pdf": {}}}, 202: {"model": TaskAccepted}},
)
async def current_pdf(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    request: Request,
    response: Response,
    lang: str | None = LangQuery,
) -> Response | TaskAccepted:
    """The current state's PDF (200), or 202 with the task rendering it."""
    tag = await _language(session, principal, lang)
    state = await current_state(session, principal.org_id, product_id, tag, date.today())
    return await _served_or_started(request, response, principal, session, db, queue, state)


@router.get(
    "/products/{product_id}/pif-versions/{version_id}/regulatory-pdf",
    response_model=None,
    responses={200: {"content": {"application/pdf": {}}}, 202: {"model": TaskAccepted}},
)
async def version_pdf(
    product_id: uuid.UUID,
    version_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    request: Request,
    response: Response,
    lang: str | None = LangQuery,
) -> Response | TaskAccepted:
    """A stored version's PDF restored exactly from its snapshot (200), or 202 + task."""
    tag = await _language(session, principal, lang)
    state = await stored_state(session, principal.org_id, product_id, version_id, tag)
    return await _served_or_started(request, response, principal, session, db, queue, state)
