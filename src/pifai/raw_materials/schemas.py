from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from pifai.formulas.amounts import AmountError, parse_amount
from pifai.formulas.model import AmountKind
from pifai.kit.input import InputModel, Name, PlainText


class ComponentIn(InputModel):
    name: Name = Field(max_length=300)
    share: str = Field(
        max_length=50, description="% of this INCI within the raw material: 30, 0,5, 1-5, <0.1"
    )
    cas: PlainText | None = Field(default=None, max_length=100)
    is_impurity: bool = False

    @field_validator("share")
    @classmethod
    def _share_is_an_amount(cls, value: str) -> str:
        try:
            amount = parse_amount(value)
        except AmountError as exc:
            raise ValueError(str(exc)) from exc
        if amount.kind in (AmountKind.MISSING, AmountKind.BALANCE):
            raise ValueError("give the share as a number or range (% of the raw material)")
        return value


class RawMaterialIn(InputModel):
    name: Name = Field(max_length=300)
    supplier: PlainText | None = Field(default=None, max_length=300)
    source: PlainText | None = Field(default=None, max_length=300)
    components: list[ComponentIn] = Field(min_length=1, max_length=200)


class ComponentOut(BaseModel):
    name: str
    share: str
    cas: str | None
    is_impurity: bool


class RawMaterialOut(BaseModel):
    id: uuid.UUID
    name: str
    supplier: str | None
    source: str | None
    components: list[ComponentOut]
    created_at: datetime
    updated_at: datetime


class BreakdownImport(BaseModel):
    created: int
    updated: int
    problems: list[dict[str, object]]
