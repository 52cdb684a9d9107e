"""Item 14: each claim with the evidence offered for it.

A claim may be saved before its evidence arrives; an unsupported claim is for review and
lint (SPEC §11) to flag, not for this schema to refuse.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import FieldProblem, FileIds, IsoDate, Paragraph, ShortText


class EvidenceKind(StrEnum):
    CLINICAL_STUDY = "clinical_study"
    CONSUMER_TEST = "consumer_test"
    IN_VITRO = "in_vitro"
    INSTRUMENTAL = "instrumental"
    LITERATURE = "literature"
    SUPPLIER_DATA = "supplier_data"
    OTHER = "other"


class ClaimEvidence(InputModel):
    kind: EvidenceKind
    title: ShortText
    reference: Paragraph | None = Field(default=None, description="citation, DOI or report no.")
    date: IsoDate | None = None
    file_ids: FileIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _traceable(self) -> Self:
        if self.reference is None and not self.file_ids:
            raise FieldProblem("reference", "evidence needs a reference or an attached file")
        return self


class Claim(InputModel):
    text: Paragraph
    evidence: list[ClaimEvidence] = Field(default_factory=list, max_length=50)


class ClaimsData(InputModel):
    claims: list[Claim] = Field(min_length=1, max_length=200)
