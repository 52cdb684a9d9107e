"""The normaliser's answer for one name: which INCI it is, how sure we are and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MatchMethod(StrEnum):
    EXACT = "exact"  # the INCI name itself (case, spacing and width folded)
    SYNONYM = "synonym"  # a listed synonym, INN, Ph. Eur. or common name
    CHINESE = "chinese"  # a traditional or simplified Chinese name
    CAS = "cas"  # identified by a valid CAS number alone
    FUZZY = "fuzzy"  # nearest spelling; confidence falls with the distance
    NONE = "none"  # not identified: reported, never guessed


@dataclass(frozen=True)
class DictionaryEntry:
    ingredient_id: str  # stable: CosIng reference number or our curated id
    inci: str
    cas_numbers: tuple[str, ...] = ()
    ec_numbers: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    zh_names: tuple[str, ...] = ()
    source: str = ""  # e.g. "EU CosIng inventory (export 2021-12-15)"


@dataclass(frozen=True)
class Match:
    query: str
    entry: DictionaryEntry | None
    method: MatchMethod
    confidence: float  # 0..1; >= 0.8 is trusted without review
    explanation: str  # why: "exact INCI", "fuzzy 0.93 to 'Glycerin'", ...
    cas_given: str | None = None
    cas_valid: bool | None = None  # None when no CAS was given
    cas_conflict: bool = False  # a valid CAS that belongs to another ingredient

    @property
    def inci(self) -> str | None:
        return self.entry.inci if self.entry else None
