"""Request and response models of the safety-assessment and ingredient routes.

Every number shown carries the citation it was read from; a field the data does not
hold is null, never a default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from pifai.kit.input import InputModel
from pifai.tasks.schemas import TaskAccepted


class AssessmentRequest(InputModel):
    """Optional SA overrides, each with its reason: ``{"exposure": {"value", "reason",
    "citation"}, "oral_absorption": {...}, "ingredients": {INCI: {"dap" | "noael" |
    "oral_absorption": {...}}}}``."""

    overrides: dict[str, Any] | None = None


class TaskStarted(TaskAccepted):
    status_url: str  # the same as ``location``: poll it until done or failed


class IngredientHit(BaseModel):
    id: str
    inci: str
    cas_numbers: list[str]
    functions: list[str]
    confidence: float = Field(description="0..1; the normaliser's, or the spelling similarity")
    method: str = Field(description="exact, synonym, chinese, cas, fuzzy or contains")
    explanation: str


class IngredientSearch(BaseModel):
    query: str
    results: list[IngredientHit]


class Cited(BaseModel):
    value: float
    citation: str


class NoaelOut(BaseModel):
    value: float
    unit: str
    species: str
    route: str
    study: str
    authority: str
    citation: str


class DermalStudyOut(BaseModel):
    value: float
    scope: str
    citation: str


class ConclusionOut(BaseModel):
    authority: str
    conclusion: str
    max_pct: float | None
    leave_on: bool | None
    conditional: bool
    citation: str


class CuratedOut(BaseModel):
    """The curated dataset's record: what the NOAEL cascade reads offline."""

    key: str
    inci: str
    cas: list[str]
    kind: str
    pubchem_cid: int | None
    smiles: str | None
    structure_citation: str | None
    mw: Cited | None
    log_pow: Cited | None
    noael: NoaelOut | None
    oral_absorption: Cited | None
    dermal_absorption: DermalStudyOut | None
    qualitative: list[ConclusionOut]
    nanomaterial: bool
    ttc_excluded: str | None
    notes: str


class AnalogueOut(BaseModel):
    anchor_inci: str
    anchor_noael: NoaelOut | None
    factor_key: str | None
    mw_adjusted: bool
    rationale: str
    citation: str


class HazardOut(BaseModel):
    index_no: str
    name: str
    cas: list[str]
    classes: list[str]
    h_codes: list[str]
    flags: list[str]
    citation: str


class CachedAnswer(BaseModel):
    source: str
    query_key: str
    status: str
    fetched_at: datetime
    expires_at: datetime
    stale: bool
    data: dict[str, Any]


class IngredientToxicology(BaseModel):
    dataset: str
    curated: CuratedOut | None
    analogue: AnalogueOut | None
    hazards_source: str
    hazards: list[HazardOut]
    external: list[CachedAnswer]


class IngredientDetail(BaseModel):
    id: str
    inci: str
    cas_numbers: list[str]
    ec_numbers: list[str]
    functions: list[str]
    synonyms: list[str]
    zh_names: list[str]
    source: str
    toxicology: IngredientToxicology
