"""What changed between two snapshots of the reference lists (`pifai lists diff`, SPEC §9).

Entries are keyed by ``entry_id``. The citation's version and source path change with
every export, so they are not reported as changes of the entry itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from pifai.regulatory.model import RegulatedEntry


@dataclass(frozen=True)
class Change:
    entry_id: str
    fields: tuple[str, ...]
    old: RegulatedEntry
    new: RegulatedEntry


@dataclass(frozen=True)
class ListDiff:
    added: tuple[RegulatedEntry, ...] = ()
    removed: tuple[RegulatedEntry, ...] = ()
    changed: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _comparable(entry: RegulatedEntry) -> RegulatedEntry:
    """The entry without its citation's version and source path, which differ between
    any two exports without the entry changing."""
    if entry.citation is None:
        return entry
    citation = dataclasses.replace(entry.citation, version="", source="")
    return dataclasses.replace(entry, citation=citation)


def changed_fields(old: RegulatedEntry, new: RegulatedEntry) -> tuple[str, ...]:
    a, b = _comparable(old), _comparable(new)
    return tuple(
        f.name
        for f in dataclasses.fields(RegulatedEntry)
        if getattr(a, f.name) != getattr(b, f.name)
    )


def diff(old_entries: Iterable[RegulatedEntry], new_entries: Iterable[RegulatedEntry]) -> ListDiff:
    """Added, removed and changed entries (with the names of the changed fields)."""
    old = {e.entry_id: e for e in old_entries}
    new = {e.entry_id: e for e in new_entries}
    changes = []
    for entry_id in sorted(old.keys() & new.keys()):
        fields = changed_fields(old[entry_id], new[entry_id])
        if fields:
            changes.append(Change(entry_id, fields, old[entry_id], new[entry_id]))
    return ListDiff(
        added=tuple(new[k] for k in sorted(new.keys() - old.keys())),
        removed=tuple(old[k] for k in sorted(old.keys() - new.keys())),
        changed=tuple(changes),
    )
