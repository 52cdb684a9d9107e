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


def verify(manifest: Any, files: Mapping[str, bytes]) -> None:
    """Every listed file present with its sum, and nothing unlisted."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{MANIFEST}: not a {FORMAT} manifest")
    listed = manifest.get("files")
    if not isinstance(listed, list):
        raise BundleError(f"{MANIFEST}: 'files' must be a list")
    seen = set()
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise BundleError(f"{MANIFEST}: a file entry has no path")
        path = entry["path"]
        seen.add(path)
        if path not in files:
            raise BundleError(f"{path}: listed in the manifest but missing from the bundle")
        digest = hashlib.sha256(files[path]).hexdigest()
        if digest != entry.get("sha256"):
            raise BundleError(f"{path}: SHA-256 {digest} differs from the manifest's")
    extra = sorted(set(files) - seen)
    if extra:
        raise BundleError(f"{extra[0]}: in the bundle but not in the manifest")
