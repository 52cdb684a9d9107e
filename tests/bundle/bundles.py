"""Crafted bundles: a zip of given entries with a manifest that matches them (or not)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from pifai.bundle.manifest import MANIFEST, build, dumps


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries`` in order, duplicates and odd names included."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def bundle_of(
    files: dict[str, bytes],
    *,
    product_id: str = "00000000-0000-0000-0000-000000000001",
    listed: dict[str, bytes] | None = None,
    extra: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """``files`` with a manifest listing ``listed`` (default: the same files)."""
    manifest = build(files if listed is None else listed, product_id)
    return zipped([(MANIFEST, dumps(manifest)), *sorted(files.items()), *extra])


def unpacked(bundle: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    return json.loads(files.pop(MANIFEST)), files


def rewritten(bundle: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    """A real bundle after ``change`` edited its files, with the manifest's sums updated
    (and its product id kept), as a tamperer who knows the format would do."""
    manifest, files = unpacked(bundle)
    change(files)
    return bundle_of(files, product_id=manifest["product_id"])


def edit_json(files: dict[str, bytes], path: str, change: Callable[[Any], Any]) -> None:
    files[path] = dumps(change(json.loads(files[path])), sort_keys=False)
