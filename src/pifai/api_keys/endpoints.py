"""Organisation API keys (SPEC §17 settings): owners and admins set their organisation's
own Anthropic, ECHA and RAG credentials, see them masked, and test them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from pifai.ai_uses.clients import ExternalClients, current
from pifai.api.deps import ManagerDep, RequestMetaDep, SessionDep, SettingsDep
from pifai.api_keys import service
from pifai.api_keys.schemas import ApiKeyOut, ApiKeyTestOut, ApiKeyUpdate

router = APIRouter(prefix="/settings/api-keys", tags=["settings"])


def get_external_clients(request: Request) -> ExternalClients:
    """``app.state.external_clients`` when installed (tests), else the process default."""
    clients = getattr(request.app.state, "external_clients", None)
    return clients if isinstance(clients, ExternalClients) else current()


ExternalClientsDep = Annotated[ExternalClients, Depends(get_external_clients)]


@router.get("")
async def list_api_keys(
    principal: ManagerDep, session: SessionDep, clients: ExternalClientsDep
) -> list[ApiKeyOut]:
    """Each key: whether it is set, masked, when and by whom, and its last test."""
    return await service.list_keys(session, principal.org_id, clients)


@router.put("/{key}")
async def put_api_key(
    key: str,
    body: ApiKeyUpdate,
    principal: ManagerDep,
    session: SessionDep,
    settings: SettingsDep,
    clients: ExternalClientsDep,
    meta: RequestMetaDep,
) -> ApiKeyOut:
    """Set or replace the key (``{"value": "…"}``) or clear it (``{"value": null}``)."""
    return await service.set_key(session, principal, key, body.value, settings, clients, meta)


@router.post("/{key}/test")
async def test_api_key(
    key: str,
    principal: ManagerDep,
    session: SessionDep,
    settings: SettingsDep,
    clients: ExternalClientsDep,
) -> ApiKeyTestOut:
    """One real call with the stored key; ``ok`` or the error (never the key)."""
    return await service.test_key(session, principal, key, settings, clients)
