from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile, status

from pifai.api.deps import EditorDep, PrincipalDep, RequestMetaDep, SessionDep
from pifai.formulas.check_report import problem_dict
from pifai.formulas.model import FormulaInputError
from pifai.formulas.raw_materials import parse_breakdown
from pifai.kit.errors import InvalidInput, NotFound
from pifai.kit.pagination import Page, PageParamsDep
from pifai.raw_materials import repository as repo
from pifai.raw_materials import service
from pifai.raw_materials.schemas import BreakdownImport, RawMaterialIn, RawMaterialOut

router = APIRouter(prefix="/raw-materials", tags=["raw materials"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def save_raw_material(
    body: RawMaterialIn,
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
    response: Response,
) -> RawMaterialOut:
    """Add a raw material with its INCI breakdown; an existing name is replaced (200)."""
    material, created = await service.save_input(session, principal, body, meta)
    if not created:
        response.status_code = status.HTTP_200_OK
    return service.material_out(material)


@router.get("")
async def list_raw_materials(
    principal: PrincipalDep, session: SessionDep, page: PageParamsDep
) -> Page[RawMaterialOut]:
    materials, total = await repo.list_raw_materials_for_org(
        session, principal.org_id, offset=page.offset, limit=page.page_size
    )
    return Page(
        items=[service.material_out(m) for m in materials],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.post("/upload")
async def upload_breakdown_sheet(
    principal: EditorDep,
    session: SessionDep,
    meta: RequestMetaDep,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV/XLSX: raw material | INCI | % | CAS")],
) -> BreakdownImport:
    """Import every raw material of a supplier's breakdown sheet."""
    data = await file.read(request.app.state.settings.max_upload_bytes + 1)
    try:
        sheet = parse_breakdown(data, file.filename or "breakdown")
    except FormulaInputError as exc:
        raise InvalidInput(
            exc.message, details=[{"field": "file", "message": exc.message}]
        ) from exc
    created = updated = 0
    problems = [problem_dict(p) for p in sheet.problems]
    for name, components in sheet.materials.items():
        refusal = service.breakdown_problem(components)
        if refusal:
            problems.append(
                {
                    "severity": "error",
                    "field": "share",
                    "message": f"{name}: {refusal}; not imported",
                }
            )
            continue
        _material, was_created = await service.save(
            session,
            principal,
            name=name,
            components=service.component_dicts(components),
            supplier=None,
            source=file.filename,
            meta=meta,
        )
        created += was_created
        updated += not was_created
    return BreakdownImport(created=created, updated=updated, problems=problems)


@router.get("/{material_id}")
async def get_raw_material(
    material_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> RawMaterialOut:
    material = await repo.get_raw_material_for_org(session, principal.org_id, material_id)
    if material is None:
        raise NotFound("Raw material not found")
    return service.material_out(material)


@router.delete("/{material_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_raw_material(
    material_id: uuid.UUID, principal: EditorDep, session: SessionDep, meta: RequestMetaDep
) -> Response:
    await service.delete(session, principal, material_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
