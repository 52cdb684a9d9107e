"""Typed data of the PIF items (SPEC §2), validated with errors that name the field.

Items 3, 9 and 10 are written by the engines (formula check, ingredient properties,
toxicology) in their own shapes; they have no schema here and are accepted as they are,
provided they can be stored. Every other item has one model; unknown fields are refused.
Not-applicable declarations live beside the data (SPEC §2.1), not inside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pifai.kit.errors import InvalidInput
from pifai.kit.input import InputModel, json_safety_problem
from pifai.pif.item_data.adverse import AdverseReactions
from pifai.pif.item_data.assessment import SafetyAssessment
from pifai.pif.item_data.claims import ClaimsData
from pifai.pif.item_data.common import FieldProblem
from pifai.pif.item_data.identity import BasicData, RegistrationEvidence
from pifai.pif.item_data.lab_reports import (
    MicrobiologyReport,
    PreservativeEfficacyReport,
    StabilityReport,
)
from pifai.pif.item_data.label import LabelData
from pifai.pif.item_data.manufacturing import GmpCertificate, ManufacturingProcess
from pifai.pif.item_data.packaging import PackagingData
from pifai.pif.item_data.usage import UsageData

__all__ = [
    "SCHEMAS",
    "EngineData",
    "ItemData",
    "ItemDataError",
    "schema_for",
    "validate_item_data",
]

SCHEMAS: dict[int, type[InputModel]] = {
    1: BasicData,
    2: RegistrationEvidence,
    4: LabelData,
    5: GmpCertificate,
    6: ManufacturingProcess,
    7: UsageData,
    8: AdverseReactions,
    11: StabilityReport,
    12: MicrobiologyReport,
    13: PreservativeEfficacyReport,
    14: ClaimsData,
    15: PackagingData,
    16: SafetyAssessment,
}
ENGINE_ITEMS = frozenset({3, 9, 10})
_VALUE_ERROR_PREFIX = "Value error, "


class EngineData(BaseModel):
    """Items 3, 9, 10: the engine's own report, kept as given."""

    model_config = ConfigDict(extra="allow", frozen=True)


ItemData = InputModel | EngineData


class ItemDataError(InvalidInput):
    """Item data that does not fit its schema; ``details`` lists ``{"field", "message"}``."""

    def __init__(self, item_number: int, details: list[dict[str, str]]) -> None:
        fields = ", ".join(d["field"] for d in details)
        super().__init__(f"Invalid data for PIF item {item_number}: {fields}", details=details)
        self.item_number = item_number
        self.details: list[dict[str, str]] = details


def schema_for(item_number: int) -> type[InputModel] | None:
    """The model of an item's data; None for engine-written items and unknown numbers."""
    return SCHEMAS.get(item_number)


def validate_item_data(item_number: int, data: Mapping[str, Any]) -> ItemData:
    if item_number in ENGINE_ITEMS:
        return _engine_data(item_number, data)
    schema = schema_for(item_number)
    if schema is None:
        detail = {"field": "item_number", "message": "PIF items are numbered 1 to 16"}
        raise ItemDataError(item_number, [detail])
    try:
        return schema.model_validate(dict(data))
    except ValidationError as exc:
        raise ItemDataError(item_number, _details(exc)) from None


# The engines write a few levels (report → ingredients → findings → citation); anything much
# deeper is not their output and would overflow the response serialiser.
MAX_ENGINE_DEPTH = 32


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of JSON-like data, counting no further than ``limit``."""
    level, frontier = 0, [value]
    while frontier and level <= limit:
        children: list[Any] = []
        for item in frontier:
            if isinstance(item, Mapping):
                children.extend(item.values())
            elif isinstance(item, list | tuple):
                children.extend(item)
        if not children:
            break
        level, frontier = level + 1, children
    return level


def _engine_data(item_number: int, data: Mapping[str, Any]) -> EngineData:
    if _depth(data, MAX_ENGINE_DEPTH) > MAX_ENGINE_DEPTH:
        message = f"nested deeper than {MAX_ENGINE_DEPTH} levels: not an engine report"
        raise ItemDataError(item_number, [{"field": "data", "message": message}])
    problem = json_safety_problem(dict(data), "data")
    if problem:
        raise ItemDataError(item_number, [{"field": "data", "message": problem}])
    return EngineData(**dict(data))


def _details(exc: ValidationError) -> list[dict[str, str]]:
    details = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        cause = (error.get("ctx") or {}).get("error")
        message = str(error["msg"]).removeprefix(_VALUE_ERROR_PREFIX)
        if isinstance(cause, FieldProblem):
            loc.append(cause.field)
            message = str(cause)
        details.append({"field": ".".join(["data", *loc]), "message": message})
    return details
