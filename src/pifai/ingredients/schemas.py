from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, StrictFloat, StrictInt

from pifai.kit.input import InputModel, Name, PlainText


class FormulaRowIn(InputModel):
    name: Name = Field(max_length=500, description="INCI, trade or Chinese name")
    amount: StrictFloat | StrictInt | str | None = Field(
        default=None, description="% w/w as written: 0.5, 0,5, 1-5, <1, q.s."
    )
    cas: PlainText | None = Field(default=None, max_length=200)
    function: PlainText | None = Field(default=None, max_length=300)


class CheckFormulaRequest(InputModel):
    """A formula as JSON rows, or a pasted INCI list."""

    product_type: PlainText = Field(max_length=100, description="e.g. face_cream or 面霜")
    as_of: date | None = None
    rows: list[FormulaRowIn] | None = Field(default=None, max_length=2000)
    inci_list: PlainText | None = Field(default=None, max_length=50_000)


class IngredientHit(BaseModel):
    id: str
    inci: str
    cas_numbers: list[str]
    functions: list[str]
    matched: str  # what the query matched: INCI, synonym, CAS or Chinese name
