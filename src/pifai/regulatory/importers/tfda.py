"""TFDA open-data lists of 化粧品禁限用成分管理規定 → RegulatedEntry (SPEC §9).

Source: the TFDA open-data CSV exports (data.gov.tw datasets 173684/173685,
data.fda.gov.tw InfoId 199/201/203) as staged from Nick921003/project_frotend
``dataset/*.csv`` at commit cbf0c23af588231da23757b62d6aab297d847234 (2026-05-13); see
shared/data/PROVENANCE.md §3. The files embed no publication date, so the version names
the copy. Columns are read by their Chinese headers.
"""

from __future__ import annotations

import re
from pathlib import Path

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.categories import category_roots, link_exceptions
from pifai.regulatory.importers.common import (
    Source,
    cas_numbers,
    entry_number,
    header_rows,
    join_text,
    split_names,
)
from pifai.regulatory.importers.groups import find_group, paraben_rule
from pifai.regulatory.importers.limits import condition_scopes, parse_limits
from pifai.regulatory.importers.tfda_colorants import import_colorants
from pifai.regulatory.importers.tfda_meta import FILES, TFDA_VERSION, citation
from pifai.regulatory.limit_text import clean, ppm_value
from pifai.regulatory.model import Authority, Limit, ListType, RegulatedEntry

_HAIR_DYE_BAN = re.compile(r"\s*不得使用於染髮用途化粧品\s*")
_CJK_ALIAS = re.compile(r"\(([\u4e00-\u9fff][\u4e00-\u9fff；;、]*)\)")
_INDEXED = re.compile(r"\[\d+\]\s*$")
_TRACE_CUE = re.compile(r"殘留|不純物|技術上無法|trace", re.IGNORECASE)


def _joined_names(cell: str) -> tuple[list[str], list[str]]:
    """TFDA name cells separate names with '/'; a bare line break is a wrapped line
    ('…methylenebis[N'-[3-' + '(hydroxymethyl)…'), except lines marked '[1]', '[2]'.
    Later lines in brackets with Chinese text are qualifications (the BSE entry)."""
    text = clean(cell)
    lines = text.split("\n")
    if "/" in text or (len(lines) > 1 and all(_INDEXED.search(x) for x in lines[:-1])):
        return list(split_names(text)), []
    name, extra = lines[0], []
    for line in lines[1:]:
        if line.startswith("(") and re.search(r"[\u4e00-\u9fff]", line):
            extra.append(line)
        else:
            name += line if name.endswith(("-", "[", "(")) else f" {line}"
    return list(split_names(name)), extra


def _names_with_aliases(cell: str) -> tuple[tuple[str, ...], list[str]]:
    """Names, plus the Chinese name in brackets as its own name ('Tabanus（虻蟲）')."""
    names: list[str] = []
    found, conditions = _joined_names(cell)
    for name in found:
        names.append(name)
        for alias in _CJK_ALIAS.findall(name):
            english = clean(_CJK_ALIAS.sub("", name))
            names.extend([english, *re.split(r"[；;、]", alias)])
    return tuple(dict.fromkeys(n for n in names if n)), conditions


def trace_limit(note: str) -> tuple[float | None, list[str]]:
    """The ppm the note tolerates for technically unavoidable traces, if it states one."""
    pieces = re.split(r"(?<=。)|\n(?=\(\d\)|\d\.)", clean(note))
    for piece in pieces:
        if _TRACE_CUE.search(piece):
            value = ppm_value(piece)
            if value is not None:
                more = re.findall(r"\d+(?:\.\d+)?\s*ppm", piece, re.IGNORECASE)
                notes = [f"note states several trace limits, first kept: {more}"] * (len(more) > 1)
                return value, notes
    return None, []


def import_prohibited(source: Source, version: str = TFDA_VERSION) -> list[RegulatedEntry]:
    """化粧品禁止使用成分表: 659 rows. Names marked '不得使用於染髮用途化粧品' are prohibited
    in hair dyes only: the words move to conditions and ``excluded_scopes`` = hair dye."""
    entries: list[RegulatedEntry] = []
    for row in header_rows(source, "編號"):
        number = entry_number(row["編號"])
        raw_name = row["成分名稱"]
        hair_dye_only = bool(_HAIR_DYE_BAN.search(raw_name))
        names, extra_conditions = _names_with_aliases(_HAIR_DYE_BAN.sub(" ", raw_name))
        note = clean(row["備註"])
        trace, notes = trace_limit(note)
        conditions = join_text(
            *extra_conditions, "不得使用於染髮用途化粧品" if hair_dye_only else "", note
        )
        if hair_dye_only:
            notes.append("prohibited in hair-dye products only (excluded_scopes)")
        entries.append(
            RegulatedEntry(
                entry_id=f"TFDA:prohibited:{number}",
                authority=Authority.TFDA,
                list_type=ListType.PROHIBITED,
                names=names,
                cas_numbers=cas_numbers(row["CAS_Number"]),
                excluded_scopes=frozenset({Scope.HAIR_DYE}) if hair_dye_only else frozenset(),
                conditions=conditions,
                name_roots=category_roots(names),
                trace_limit_ppm=trace,
                citation=citation(ListType.PROHIBITED, number, version),
                notes=tuple(notes),
            )
        )
    return entries


def _numbered(cell: str) -> list[str]:
    """'(1)Platonin(2)Quaternium-73…' → ['Platonin', 'Quaternium-73', …]."""
    parts = re.split(r"\(\d\)", clean(cell))
    return [p.strip(" /") for p in parts[1:]] if len(parts) > 2 else []


def _limited_rows(source: Source, list_type: ListType) -> list[dict[str, str]]:
    rows = header_rows(source, "編號")
    out: list[dict[str, str]] = []
    for row in rows:
        row = {key.replace("CAS_No.", "CAS_NO."): value for key, value in row.items()}
        members, limits = _numbered(row["INCI名"]), _numbered(row["限量標準"])
        if members and len(members) == len(limits):
            for index, (member, limit) in enumerate(zip(members, limits, strict=True), 1):
                out.append(
                    row | {"編號": f"{row['編號']}.{index}", "INCI名": member, "限量標準": limit}
                )
        else:
            out.append(row)
    return out


def _limited_entry(row: dict[str, str], list_type: ListType, version: str) -> RegulatedEntry:
    number = entry_number(row["編號"])
    names, inci = _names_with_aliases(row["成分名"])[0], split_names(row["INCI名"])
    limit_text, conditions = row["限量標準"], clean(row["限制規定"])
    notes: list[str] = []
    group = None
    rule = paraben_rule(limit_text)
    if rule:
        limits = [Limit(rule.single_pct, None, "", rule.expressed_as, rule.single_text)]
        group = rule.group
        conditions = join_text(conditions, limit_text)
        allowed, excluded = frozenset[Scope](), frozenset[Scope]()
    else:
        parsed = parse_limits(row["產品類型／使用範圍"], limit_text)
        limits, notes = parsed.limits, parsed.notes
        conditions = join_text(conditions, *parsed.conditions)
        allowed, excluded = parsed.allowed, parsed.excluded
        values = [lim.max_pct for lim in limits if lim.max_pct is not None]
        group = find_group(inci or names, limit_text, conditions, values)
    cond_excluded, cond_allowed = condition_scopes(row["限制規定"])
    if cond_allowed and not allowed:
        allowed = cond_allowed
    if group and group.note:
        notes.append(group.note)
    warnings = clean(row["應刊載之注意事項"])
    return RegulatedEntry(
        entry_id=f"TFDA:{list_type.value}:{number}",
        authority=Authority.TFDA,
        list_type=list_type,
        names=names or inci,
        inci_names=inci,
        cas_numbers=cas_numbers(row["CAS_NO."]),
        limits=tuple(limits),
        allowed_scopes=allowed,
        excluded_scopes=excluded | cond_excluded,
        group=f"TFDA:{group.key}" if group else None,
        group_max_pct=group.max_pct if group else None,
        conditions=conditions,
        label_warnings=(warnings,) if warnings else (),
        citation=citation(list_type, number, version),
        notes=tuple(dict.fromkeys(notes)),
    )


def import_restricted(source: Source, version: str = TFDA_VERSION) -> list[RegulatedEntry]:
    """化粧品成分使用限制表: 186 rows (entry 184 lists four dyes with one limit each and
    is split into 184.1–184.4)."""
    return [
        _limited_entry(row, ListType.RESTRICTED, version)
        for row in _limited_rows(source, ListType.RESTRICTED)
    ]


def import_preservatives(source: Source, version: str = TFDA_VERSION) -> list[RegulatedEntry]:
    """化粧品防腐劑成分名稱及使用限制表: 57 rows."""
    return [
        _limited_entry(row, ListType.PRESERVATIVE, version)
        for row in _limited_rows(source, ListType.PRESERVATIVE)
    ]


def import_tfda_folder(folder: Path, version: str = TFDA_VERSION) -> list[RegulatedEntry]:
    """All four lists from a folder holding the open-data files, with the prohibited
    entries' exceptions linked to the lists they defer to."""
    entries = [
        *import_prohibited(folder / FILES[ListType.PROHIBITED], version),
        *import_restricted(folder / FILES[ListType.RESTRICTED], version),
        *import_preservatives(folder / FILES[ListType.PRESERVATIVE], version),
        *import_colorants(folder / FILES[ListType.COLORANT], version),
    ]
    return link_exceptions(entries)


__all__ = [
    "TFDA_VERSION",
    "import_colorants",
    "import_preservatives",
    "import_prohibited",
    "import_restricted",
    "import_tfda_folder",
]
