"""Item 15: packaging components in contact with the product and their migration tests.

A heavy-metal or plasticiser result is stored with the limit it was judged against and
that limit's citation; we never supply a limit ourselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, model_validator

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import (
    CitedLimit,
    FileIds,
    IsoDate,
    Number,
    Outcome,
    ShortText,
    Unit,
    judge_against_limit,
    not_after_today,
)
from pifai.pif.item_data.materials import ContainerMaterial


class AnalyteKind(StrEnum):
    HEAVY_METAL = "heavy_metal"
    PLASTICISER = "plasticiser"
    OVERALL_MIGRATION = "overall_migration"
    OTHER = "other"


class MigrationResult(InputModel):
    analyte: ShortText = Field(description="e.g. Pb, Cd, DEHP")
    kind: AnalyteKind
    value: Annotated[Number, Field(ge=0)]
    unit: Unit
    limit: CitedLimit | None = None
    outcome: Outcome | None = None
    laboratory: ShortText | None = None
    report_date: IsoDate | None = None
    file_ids: FileIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _judged_against_a_cited_limit(self) -> Self:
        judge_against_limit(self.value, self.unit, self.limit, self.outcome)
        not_after_today(self.report_date, "report_date")
        return self


class PackagingComponent(InputModel):
    name: ShortText = Field(description="bottle, cap, dropper, liner…")
    material: ContainerMaterial
    material_detail: ShortText | None = None
    direct_contact: StrictBool = True
    supplier: ShortText | None = None
    results: list[MigrationResult] = Field(default_factory=list, max_length=100)


class PackagingData(InputModel):
    components: list[PackagingComponent] = Field(min_length=1, max_length=50)
