from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pifai.kit.input import InputModel, Name, PlainText
from pifai.models.enums import PifStatus
from pifai.product_types.taxonomy import UnknownProductType, find_product_type


class _ProductFields(InputModel):
    name_en: PlainText | None = Field(default=None, max_length=500)
    category: PlainText | None = Field(default=None, max_length=100)
    dosage_form: PlainText | None = Field(default=None, max_length=100)
    product_type: PlainText | None = Field(default=None, max_length=100)
    specific_purpose_category: PlainText | None = Field(default=None, max_length=100)
    specific_purpose_permit_number: PlainText | None = Field(default=None, max_length=100)
    intended_use: PlainText | None = Field(default=None, max_length=5000)
    manufacturer_name: PlainText | None = Field(default=None, max_length=300)
    manufacturer_address: PlainText | None = Field(default=None, max_length=500)
    registration_id: PlainText | None = Field(default=None, max_length=100)
    launch_date: date | None = None

    @field_validator("product_type", mode="after")
    @classmethod
    def _known_product_type(cls, value: str | None) -> str | None:
        """One taxonomy everywhere: stored as its key (面霜 → face_cream)."""
        if value is None:
            return None
        try:
            return find_product_type(value).key
        except UnknownProductType as exc:
            raise ValueError(str(exc)) from exc


class ProductCreate(_ProductFields):
    name: Name = Field(min_length=1, max_length=500)


class ProductUpdate(_ProductFields):
    name: Name | None = Field(default=None, min_length=1, max_length=500)

    @field_validator("name", mode="after")
    @classmethod
    def _keeps_a_name(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("a product must keep a name; omit the field to leave it unchanged")
        return value


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    name_en: PlainText | None
    category: PlainText | None
    dosage_form: PlainText | None
    product_type: PlainText | None
    specific_purpose_category: PlainText | None
    specific_purpose_permit_number: PlainText | None
    intended_use: PlainText | None
    manufacturer_name: PlainText | None
    manufacturer_address: PlainText | None
    registration_id: PlainText | None
    launch_date: date | None
    pif_status: PifStatus
    pif_completed_at: datetime | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
