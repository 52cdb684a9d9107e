from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, EmailStr, Field

from pifai.auth.schemas import TokenPair
from pifai.kit.input import InputModel, PersonOrOrgName
from pifai.models.enums import OrgType, Plan

OPERATOR_ORG_NAME = "Platform operator"


class BootstrapRequest(InputModel):
    secret: str = Field(min_length=1, max_length=1024, description="PIFAI_ADMIN_BOOTSTRAP_SECRET")
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    full_name: PersonOrOrgName | None = Field(default=None, max_length=200)
    org_name: PersonOrOrgName = Field(default=OPERATOR_ORG_NAME, max_length=200)


class BootstrapResponse(TokenPair):
    user_id: uuid.UUID


@dataclass(frozen=True)
class OrganizationFilters:
    q: str | None = None
    plan: Plan | None = None
    type: OrgType | None = None

    def as_details(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "plan": self.plan.value if self.plan else None,
            "type": self.type.value if self.type else None,
        }


class AdminOrganizationOut(BaseModel):
    id: uuid.UUID
    name: str
    type: OrgType
    plan: Plan
    created_at: datetime
    members: int
    products: int = Field(description="Every product, archived ones included")
    active_products: int
    last_activity_at: datetime | None = Field(description="Newest audit row of the organisation")


class PlanChangeRequest(InputModel):
    plan: Plan


class LimitUsage(BaseModel):
    limit: Literal["active_products", "members"]
    allowed: int | None = Field(description="None: unlimited")
    used: int
    exceeded: bool


class PlanChangeOut(BaseModel):
    org_id: uuid.UUID
    name: str
    previous_plan: Plan
    plan: Plan
    changed: bool
    limits: list[LimitUsage]
    exceeded: list[str] = Field(
        description="Limits the organisation is now over: nothing is removed, but it cannot "
        "add more until it is back under them"
    )


@dataclass(frozen=True)
class AuditLogFilters:
    org_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    action: str | None = None  # exact, or a prefix when it ends with "*"
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    @property
    def action_exact(self) -> str | None:
        return None if self.action is None or self.action.endswith("*") else self.action

    @property
    def action_prefix(self) -> str | None:
        return self.action[:-1] if self.action and self.action.endswith("*") else None

    def as_details(self) -> dict[str, Any]:
        return {
            "org_id": str(self.org_id) if self.org_id else None,
            "user_id": str(self.user_id) if self.user_id else None,
            "action": self.action,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


class AuditLogOut(BaseModel):
    id: uuid.UUID
    chain: str = Field(description="The organisation id, or 'system'")
    seq: int
    org_id: uuid.UUID | None
    user_id: uuid.UUID | None
    action: str
    resource: str | None
    details: dict[str, Any]
    ip: str | None
    user_agent: str | None
    created_at: datetime
    hash: str

    model_config = {"from_attributes": True}
