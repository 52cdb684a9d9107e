"""Building blocks shared by the item schemas: dates, numbers, text, files, cited limits.

Dates are ISO calendar dates only (``YYYY-MM-DD``): a regulatory file must not depend on
how a browser or a spreadsheet guessed a format. Numbers are real numbers, never strings
or booleans. Cross-field problems name the field they are about (``FieldProblem``).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict, StrictBool

from pifai.kit.input import InputModel, Name

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EARLIEST_YEAR = 1900  # plausibility only: no PIF document predates it


class FieldProblem(ValueError):
    """A model-level check that knows which field is wrong, so the error can name it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    else:
        raise ValueError("must be an ISO date, YYYY-MM-DD")
    if parsed.year < _EARLIEST_YEAR:
        raise ValueError(f"{parsed.isoformat()} is not a plausible date")
    return parsed


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Number = Annotated[float, Strict()]
ShortText = Annotated[Name, Field(max_length=300)]
Paragraph = Annotated[Name, Field(max_length=5000)]
LongText = Annotated[Name, Field(max_length=200_000)]
FileIds = Annotated[list[uuid.UUID], Field(max_length=50)]
Flag = StrictBool | None  # None: not checked yet


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - a test outcome, not a password
    FAIL = "fail"


class Unit(StrEnum):
    """Units in which test results and the limits they are judged against are written."""

    MG_PER_KG = "mg/kg"
    MG_PER_L = "mg/L"
    UG_PER_G = "µg/g"
    UG_PER_L = "µg/L"
    MG_PER_DM2 = "mg/dm²"
    UG_PER_DM2 = "µg/dm²"
    PPM = "ppm"
    PPB = "ppb"
    PERCENT = "%"
    CFU_PER_G = "CFU/g"
    CFU_PER_ML = "CFU/mL"


class CitedLimit(InputModel):
    """A limit a result was judged against; never a default, always with its source."""

    value: Annotated[Number, Field(ge=0)]
    unit: Unit
    citation: ShortText = Field(description="regulation, standard or customer spec, with clause")


def require_order(earlier: date | None, later: date | None, field: str, message: str) -> None:
    """Refuse ``later`` before ``earlier`` when both are known."""
    if earlier is not None and later is not None and later < earlier:
        raise FieldProblem(field, message)


def not_after_today(value: date | None, field: str) -> None:
    """Events and reports that already happened cannot be dated in the future."""
    if value is not None and value > date.today():
        raise FieldProblem(field, f"{value.isoformat()} is in the future")


def judge_against_limit(
    value: float | None, unit: Unit | None, limit: CitedLimit | None, outcome: Outcome | None
) -> None:
    """A stated outcome needs the cited limit it was judged against, and must agree with it."""
    if outcome is not None and limit is None:
        raise FieldProblem("limit", "an outcome needs the cited limit it was judged against")
    if limit is None or value is None:
        return
    if unit is not None and unit != limit.unit:
        raise FieldProblem("limit.unit", f"the limit is in {limit.unit}, the result in {unit}")
    if outcome is Outcome.PASS and value > limit.value:
        raise FieldProblem("outcome", f"{value} exceeds the limit {limit.value}: not a pass")
