"""Items 1 and 2: who and what the product is, and the proof it was registered (SPEC §2).

The registration id is checked only for presence, length and plain characters: the TFDA
product-registration number format could not be confirmed from a source we read, so no
pattern is imposed (a wrong pattern would refuse real numbers).
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from pifai.kit.input import InputModel, PlainText
from pifai.pif.item_data.common import (
    FieldProblem,
    FileIds,
    IsoDate,
    Paragraph,
    ShortText,
    require_order,
)
from pifai.product_types.taxonomy import UnknownProductType, find_product_type


def _registration_id(value: str) -> str:
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain spaces or line breaks")
    return value


RegistrationId = Annotated[ShortText, Field(max_length=100), AfterValidator(_registration_id)]


def _has_han(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("CJK") for ch in text)


class BasicData(InputModel):
    """Item 1. Art. 7 requires a Chinese name; the English name is optional for domestic goods."""

    name_zh: ShortText
    name_en: ShortText | None = None
    category: ShortText | None = None
    product_type: ShortText | None = None
    dosage_form: ShortText | None = None
    intended_use: Paragraph | None = None
    manufacturer_name: ShortText | None = None
    manufacturer_address: Paragraph | None = None
    registration_id: RegistrationId | None = None
    specific_purpose_category: ShortText | None = None
    specific_purpose_permit_number: RegistrationId | None = None
    launch_date: IsoDate | None = None

    @field_validator("name_zh", mode="after")
    @classmethod
    def _chinese(cls, value: str) -> str:
        if not _has_han(value):
            raise ValueError("the Chinese name must contain Chinese characters")
        return value

    @field_validator("product_type", mode="after")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        """The one product taxonomy, stored by key (面霜 → face_cream)."""
        if value is None:
            return None
        try:
            return find_product_type(value).key
        except UnknownProductType as exc:
            raise ValueError(str(exc)) from exc

    @model_validator(mode="after")
    def _permit_matches_category(self) -> Self:
        """Art. 5: a specific-purpose cosmetic has a permit; a permit implies the category."""
        if self.specific_purpose_category and not self.specific_purpose_permit_number:
            raise FieldProblem(
                "specific_purpose_permit_number", "a specific-purpose category needs its permit"
            )
        if self.specific_purpose_permit_number and not self.specific_purpose_category:
            raise FieldProblem(
                "specific_purpose_category", "a permit number needs its specific-purpose category"
            )
        return self


class EvidenceSource(StrEnum):
    TFDA_PLATFORM_RECORD = "tfda_platform_record"
    PLATFORM_SCREENSHOT = "platform_screenshot"
    OTHER = "other"


class RegistrationEvidence(InputModel):
    """Item 2: the registration record on the TFDA platform, its date and the proof kept."""

    registration_id: RegistrationId
    registered_on: IsoDate
    last_updated_on: IsoDate | None = None
    source: EvidenceSource = EvidenceSource.TFDA_PLATFORM_RECORD
    evidence_file_ids: FileIds = Field(default_factory=list)
    note: PlainText | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        require_order(
            self.registered_on,
            self.last_updated_on,
            "last_updated_on",
            "an update cannot precede the registration",
        )
        return self
