"""Upload references inside item data: every ``*file_ids`` list must name an upload of the
same product, so a PIF never cites evidence that is not on file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any


def file_references(data: Any, path: str = "data") -> Iterator[tuple[str, uuid.UUID]]:
    """Each referenced upload id with the field path a 422 names (``data.steps.0.file_ids.1``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}"
            if key.endswith("file_ids") and isinstance(value, list):
                for index, entry in enumerate(value):
                    try:
                        yield f"{here}.{index}", uuid.UUID(str(entry))
                    except ValueError:
                        continue  # the item schema already refused a malformed id
            else:
                yield from file_references(value, here)
    elif isinstance(data, list):
        for index, entry in enumerate(data):
            yield from file_references(entry, f"{path}.{index}")
