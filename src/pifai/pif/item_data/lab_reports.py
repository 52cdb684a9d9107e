"""Items 11-13: stability, microbiological and preservative-efficacy test reports.

Every report carries its date, laboratory and a pass/fail result. Limits a result was
judged against are cited (``CitedLimit``); no limit is ever filled in by default. The
temperature bounds are plausibility checks for a climate chamber, not safety values.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictInt, model_validator

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import (
    CitedLimit,
    FieldProblem,
    FileIds,
    Flag,
    IsoDate,
    Number,
    Outcome,
    ShortText,
    Unit,
    judge_against_limit,
    not_after_today,
)
from pifai.pif.item_data.materials import ContainerMaterial

_MIN_CHAMBER_C = -40
_MAX_CHAMBER_C = 100
_MAX_STUDY_DAYS = 3650
_MAX_SHELF_LIFE_MONTHS = 120


class LabReport(InputModel):
    report_date: IsoDate
    laboratory: ShortText
    report_number: ShortText | None = None
    result: Outcome
    file_ids: FileIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _dated_in_the_past(self) -> Self:
        not_after_today(self.report_date, "report_date")
        return self


class StudyType(StrEnum):
    ACCELERATED = "accelerated"
    LONG_TERM = "long_term"
    FREEZE_THAW = "freeze_thaw"
    LIGHT = "light"
    TRANSPORT = "transport"
    OTHER = "other"


class StabilityParameter(StrEnum):
    APPEARANCE = "appearance"
    COLOUR = "colour"
    ODOUR = "odour"
    PH = "ph"
    VISCOSITY = "viscosity"
    SEPARATION = "separation"
    WEIGHT_LOSS = "weight_loss"
    MICROBIAL = "microbial"
    PACKAGING_COMPATIBILITY = "packaging_compatibility"
    OTHER = "other"


class StabilityCondition(InputModel):
    study: StudyType
    temperature_c: Annotated[Number, Field(ge=_MIN_CHAMBER_C, le=_MAX_CHAMBER_C)]
    relative_humidity_pct: Annotated[Number, Field(ge=0, le=100)] | None = None
    duration_days: Annotated[Number, Field(gt=0, le=_MAX_STUDY_DAYS)]
    container_material: ContainerMaterial | None = Field(
        default=None, description="the packaging the samples were stored in"
    )


class PatchTest(InputModel):
    test_date: IsoDate
    laboratory: ShortText
    method: ShortText | None = None
    subjects: Annotated[StrictInt, Field(ge=1)]
    result: Outcome


class StabilityReport(LabReport):
    """Item 11."""

    conditions: list[StabilityCondition] = Field(min_length=1, max_length=100)
    parameters: list[StabilityParameter] = Field(min_length=1, max_length=50)
    patch_test: PatchTest | None = None
    shelf_life_months: Annotated[StrictInt, Field(ge=1, le=_MAX_SHELF_LIFE_MONTHS)] | None = None
    period_after_opening_months: (
        Annotated[StrictInt, Field(ge=1, le=_MAX_SHELF_LIFE_MONTHS)] | None
    ) = None


class Organism(StrEnum):
    TOTAL_AEROBIC_COUNT = "total_aerobic_count"
    YEAST_AND_MOULD = "yeast_and_mould"
    ESCHERICHIA_COLI = "escherichia_coli"
    STAPHYLOCOCCUS_AUREUS = "staphylococcus_aureus"
    PSEUDOMONAS_AERUGINOSA = "pseudomonas_aeruginosa"
    CANDIDA_ALBICANS = "candida_albicans"


class MicrobialResult(InputModel):
    """A count, or detected/not detected; an outcome only with the cited limit it used."""

    organism: Organism
    count: Annotated[Number, Field(ge=0)] | None = None
    unit: Unit | None = None
    detected: Flag = None
    limit: CitedLimit | None = None
    outcome: Outcome | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.count is None and self.detected is None:
            raise FieldProblem("count", "give a count or whether it was detected")
        if self.count is not None and self.unit is None:
            raise FieldProblem("unit", "a count needs its unit")
        judge_against_limit(self.count, self.unit, self.limit, self.outcome)
        return self


class MicrobiologyReport(LabReport):
    """Item 12."""

    results: list[MicrobialResult] = Field(min_length=1, max_length=50)


class PetMethod(StrEnum):
    ISO_11930 = "iso_11930"
    OTHER = "other"


class Iso11930Criteria(StrEnum):
    A = "A"
    B = "B"
    NOT_MET = "not_met"


class PreservativeEfficacyReport(LabReport):
    """Item 13: a challenge test; ISO 11930 criteria A/B only apply to that method."""

    method: PetMethod
    method_detail: ShortText | None = None
    organisms: list[ShortText] = Field(default_factory=list, max_length=20)
    criteria: Iso11930Criteria | None = None

    @model_validator(mode="after")
    def _criteria_match_result(self) -> Self:
        if self.method is not PetMethod.ISO_11930:
            if self.criteria is not None:
                raise FieldProblem("criteria", "criteria A/B belong to ISO 11930 only")
            if self.method_detail is None:
                raise FieldProblem("method_detail", "name the method used")
            return self
        if self.result is Outcome.PASS and self.criteria in (None, Iso11930Criteria.NOT_MET):
            raise FieldProblem("criteria", "an ISO 11930 pass meets criteria A or B")
        return self
