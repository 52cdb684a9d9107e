"""Regulated-substance entries in our own format (SPEC §5 ``regulated_substances``, §9).

Produced by our importers from the official files and by curated additions; every entry
carries the citation of the list entry it came from. Frozen values: the rule engine and
the importers exchange these, and they serialise to the shipped JSON data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pifai.product_types.scopes import Scope


class Authority(StrEnum):
    TFDA = "TFDA"
    EU = "EU"


class ListType(StrEnum):
    PROHIBITED = "prohibited"  # TFDA 禁止使用成分表 / EU Annex II
    RESTRICTED = "restricted"  # TFDA 成分使用限制表 / EU Annex III
    COLORANT = "colorant"  # TFDA 色素成分使用限制表 / EU Annex IV
    PRESERVATIVE = "preservative"  # TFDA 防腐劑成分名稱及使用限制表 / EU Annex V
    UV_FILTER = "uv_filter"  # TFDA 防曬劑成分使用限制表 / EU Annex VI


@dataclass(frozen=True)
class Citation:
    """Where an entry comes from: authority, list, entry number, source file and version."""

    authority: Authority
    list_name: str  # e.g. "化粧品成分使用限制表" / "Regulation (EC) 1223/2009 Annex III"
    entry: str  # the entry's number in that list, e.g. "5" or "III/98"
    source: str  # the file or publication the data was taken from
    version: str  # its date or version, e.g. "CosIng export 2025-11-11"
    url: str | None = None

    def label(self) -> str:
        return f"{self.authority} {self.list_name} #{self.entry} ({self.version})"


@dataclass(frozen=True)
class Limit:
    """A maximum concentration in the ready-for-use product, for one scope (or all).

    ``scope`` None means every product; ``scope_text`` keeps the list's own words.
    ``max_pct`` None means the entry restricts by conditions only, not by amount.
    """

    max_pct: float | None
    scope: Scope | None = None
    scope_text: str = ""
    expressed_as: str | None = None  # e.g. "acid", "Hg", "free SiO2"
    text: str = ""  # the limit exactly as the list writes it


@dataclass(frozen=True)
class Disclosure:
    """A label requirement above a threshold (e.g. fragrance allergens 0.001 % leave-on,
    0.01 % rinse-off). Never a limit (SPEC §9)."""

    threshold_pct: float
    scope: Scope | None
    text: str


@dataclass(frozen=True)
class RegulatedEntry:
    entry_id: str  # stable id, e.g. "TFDA:restricted:5" or "EU:III:98"
    authority: Authority
    list_type: ListType
    names: tuple[str, ...]  # chemical name / INN / Chinese name as the list writes them
    inci_names: tuple[str, ...] = ()
    cas_numbers: tuple[str, ...] = ()
    limits: tuple[Limit, ...] = ()
    # Where the ingredient may be used at all: empty means anywhere (limits still apply).
    allowed_scopes: frozenset[Scope] = frozenset()
    # Where it may not be used at all (e.g. "not in products for children under 3").
    excluded_scopes: frozenset[Scope] = frozenset()
    group: str | None = None  # members' concentrations are summed against group_max_pct
    group_max_pct: float | None = None
    conditions: str = ""
    label_warnings: tuple[str, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()
    # Category entries ("mercury and its compounds"): name roots matching members.
    name_roots: tuple[str, ...] = ()
    # Entries this one defers to (TFDA's mercury entry defers to the preservative list).
    exceptions: tuple[str, ...] = ()
    # Technically unavoidable traces tolerated for a prohibited substance, in ppm.
    trace_limit_ppm: float | None = None
    effective_from: date | None = None
    transition_until: date | None = None  # products already on the market may stay until
    citation: Citation | None = None
    curated: bool = False  # written by us rather than imported
    verified: bool = True  # curated entries: checked against an official export
    notes: tuple[str, ...] = field(default=())
