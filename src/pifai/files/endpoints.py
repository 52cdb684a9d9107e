from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from pifai.api.deps import PrincipalDep, SessionDep
from pifai.files import repository as repo
from pifai.files import service
from pifai.files.schemas import FileOut
from pifai.kit.downloads import content_disposition
from pifai.kit.errors import NotFound
from pifai.products import service as products

router = APIRouter(prefix="/products/{product_id}/files", tags=["files"])


@router.get("")
async def list_files(
    product_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> list[FileOut]:
    await products.get_product(session, principal.org_id, product_id)
    files = await repo.list_files_for_org(session, principal.org_id, product_id)
    return [FileOut.model_validate(f) for f in files]


@router.get("/{file_id}")
async def get_file(
    product_id: uuid.UUID, file_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> FileOut:
    record = await repo.get_file_for_org(session, principal.org_id, product_id, file_id)
    if record is None:
        raise NotFound("File not found")
    return FileOut.model_validate(record)


@router.get("/{file_id}/download", response_class=Response)
async def download_file(
    product_id: uuid.UUID,
    file_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    request: Request,
) -> Response:
    """The decrypted original, checked against its recorded SHA-256."""
    record, data = await service.read_file(
        session, request.app.state.files, principal.org_id, product_id, file_id
    )
    return Response(
        content=data,
        media_type=record.file_type,
        headers={
            "Content-Disposition": content_disposition(record.filename),
            "X-Content-Type-Options": "nosniff",
        },
    )
