from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from pifai.kit.input import InputModel

KeyName = Literal["anthropic", "echa", "rag"]
MAX_VALUE_CHARS = 500


class ApiKeyUpdate(InputModel):
    """``value`` sets (or replaces) the key; ``null`` clears it."""

    value: str | None = Field(
        default=...,
        max_length=MAX_VALUE_CHARS,
        description="the credential, or null to clear it; never returned in full",
    )


class LastTest(BaseModel):
    at: datetime
    ok: bool
    error: str | None


class ApiKeyOut(BaseModel):
    key: KeyName
    configured: bool
    masked: str | None = Field(description="e.g. '…abcd'; never the value")
    updated_at: datetime | None
    updated_by: str | None
    last_test: LastTest | None
    # The platform's own credential applies when the organisation has none.
    platform_fallback: bool


class ApiKeyTestOut(BaseModel):
    key: KeyName
    ok: bool
    error: str | None
    tested_at: datetime
