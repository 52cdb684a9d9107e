"""The reference data the product ships (SPEC §9): structured facts in our own format.

``scripts/build_reference_data.py`` runs the importers on the official files and writes
one JSON file per authority and list under ``pifai/regulatory/data/`` (header: authority,
list_type, source, version, generated_by, entry_count; then the entries, one a line).
``load_shipped()`` reads them back and adds the curated entries. Which export feeds which
file is decided here: the newest CosIng export that contains the annex (Annex IV is only
in the 2025-11-11 set), and the TFDA open-data copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pifai.regulatory.curated import curated_entries
from pifai.regulatory.importers.categories import link_exceptions
from pifai.regulatory.importers.cosing_annex import ANNEX_LIST, export_version, import_annex
from pifai.regulatory.importers.tfda import (
    import_colorants,
    import_preservatives,
    import_prohibited,
    import_restricted,
)
from pifai.regulatory.importers.tfda_meta import FILES, SOURCE_DIR, TFDA_VERSION
from pifai.regulatory.model import Authority, ListType, RegulatedEntry
from pifai.regulatory.serialization import entries_from_json, entry_to_dict

DATA_PACKAGE = "pifai.regulatory.data"
GENERATED_BY = "scripts/build_reference_data.py"
COSING_DIR = "eu_annexes"
_TFDA_IMPORTERS = {
    ListType.PROHIBITED: import_prohibited,
    ListType.RESTRICTED: import_restricted,
    ListType.PRESERVATIVE: import_preservatives,
    ListType.COLORANT: import_colorants,
}


@dataclass(frozen=True)
class Payload:
    filename: str
    authority: Authority
    list_type: ListType
    source: str
    version: str
    entries: tuple[RegulatedEntry, ...]

    def header(self) -> dict[str, Any]:
        return {
            "authority": self.authority.value,
            "list_type": self.list_type.value,
            "source": self.source,
            "version": self.version,
            "generated_by": GENERATED_BY,
            "entry_count": len(self.entries),
        }

    def to_json(self) -> str:
        """Compact, one entry a line (readable diffs), stable for the same input."""
        head = json.dumps(self.header(), ensure_ascii=False, separators=(",", ":"))
        lines = [
            json.dumps(entry_to_dict(e), ensure_ascii=False, separators=(",", ":"))
            for e in self.entries
        ]
        return head[:-1] + ',"entries":[\n' + ",\n".join(lines) + "\n]}\n"


def _newest_with(data_root: Path, annex: str) -> Path | None:
    folders = sorted((data_root / COSING_DIR).glob("cosing_export_*"), reverse=True)
    for folder in folders:
        path = folder / f"COSING_Annex_{annex}_v2.txt"
        if path.exists():
            return path
    return None


def build_payloads(data_root: Path) -> list[Payload]:
    """Run the importers on the official files under ``data_root`` (shared/data)."""
    tfda: list[tuple[ListType, str, list[RegulatedEntry]]] = []
    for list_type, importer in _TFDA_IMPORTERS.items():
        relative = f"{SOURCE_DIR}/{FILES[list_type]}"
        tfda.append((list_type, relative, importer(data_root / relative, TFDA_VERSION)))
    eu: list[tuple[str, str, str, list[RegulatedEntry]]] = []
    for annex in ANNEX_LIST:
        path = _newest_with(data_root, annex)
        if path is None:
            continue
        relative = path.relative_to(data_root).as_posix()
        version = export_version(path)
        eu.append((annex, relative, version, import_annex(path, annex, relative, version)))
    linked = {
        e.entry_id: e
        for e in link_exceptions(
            [e for *_, entries in tfda for e in entries]
            + [e for *_, entries in eu for e in entries]
        )
    }
    payloads = [
        Payload(
            f"tfda_{lt.value}.json",
            Authority.TFDA,
            lt,
            src,
            TFDA_VERSION,
            tuple(linked[e.entry_id] for e in entries),
        )
        for lt, src, entries in tfda
    ]
    payloads += [
        Payload(
            f"eu_annex_{annex.lower()}.json",
            Authority.EU,
            ANNEX_LIST[annex],
            src,
            version,
            tuple(linked[e.entry_id] for e in entries),
        )
        for annex, src, version, entries in eu
    ]
    return payloads


def write_payloads(payloads: list[Payload], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for payload in payloads:
        path = out_dir / payload.filename
        path.write_text(payload.to_json(), encoding="utf-8")
        written.append(path)
    return written


def read_payload(text: str) -> tuple[dict[str, Any], list[RegulatedEntry]]:
    data = json.loads(text)
    entries = entries_from_json(data.pop("entries"))
    if data.get("entry_count") != len(entries):
        raise ValueError(f"entry_count {data.get('entry_count')} != {len(entries)} entries")
    return data, entries


def shipped_files() -> dict[str, str]:
    """Filename → text of every shipped JSON file."""
    folder = resources.files(DATA_PACKAGE)
    return {
        item.name: item.read_text(encoding="utf-8")
        for item in sorted(folder.iterdir(), key=lambda i: i.name)
        if item.name.endswith(".json")
    }


@cache
def load_official() -> tuple[RegulatedEntry, ...]:
    """The imported entries only (no curated additions)."""
    return tuple(e for text in shipped_files().values() for e in read_payload(text)[1])


@cache
def load_shipped() -> tuple[RegulatedEntry, ...]:
    """Everything the product ships: imported entries, then curated entries."""
    return (*load_official(), *curated_entries())
