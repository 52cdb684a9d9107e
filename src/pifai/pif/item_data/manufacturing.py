"""Items 5 and 6: the site's GMP certificate and the manufacturing process.

Temperatures are °C and durations minutes. Their ranges are plausibility bounds for a
cosmetic process (to catch °F entered as °C or hours as minutes), not regulatory limits.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import (
    FieldProblem,
    FileIds,
    IsoDate,
    Number,
    Paragraph,
    ShortText,
    not_after_today,
)

# Plausibility bounds, not safety values: chilling to hot-pour/steam sterilisation.
_MIN_PROCESS_C = -40
_MAX_PROCESS_C = 250
_MAX_STEP_MINUTES = 60 * 24 * 90  # a maceration or maturation of up to ~90 days


class CertificateType(StrEnum):
    ISO_22716 = "iso_22716"
    TW_COSMETIC_GMP = "tw_cosmetic_gmp"


class GmpCertificate(InputModel):
    """Item 5: which GMP standard, who certified it, for which site, valid when."""

    certificate_type: CertificateType
    certificate_number: ShortText | None = None
    issuer: ShortText
    site_name: ShortText
    site_address: Paragraph | None = None
    issue_date: IsoDate
    expiry_date: IsoDate | None = None
    file_ids: FileIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _expires_after_issue(self) -> Self:
        not_after_today(self.issue_date, "issue_date")  # a certificate already issued
        if self.expiry_date is not None and self.expiry_date <= self.issue_date:
            raise FieldProblem("expiry_date", "the expiry date must be after the issue date")
        return self


Celsius = Annotated[Number, Field(ge=_MIN_PROCESS_C, le=_MAX_PROCESS_C)]
Minutes = Annotated[Number, Field(gt=0, le=_MAX_STEP_MINUTES)]


class ProcessStep(InputModel):
    """One step; missing temperature or duration is allowed here and flagged by review."""

    description: Paragraph
    temperature_c: Celsius | None = Field(
        default=None, description="highest temperature the batch reaches in this step"
    )
    duration_min: Minutes | None = None
    equipment: list[ShortText] = Field(default_factory=list, max_length=50)
    qc_points: list[Paragraph] = Field(default_factory=list, max_length=50)


class ManufacturingProcess(InputModel):
    """Item 6: the steps in the order they are carried out."""

    steps: list[ProcessStep] = Field(min_length=1, max_length=200)
    batch_size: ShortText | None = None
    file_ids: FileIds = Field(default_factory=list)
