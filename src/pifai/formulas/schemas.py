from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict


class ProductIngredientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    sort_order: int
    raw_name: str
    inci: str | None
    cas_numbers: list[str]
    concentration_low: float | None
    concentration_pct: float | None
    amount_text: str
    function: str | None
    confidence: float | None
    match_method: str | None
    verdict: str | None
    notes: dict[str, Any]
