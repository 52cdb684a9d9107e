from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, StrictBool

from pifai.kit.input import InputModel, PlainText
from pifai.models.enums import ItemStatus, PifStatus
from pifai.pif.catalogue import Stage

MAX_ITEM_DATA_BYTES = 256 * 1024


class ItemSummary(BaseModel):
    number: int
    title_zh: str
    title_en: str
    stage: Stage
    status: ItemStatus
    ai_confidence: float | None
    not_applicable: bool
    updated_at: datetime


class ItemDetail(ItemSummary):
    product_id: uuid.UUID
    data: dict[str, Any]
    not_applicable_justification: str | None
    allowed_next_statuses: list[ItemStatus]


class PifOverview(BaseModel):
    product_id: uuid.UUID
    pif_status: PifStatus
    items: list[ItemSummary]


class ItemUpdate(InputModel):
    """Change one item's data, status or not-applicable declaration."""

    data: dict[str, Any] | None = Field(
        default=None,
        description="The item's fields (docs/pif-items.md); validated against its schema "
        "and stored normalised. Items 3, 9 and 10 take the engines' own shapes.",
    )
    status: ItemStatus | None = None
    not_applicable: StrictBool | None = None
    not_applicable_justification: PlainText | None = Field(default=None, max_length=5000)


class UploadResult(BaseModel):
    """A stored document; for item 3 the analysis task to poll as well."""

    file_id: uuid.UUID
    filename: str
    sha256: str
    size_bytes: int
    item: ItemSummary
    task_id: uuid.UUID | None = None
    location: str | None = None
