"""Importing a new official list version (``pifai lists import`` and the super-admin
chemical-sync routes): run our importer on the official file, compare with the list in
force, store the new version and audit what changed."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.models import ReferenceDataset
from pifai.regulatory import repository as repo
from pifai.regulatory.diff import ListDiff, diff
from pifai.regulatory.importers.cosing_annex import export_version, import_annex
from pifai.regulatory.importers.tfda import (
    import_preservatives,
    import_prohibited,
    import_restricted,
)
from pifai.regulatory.importers.tfda_colorants import import_colorants
from pifai.regulatory.model import Authority, ListType, RegulatedEntry
from pifai.regulatory.serialization import entries_from_json, entries_to_json
from pifai.regulatory.shipped import load_shipped

Importer = Callable[[bytes, str], list[RegulatedEntry]]


def _eu(annex: str) -> Importer:
    def run(data: bytes, version: str) -> list[RegulatedEntry]:
        _require_annex(data, annex)
        return import_annex(data, annex, version=version or export_version(data))

    return run


def _require_annex(data: bytes, annex: str) -> None:
    """A CosIng export names its annex in its first lines ("ANNEX V"); an export of another
    annex must not replace this one."""
    head = data[:2000].decode("utf-8", errors="replace").upper()
    named = re.findall(r"ANNEX\s+([IVX]+)\b", head)
    if named and annex not in named:
        raise ImportFailed(f"this file is the export of Annex {named[0]}, not Annex {annex}")


def _tfda(function: Callable[..., list[RegulatedEntry]]) -> Importer:
    def run(data: bytes, version: str) -> list[RegulatedEntry]:
        return function(data, version) if version else function(data)

    return run


@dataclass(frozen=True)
class ImportKind:
    authority: Authority
    list_type: ListType
    run: Importer
    describes: str


IMPORT_KINDS: dict[str, ImportKind] = {
    "tfda-prohibited": ImportKind(
        Authority.TFDA,
        ListType.PROHIBITED,
        _tfda(import_prohibited),
        "TFDA 化粧品禁止使用成分 open-data CSV",
    ),
    "tfda-restricted": ImportKind(
        Authority.TFDA,
        ListType.RESTRICTED,
        _tfda(import_restricted),
        "TFDA 化粧品成分使用限制 open-data CSV",
    ),
    "tfda-preservatives": ImportKind(
        Authority.TFDA,
        ListType.PRESERVATIVE,
        _tfda(import_preservatives),
        "TFDA 化粧品防腐劑成分 open-data CSV",
    ),
    "tfda-colorants": ImportKind(
        Authority.TFDA,
        ListType.COLORANT,
        _tfda(import_colorants),
        "TFDA 化粧品色素成分 open-data CSV",
    ),
    "eu-annex-ii": ImportKind(
        Authority.EU, ListType.PROHIBITED, _eu("II"), "CosIng Annex II export"
    ),
    "eu-annex-iii": ImportKind(
        Authority.EU, ListType.RESTRICTED, _eu("III"), "CosIng Annex III export"
    ),
    "eu-annex-iv": ImportKind(Authority.EU, ListType.COLORANT, _eu("IV"), "CosIng Annex IV export"),
    "eu-annex-v": ImportKind(
        Authority.EU, ListType.PRESERVATIVE, _eu("V"), "CosIng Annex V export"
    ),
    "eu-annex-vi": ImportKind(
        Authority.EU, ListType.UV_FILTER, _eu("VI"), "CosIng Annex VI export"
    ),
}


class ImportFailed(ValueError):
    pass


# A new version that drops more than this share of the entries in force is refused unless
# the operator says it is meant (a truncated file must not silently lift prohibitions).
MAX_SHRINK = 0.10


@dataclass(frozen=True)
class ImportOutcome:
    kind: str
    dataset: ReferenceDataset | None  # None for a dry run (diff only)
    entries: int
    changes: ListDiff


def parse_official_file(kind: str, data: bytes, version: str = "") -> list[RegulatedEntry]:
    spec = IMPORT_KINDS.get(kind)
    if spec is None:
        raise ImportFailed(f"unknown list kind {kind!r}; known: {', '.join(IMPORT_KINDS)}")
    try:
        entries = spec.run(data, version)
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"not a {spec.describes}: {exc}") from exc
    if not entries:
        raise ImportFailed(f"no entries found; is this a {spec.describes}?")
    return entries


async def entries_in_force(
    session: AsyncSession, authority: Authority, list_type: ListType
) -> list[RegulatedEntry]:
    latest = await repo.latest_dataset(session, authority.value, list_type.value)
    if latest is not None:
        return entries_from_json(latest.entries)
    return [e for e in load_shipped() if e.authority is authority and e.list_type is list_type]


async def import_list(
    session: AsyncSession,
    kind: str,
    data: bytes,
    *,
    filename: str,
    version: str = "",
    imported_by: uuid.UUID | None = None,
    meta: RequestMeta | None = None,
    dry_run: bool = False,
    allow_shrink: bool = False,
) -> ImportOutcome:
    entries = parse_official_file(kind, data, version)
    spec = IMPORT_KINDS[kind]
    in_force = await entries_in_force(session, spec.authority, spec.list_type)
    changes = diff(in_force, entries)
    if in_force and len(changes.removed) > MAX_SHRINK * len(in_force) and not allow_shrink:
        raise ImportFailed(
            f"this file would remove {len(changes.removed)} of the {len(in_force)} entries in "
            "force (an older or truncated file?); import it with allow_shrink if that is meant"
        )
    if dry_run:
        return ImportOutcome(kind, None, len(entries), changes)
    stamp = entries[0].citation.version if entries[0].citation else (version or filename)
    dataset = ReferenceDataset(
        authority=spec.authority.value,
        list_type=spec.list_type.value,
        version=stamp,
        source=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        entry_count=len(entries),
        entries=entries_to_json(entries),
        imported_by=imported_by,
    )
    session.add(dataset)
    await session.flush()
    await audit.record(
        session,
        action="reference.imported",
        org_id=None,
        user_id=imported_by,
        resource=f"reference:{spec.authority.value}:{spec.list_type.value}",
        details={
            "kind": kind,
            "version": stamp,
            "file": filename,
            "sha256": dataset.sha256,
            "entries": len(entries),
            "added": len(changes.added),
            "removed": len(changes.removed),
            "changed": len(changes.changed),
        },
        meta=meta,
    )
    return ImportOutcome(kind, dataset, len(entries), changes)
