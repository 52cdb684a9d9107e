from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class FileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    product_id: uuid.UUID | None
    item_number: int | None
    filename: str
    file_type: str
    size_bytes: int
    sha256: str
    encrypted: bool
    created_at: datetime
