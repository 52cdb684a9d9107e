from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from pifai.api.deps import RequestMetaDep, SessionDep, SuperAdminDep
from pifai.kit.errors import InvalidInput
from pifai.regulatory import repository as repo
from pifai.regulatory.imports import IMPORT_KINDS, ImportFailed, import_list
from pifai.regulatory.shipped import load_shipped

router = APIRouter(prefix="/chemical-sync", tags=["chemical sync"])

_TFDA_LISTS = {k.removeprefix("tfda-"): k for k in IMPORT_KINDS if k.startswith("tfda-")}
_EU_ANNEXES = {k.removeprefix("eu-annex-"): k for k in IMPORT_KINDS if k.startswith("eu-")}


async def _import(
    session: SessionDep,
    principal: SuperAdminDep,
    meta: RequestMetaDep,
    request: Request,
    kind: str,
    file: UploadFile,
    version: str,
    allow_shrink: bool = False,
) -> dict[str, Any]:
    data = await file.read(request.app.state.settings.max_upload_bytes + 1)
    try:
        outcome = await import_list(
            session,
            kind,
            data,
            filename=file.filename or kind,
            version=version,
            imported_by=principal.user_id,
            meta=meta,
        )
    except ImportFailed as exc:
        raise InvalidInput(str(exc), details=[{"field": "body.file", "message": str(exc)}]) from exc
    dataset = outcome.dataset
    return {
        "kind": kind,
        "version": dataset.version if dataset else None,
        "entries": outcome.entries,
        "added": [e.entry_id for e in outcome.changes.added],
        "removed": [e.entry_id for e in outcome.changes.removed],
        "changed": [
            {"entry_id": c.entry_id, "fields": list(c.fields)} for c in outcome.changes.changed
        ],
    }


@router.post("/tfda")
async def sync_tfda(
    session: SessionDep,
    principal: SuperAdminDep,
    meta: RequestMetaDep,
    request: Request,
    file: Annotated[UploadFile, File(description="The TFDA open-data CSV")],
    list_name: Annotated[str, Form(description=f"One of: {', '.join(_TFDA_LISTS)}")],
    version: Annotated[str, Form()] = "",
    allow_shrink: Annotated[bool, Form(description="Accept removing >10 % of entries")] = False,
) -> dict[str, Any]:
    """Import a TFDA list file as the version in force; answers what changed."""
    kind = _TFDA_LISTS.get(list_name)
    if kind is None:
        raise InvalidInput(
            f"unknown TFDA list {list_name!r}; one of {', '.join(_TFDA_LISTS)}",
            details=[{"field": "body.list_name", "message": "unknown list"}],
        )
    return await _import(session, principal, meta, request, kind, file, version, allow_shrink)


@router.post("/echa")
async def sync_eu(
    session: SessionDep,
    principal: SuperAdminDep,
    meta: RequestMetaDep,
    request: Request,
    file: Annotated[UploadFile, File(description="A CosIng annex export")],
    annex: Annotated[str, Form(description="ii, iii, iv, v or vi")],
    version: Annotated[str, Form()] = "",
    allow_shrink: Annotated[bool, Form(description="Accept removing >10 % of entries")] = False,
) -> dict[str, Any]:
    """Import an EU (CosIng/ECHA) annex export as the version in force."""
    kind = _EU_ANNEXES.get(annex.lower())
    if kind is None:
        raise InvalidInput(
            f"unknown annex {annex!r}; one of {', '.join(_EU_ANNEXES)}",
            details=[{"field": "body.annex", "message": "unknown annex"}],
        )
    return await _import(session, principal, meta, request, kind, file, version, allow_shrink)


@router.get("/status")
async def sync_status(session: SessionDep, principal: SuperAdminDep) -> list[dict[str, Any]]:
    """Each list in force: the shipped version or the newest import."""
    status: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in load_shipped():
        key = (entry.authority.value, entry.list_type.value)
        row = status.setdefault(
            key,
            {
                "authority": key[0],
                "list_type": key[1],
                "entries": 0,
                "origin": "shipped",
                "version": entry.citation.version if entry.citation else None,
                "imported_at": None,
            },
        )
        row["entries"] += 1
    for dataset in await repo.latest_datasets(session):
        status[(dataset.authority, dataset.list_type)] = {
            "authority": dataset.authority,
            "list_type": dataset.list_type,
            "entries": dataset.entry_count,
            "origin": "imported",
            "version": dataset.version,
            "imported_at": dataset.imported_at.isoformat(),
            "source": dataset.source,
        }
    return [status[k] for k in sorted(status)]
