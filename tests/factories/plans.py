"""Plans in tests: change an organisation's plan straight in the database, as the operator
would, for tests that need more than the free plan allows; and members acting in an
organisation, which count against its member limit."""

from __future__ import annotations

import uuid
from dataclasses import replace

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from pifai.core.database import Database
from pifai.models import Organization
from tests.factories.accounts import Account, add_member, register


async def set_plan(target: FastAPI | Database, org_id: uuid.UUID, plan: str) -> None:
    db: Database = target.state.db if isinstance(target, FastAPI) else target
    async with db.session(org_id=org_id) as session:
        result = await session.execute(
            update(Organization).where(Organization.id == org_id).values(plan=plan)
        )
        assert result.rowcount == 1, f"organisation {org_id} not found"  # type: ignore[attr-defined]


async def join_as(client: httpx.AsyncClient, owner: Account, role: str) -> Account:
    """A new account added to the owner's organisation with ``role``, acting there."""
    other = await register(client)
    added = await add_member(client, owner, other.email, role)
    assert added.status_code == 201, added.text
    switched = await client.post(
        "/api/v1/auth/switch-org", json={"org_id": str(owner.org_id)}, headers=other.headers
    )
    assert switched.status_code == 200, switched.text
    return replace(other, org_id=owner.org_id, access_token=switched.json()["access_token"])
