"""Endpoint guards of invitations: accepting works signed in or not."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pifai.api.deps import SessionDep, SettingsDep, get_principal
from pifai.auth.principal import Principal

_bearer = HTTPBearer(auto_error=False)


async def optional_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """None without a bearer token; a bad or expired token is still a 401, never ignored."""
    if credentials is None:
        return None
    return await get_principal(session, settings, credentials)


OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]
