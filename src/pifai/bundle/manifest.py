"""The bundle's manifest: every file with its size and SHA-256, in path order, and nothing
time-dependent, so two exports of the same stored state have identical manifests."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

FORMAT = "pif-bundle/1"
MANIFEST = "manifest.json"


class BundleError(ValueError):
    """A bundle that cannot be imported as it is; the message names the file and why."""


def dumps(value: Any, *, sort_keys: bool = True) -> bytes:
    """JSON as stored in a bundle; stored data keeps its own key order (it is shown in it)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, indent=1).encode("utf-8")


def build(files: Mapping[str, bytes], product_id: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "product_id": product_id,
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in sorted(files.items())
        ],
    }
