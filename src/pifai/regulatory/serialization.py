"""RegulatedEntry ⇄ JSON-ready dicts, exactly round-tripping (shipped data, imports).

Dates are ISO strings, enums their values, frozensets sorted lists; fields left at their
default are omitted to keep the shipped files small, and restored on load.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from pifai.product_types.scopes import Scope
from pifai.regulatory.model import (
    Authority,
    Citation,
    Disclosure,
    Limit,
    ListType,
    RegulatedEntry,
)

JSON = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, Authority | ListType | Scope):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _compact(value)
    return value


def _compact(obj: Any) -> JSON:
    """Non-default fields only: a Limit of '0.5 %' is {"max_pct": 0.5, "text": "0.5%"}."""
    out: JSON = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        default = f.default if f.default is not dataclasses.MISSING else None
        if f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required or value != default:
            out[f.name] = _plain(value)
    return out


def entry_to_dict(entry: RegulatedEntry) -> JSON:
    return _compact(entry)


def _scope(value: str | None) -> Scope | None:
    return Scope(value) if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _limit(d: JSON) -> Limit:
    return Limit(
        max_pct=d.get("max_pct"),
        scope=_scope(d.get("scope")),
        scope_text=d.get("scope_text", ""),
        expressed_as=d.get("expressed_as"),
        text=d.get("text", ""),
    )


def _disclosure(d: JSON) -> Disclosure:
    return Disclosure(
        threshold_pct=d["threshold_pct"], scope=_scope(d.get("scope")), text=d["text"]
    )


def _citation(d: JSON) -> Citation:
    return Citation(
        authority=Authority(d["authority"]),
        list_name=d["list_name"],
        entry=d["entry"],
        source=d["source"],
        version=d["version"],
        url=d.get("url"),
    )


def entry_from_dict(d: JSON) -> RegulatedEntry:
    return RegulatedEntry(
        entry_id=d["entry_id"],
        authority=Authority(d["authority"]),
        list_type=ListType(d["list_type"]),
        names=tuple(d["names"]),
        inci_names=tuple(d.get("inci_names", ())),
        cas_numbers=tuple(d.get("cas_numbers", ())),
        limits=tuple(_limit(x) for x in d.get("limits", ())),
        allowed_scopes=frozenset(Scope(x) for x in d.get("allowed_scopes", ())),
        excluded_scopes=frozenset(Scope(x) for x in d.get("excluded_scopes", ())),
        group=d.get("group"),
        group_max_pct=d.get("group_max_pct"),
        conditions=d.get("conditions", ""),
        label_warnings=tuple(d.get("label_warnings", ())),
        disclosures=tuple(_disclosure(x) for x in d.get("disclosures", ())),
        name_roots=tuple(d.get("name_roots", ())),
        exceptions=tuple(d.get("exceptions", ())),
        trace_limit_ppm=d.get("trace_limit_ppm"),
        effective_from=_date(d.get("effective_from")),
        transition_until=_date(d.get("transition_until")),
        citation=_citation(d["citation"]) if d.get("citation") else None,
        curated=d.get("curated", False),
        verified=d.get("verified", True),
        notes=tuple(d.get("notes", ())),
    )


def entries_to_json(entries: list[RegulatedEntry] | tuple[RegulatedEntry, ...]) -> list[JSON]:
    return [entry_to_dict(e) for e in entries]


def entries_from_json(items: list[JSON]) -> list[RegulatedEntry]:
    return [entry_from_dict(d) for d in items]
