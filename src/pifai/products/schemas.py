from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from pifai.models.enums import PifStatus


class _ProductFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_en: str | None = Field(default=None, max_length=500)
    category: str | None = Field(default=None, max_length=100)
    dosage_form: str | None = Field(default=None, max_length=100)
    product_type: str | None = Field(default=None, max_length=100)
    specific_purpose_category: str | None = Field(default=None, max_length=100)
    specific_purpose_permit_number: str | None = Field(default=None, max_length=100)
    intended_use: str | None = Field(default=None, max_length=5000)
    manufacturer_name: str | None = Field(default=None, max_length=300)
    manufacturer_address: str | None = Field(default=None, max_length=500)
    registration_id: str | None = Field(default=None, max_length=100)
    launch_date: date | None = None


class ProductCreate(_ProductFields):
    name: str = Field(min_length=1, max_length=500)


class ProductUpdate(_ProductFields):
    name: str | None = Field(default=None, min_length=1, max_length=500)


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    name_en: str | None
    category: str | None
    dosage_form: str | None
    product_type: str | None
    specific_purpose_category: str | None
    specific_purpose_permit_number: str | None
    intended_use: str | None
    manufacturer_name: str | None
    manufacturer_address: str | None
    registration_id: str | None
    launch_date: date | None
    pif_status: PifStatus
    pif_completed_at: datetime | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
