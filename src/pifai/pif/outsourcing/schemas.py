"""Request and response shapes of a product's outsourcings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StrictInt, field_validator

from pifai.kit.input import InputModel, Name, PlainText
from pifai.models.outsourcing import ProviderType
from pifai.pif.item_data.common import IsoDate

ItemNumber = Annotated[StrictInt, Field(ge=1, le=16)]


class OutsourcingIn(InputModel):
    """Items of one product that a provider supplies."""

    item_numbers: list[ItemNumber] = Field(min_length=1, max_length=16)
    provider_name: Name = Field(max_length=300)
    provider_type: ProviderType
    contact: PlainText | None = Field(default=None, max_length=300)
    due_date: IsoDate | None = None
    notes: PlainText | None = Field(default=None, max_length=5000)

    @field_validator("item_numbers")
    @classmethod
    def _each_item_once(cls, value: list[int]) -> list[int]:
        repeated = sorted({n for n in value if value.count(n) > 1})
        if repeated:
            raise ValueError(f"item {repeated[0]} is listed more than once")
        return sorted(value)


class OutsourcingOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    item_numbers: list[int]
    provider_name: str
    provider_type: ProviderType
    contact: str | None
    due_date: date | None
    notes: str | None
    created_at: datetime
