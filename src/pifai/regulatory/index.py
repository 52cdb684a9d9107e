"""Finding the list entries that concern one ingredient: by CAS, by name, by the name
roots of category entries ("mercury and its compounds" → mercuric chloride)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pifai.regulatory.model import RegulatedEntry

_NON_WORD = re.compile(r"[\s\-_,.;:()\[\]{}/'’\"]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def fold_name(name: str) -> str:
    """Case, width and punctuation-insensitive form of a substance name."""
    text = unicodedata.normalize("NFKC", name).lower()
    return _NON_WORD.sub(" ", text).strip()


def fold_cas(cas: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cas))


@dataclass(frozen=True)
class EntryMatch:
    entry: RegulatedEntry
    by: str  # "cas", "name" or "root:<root>"


class ReferenceIndex:
    def __init__(self, entries: Iterable[RegulatedEntry]) -> None:
        self.entries: tuple[RegulatedEntry, ...] = tuple(entries)
        self.by_id = {e.entry_id: e for e in self.entries}
        self._by_cas: dict[str, list[RegulatedEntry]] = defaultdict(list)
        self._by_name: dict[str, list[RegulatedEntry]] = defaultdict(list)
        self._roots: list[tuple[re.Pattern[str], str, RegulatedEntry]] = []
        for entry in self.entries:
            # A mixture's CAS numbers are its components': citric acid is not the mixture.
            if not _is_mixture(entry):
                for cas in entry.cas_numbers:
                    self._by_cas[fold_cas(cas)].append(entry)
            for name in _own_names(entry):
                self._by_name[fold_name(name)].append(entry)
            for root in entry.name_roots:
                self._roots.append((_root_pattern(root), root, entry))

    def lookup(self, *, names: Iterable[str], cas_numbers: Iterable[str]) -> list[EntryMatch]:
        found: dict[str, EntryMatch] = {}
        for cas in cas_numbers:
            for entry in self._by_cas.get(fold_cas(cas), ()):
                found.setdefault(entry.entry_id, EntryMatch(entry, "cas"))
        folded = [fold_name(n) for n in names if n and n.strip()]
        for name in folded:
            for entry in self._by_name.get(name, ()):
                found.setdefault(entry.entry_id, EntryMatch(entry, "name"))
        for pattern, root, entry in self._roots:
            if entry.entry_id in found:
                continue
            if any(pattern.search(name) for name in folded):
                found[entry.entry_id] = EntryMatch(entry, f"root:{root}")
        return list(found.values())


_AND = re.compile(r"\s*\(and\)\s*", re.IGNORECASE)


def _is_mixture(entry: RegulatedEntry) -> bool:
    return any(_AND.search(n) for n in (*entry.inci_names, *entry.names))


def _own_names(entry: RegulatedEntry) -> list[str]:
    """The entry's names, except the parts of a mixture ("CITRIC ACID (AND) SILVER
    CITRATE"): citric acid alone is not that entry."""
    names = [n for n in (*entry.inci_names, *entry.names) if n.strip()]
    parts = {fold_name(p) for n in names if _AND.search(n) for p in _AND.split(n)}
    return [n for n in names if _AND.search(n) or fold_name(n) not in parts]


def _root_pattern(root: str) -> re.Pattern[str]:
    folded = fold_name(root)
    if _CJK.search(folded):
        return re.compile(re.escape(folded))
    return re.compile(r"(?<![a-z])" + re.escape(folded))
