from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, EmailStr

from pifai.models.enums import MembershipRole, OrgType, Plan


class OrganizationOut(BaseModel):
    id: uuid.UUID
    name: str
    type: OrgType
    plan: Plan
    created_at: datetime


class MemberOut(BaseModel):
    user_id: uuid.UUID
    email: str
    full_name: str | None
    role: MembershipRole
    joined_at: datetime


class MemberAdd(BaseModel):
    email: EmailStr
    role: MembershipRole


class MemberRoleUpdate(BaseModel):
    role: MembershipRole
