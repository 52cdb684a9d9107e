from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, EmailStr

from pifai.kit.input import InputModel
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


class MemberAdd(InputModel):
    email: EmailStr
    role: MembershipRole


class MemberRoleUpdate(InputModel):
    role: MembershipRole
