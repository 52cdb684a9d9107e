"""TFDA 化粧品色素成分使用限制表 (152 rows) → RegulatedEntry.

``使用範圍`` is a code 1–4, decoded as the source repository's own loader does
(shared/data/PROVENANCE.md §3): 1 = all cosmetics, 2 = all except eye area, 3 = not on
mucous membranes, 4 = rinse-off products only. Limits are in ``限制規定`` ('限量：3%',
'限量：5 ppm', '用於唇用化粧品：限量1%').
"""

from __future__ import annotations

import re

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.common import (
    Source,
    entry_number,
    header_rows,
    join_text,
    split_names,
)
from pifai.regulatory.importers.limits import condition_scopes
from pifai.regulatory.importers.scope_map import match_scope
from pifai.regulatory.importers.tfda_meta import TFDA_VERSION, citation
from pifai.regulatory.limit_text import clean, to_float
from pifai.regulatory.model import Authority, Limit, ListType, RegulatedEntry

# code → (allowed scopes, excluded scopes)
USAGE_CODES: dict[str, tuple[frozenset[Scope], frozenset[Scope]]] = {
    "1": (frozenset(), frozenset()),
    "2": (frozenset(), frozenset({Scope.EYE_AREA})),
    "3": (frozenset(), frozenset({Scope.MUCOUS_MEMBRANES})),
    "4": (frozenset({Scope.RINSE_OFF}), frozenset()),
}
_LIMIT = re.compile(r"限量[:：]?\s*(\d+(?:\.\d+)?)\s*(%|ppm)", re.IGNORECASE)
_CI = re.compile(r"^CI \d{5}(?::\d)?$")


def _limits(conditions: str) -> tuple[list[Limit], list[str]]:
    limits: list[Limit] = []
    notes: list[str] = []
    lines = clean(conditions).split("\n")
    heading = lines[0].rstrip(":：") if lines and lines[0].endswith(("：", ":")) else ""
    for line in lines:
        found = _LIMIT.search(line)
        if not found:
            continue
        value = to_float(found.group(1))
        pct = value / 10_000 if found.group(2).lower() == "ppm" else value
        inline = re.match(r"^(?:\d\.\s*)?(用於.+?)[:：]", line)
        phrase = inline.group(1) if inline else heading
        match = match_scope(phrase)
        if phrase and match.kind != "scope":
            notes.append(f"scope not mapped, kept as text: {phrase!r}")
        limits.append(Limit(pct, match.scope, phrase, None, line))
    return limits, notes


def import_colorants(source: Source, version: str = TFDA_VERSION) -> list[RegulatedEntry]:
    entries: list[RegulatedEntry] = []
    for row in header_rows(source, "編號"):
        number = entry_number(row["編號"])
        names = split_names(row["Color_Index_Number／成分名"])
        aliases = split_names(row["別名"])
        code = clean(row["使用範圍"])
        allowed, excluded = USAGE_CODES.get(code, (frozenset(), frozenset()))
        notes: list[str] = [] if code in USAGE_CODES else [f"unknown 使用範圍 code {code!r}"]
        conditions = clean(row["限制規定"])
        limits, limit_notes = _limits(conditions)
        cond_excluded, _ = condition_scopes(conditions)
        entries.append(
            RegulatedEntry(
                entry_id=f"TFDA:colorant:{number}",
                authority=Authority.TFDA,
                list_type=ListType.COLORANT,
                names=tuple(dict.fromkeys((*names, *aliases))),
                inci_names=tuple(n for n in names if _CI.match(n)),
                limits=tuple(limits),
                allowed_scopes=allowed,
                excluded_scopes=excluded | cond_excluded,
                conditions=join_text(f"使用範圍 {code}", conditions, row["備註"]),
                citation=citation(ListType.COLORANT, number, version),
                notes=tuple([*notes, *limit_notes]),
            )
        )
    return entries
