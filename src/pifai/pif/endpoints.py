from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status

from pifai.ai_uses.schemas import StructureRequest, TaskStarted, started
from pifai.ai_uses.tasks import STRUCTURE_PROCESS
from pifai.api.deps import (
    DatabaseDep,
    EditorDep,
    PrincipalDep,
    QueueDep,
    RequestMetaDep,
    SessionDep,
)
from pifai.audit import service as audit
from pifai.files import service as files
from pifai.models.enums import PifStatus
from pifai.pif import repository as repo
from pifai.pif import service
from pifai.pif.analysis import start_item_analysis
from pifai.pif.schemas import ItemDetail, ItemUpdate, PifOverview, UploadResult
from pifai.products import service as products
from pifai.tasks import service as tasks

router = APIRouter(prefix="/products/{product_id}/pif", tags=["pif"])


@router.get("")
async def pif_overview(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> PifOverview:
    """The 16 items with title, lifecycle stage and status, in the official order."""
    product = await products.get_product(session, principal.org_id, product_id)
    docs = await repo.list_items_for_org(session, principal.org_id, product_id)
    return PifOverview(
        product_id=product.id,
        pif_status=PifStatus(product.pif_status),
        items=[service.summary(d) for d in docs],
    )


@router.post("/upload", status_code=status.HTTP_201_CREATED)
async def upload_item_document(
    product_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    meta: RequestMetaDep,
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File(description="The document (PDF, XLSX, CSV, image …)")],
    item_number: Annotated[int, Form(ge=1, le=16)],
) -> UploadResult:
    """Store a document for one item (encrypted at rest); the item becomes ``uploaded``."""
    product = await products.get_editable_product(session, principal.org_id, product_id)
    settings = request.app.state.settings
    data = await file.read(settings.max_upload_bytes + 1)
    record = await files.store_upload(
        session,
        request.app.state.files,
        principal,
        product_id=product.id,
        item_number=item_number,
        filename=file.filename or "upload",
        data=data,
        max_bytes=settings.max_upload_bytes,
        meta=meta,
    )
    doc = await service.record_document(session, principal, product, item_number, meta)
    result = UploadResult(
        file_id=record.id,
        filename=record.filename,
        sha256=record.sha256,
        size_bytes=record.size_bytes,
        item=service.summary(doc),
    )
    started = await start_item_analysis(session, request, principal, product, doc, record.id)
    if started is not None:
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = started.location
        result.task_id, result.location = started.task_id, started.location
    return result


@router.get("/{item_number}")
async def get_item(
    product_id: uuid.UUID, item_number: int, principal: PrincipalDep, session: SessionDep
) -> ItemDetail:
    return service.detail(
        await service.get_item(session, principal.org_id, product_id, item_number)
    )


@router.put("/{item_number}")
async def update_item(
    product_id: uuid.UUID,
    item_number: int,
    body: ItemUpdate,
    principal: PrincipalDep,
    session: SessionDep,
    meta: RequestMetaDep,
) -> ItemDetail:
    """Update data, status or the not-applicable declaration. Data is validated against
    the item's schema (422 naming ``body.data.<path>``); illegal moves answer 409."""
    doc = await service.update_item(session, principal, product_id, item_number, body, meta)
    return service.detail(doc)


@router.post("/6/structure", status_code=status.HTTP_202_ACCEPTED)
async def structure_process(
    product_id: uuid.UUID,
    body: StructureRequest,
    principal: EditorDep,
    session: SessionDep,
    db: DatabaseDep,
    queue: QueueDep,
    meta: RequestMetaDep,
    response: Response,
) -> TaskStarted:
    """Structure item 6's process text into steps on the worker: the AI's draft when a key
    is available, else a plain splitter; values the text does not give read ``[pending]``.
    The task's result holds the steps and item 6's data to check and PUT. Blank text is a
    422 naming ``body.text``."""
    product = await products.get_product(session, principal.org_id, product_id)
    task = await tasks.create_task(
        session,
        db,
        queue,
        org_id=principal.org_id,
        kind=STRUCTURE_PROCESS,
        payload={"product_id": str(product.id), "text": body.text},
        created_by=principal.user_id,
    )
    await audit.record(  # the text is the manufacturer's: its size only, never the text
        session,
        action="pif.process_structure_requested",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product.id}/item:6",
        details={"task_id": str(task.id), "characters": len(body.text)},
        meta=meta,
    )
    accepted = started(task.id)
    response.headers["Location"] = accepted.location
    return accepted
