from __future__ import annotations

import uuid
from dataclasses import dataclass

from pifai.models.enums import MembershipRole


@dataclass(frozen=True)
class Principal:
    """The authenticated user acting in one organisation, with the role held there now."""

    user_id: uuid.UUID
    org_id: uuid.UUID
    role: MembershipRole
    email: str
