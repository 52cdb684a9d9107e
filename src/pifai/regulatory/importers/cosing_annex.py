"""EU CosIng annex exports (Regulation (EC) 1223/2009 Annexes II–VI) → RegulatedEntry.

Source files: ``COSING_Annex_{II,III,IV,V,VI}_v2.txt`` as exported by the European
Commission's CosIng database (comma-separated despite the name, 3–5 preamble lines before
the '"Reference Number"' header, cells spanning lines, decimal commas); staged copies and
their commits are listed in shared/data/PROVENANCE.md §2. The version is read from the
file's own 'File creation date: DD/MM/YYYY' line.

In the Annex IV export the 'Product Type, body parts' column is always empty and the
values sit one column to the right: the field of application ('Rinse-off products', 'Not
to be used in eye products') under 'Maximum concentration…', the maximum ('3%', '5 ppm')
under 'Other', further conditions under 'Wording…'. This importer reads them as such.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.categories import category_roots, link_exceptions
from pifai.regulatory.importers.common import (
    Source,
    cas_numbers,
    entry_number,
    header_rows,
    join_text,
    read_bytes,
    split_inci,
    split_listed,
)
from pifai.regulatory.importers.groups import Group, find_group, paraben_rule
from pifai.regulatory.importers.limits import condition_scopes, parse_limits
from pifai.regulatory.limit_text import clean, one_line, ppm_value, split_disclosures
from pifai.regulatory.model import Authority, Citation, Limit, ListType, RegulatedEntry

ANNEX_LIST: dict[str, ListType] = {
    "II": ListType.PROHIBITED,
    "III": ListType.RESTRICTED,
    "IV": ListType.COLORANT,
    "V": ListType.PRESERVATIVE,
    "VI": ListType.UV_FILTER,
}
_MAX = "Maximum concentration in ready for use preparation"
_PT = "Product Type, body parts"
_WORDING = "Wording of conditions of use and warnings"
_CREATED = re.compile(rb"File creation date:\s*(\d{2})/(\d{2})/(\d{4})")
_HAIR_DYE_ONLY = re.compile(r"when used as (?:a )?substance in hair(?: and eyelash)? dye", re.I)
_QUALIFIED = re.compile(r"when used as a fragrance ingredient", re.I)
_EU_TRACE = re.compile(r"provided that the concentration does not exceed", re.I)
_MARKET = re.compile(
    r"From (\d{1,2} \w+ \d{4}),? cosmetic products containing that substance and not "
    r"complying with the conditions shall not be (placed on|made available on) the Union",
    re.I,
)


def export_version(source: Source) -> str:
    """'CosIng export 2025-11-11' from the preamble; ValueError if it is missing."""
    found = _CREATED.search(read_bytes(source)[:400])
    if not found:
        raise ValueError("no 'File creation date' in the CosIng export preamble")
    day, month, year = (int(x) for x in found.groups())
    return f"CosIng export {date(year, month, day).isoformat()}"


def _dates(text: str) -> tuple[date | None, date | None]:
    placed: date | None = None
    available: date | None = None
    for when, what in _MARKET.findall(text):
        parsed = datetime.strptime(when, "%d %B %Y").date()
        if what.lower().startswith("placed"):
            placed = placed or parsed
        else:
            available = available or parsed
    return placed, available


def _ids(rows: list[dict[str, str]], annex: str) -> list[str]:
    """Stable ids; a reference number the export repeats (III/196 names both HC Blue No 11
    and Verbena absolute) gets '-2', '-3' on its later rows, in file order."""
    seen: dict[str, int] = {}
    ids: list[str] = []
    for row in rows:
        number = entry_number(row["Reference Number"])
        seen[number] = seen.get(number, 0) + 1
        suffix = f"-{seen[number]}" if seen[number] > 1 else ""
        ids.append(f"EU:{annex}:{number}{suffix}")
    return ids


def _citation(annex: str, number: str, source_path: str, version: str) -> Citation:
    return Citation(
        authority=Authority.EU,
        list_name=f"Regulation (EC) 1223/2009 Annex {annex}",
        entry=f"{annex}/{number}",
        source=source_path,
        version=version,
    )


def _names(row: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    chemical = row.get("Chemical name / INN") or row.get("Chemical name") or ""
    names = [one_line(chemical)]
    iupac = one_line(row.get("Chemical/IUPAC Name", ""))
    if iupac and iupac not in {"-", "NA"}:
        names.append(iupac)
    glossary = row.get("Name of Common Ingredients Glossary") or row.get(
        "Colour index Number / Name of Common Ingredients Glossary", ""
    )
    inci = (
        *split_inci(glossary),
        *split_listed(row.get("Identified INGREDIENTS or substances e.g.", "")),
    )
    return tuple(dict.fromkeys(n for n in names if n)), tuple(dict.fromkeys(inci))


def _prohibited(row: dict[str, str], entry_id: str, citation: Citation) -> RegulatedEntry:
    names, inci = _names(row)
    notes: list[str] = []
    excluded: frozenset[Scope] = frozenset()
    if _HAIR_DYE_ONLY.search(names[0]):
        excluded = frozenset({Scope.HAIR_DYE})
        notes.append("prohibited when used in hair-dye products (excluded_scopes)")
    if _QUALIFIED.search(names[0]):
        notes.append("prohibition qualified by use ('when used as a fragrance ingredient')")
    trace = ppm_value(names[0]) if _EU_TRACE.search(names[0]) else None
    if trace is not None and len(re.findall(r"ppm", names[0])) > 1:
        notes.append("name states several concentration limits, first kept")
    return RegulatedEntry(
        entry_id=entry_id,
        authority=Authority.EU,
        list_type=ListType.PROHIBITED,
        names=names,
        inci_names=inci,
        cas_numbers=cas_numbers(row.get("CAS Number", "")),
        excluded_scopes=excluded,
        name_roots=category_roots(names),
        trace_limit_ppm=trace,
        citation=citation,
        notes=tuple(notes),
    )


def _columns(row: dict[str, str], annex: str) -> tuple[str, str, str, str]:
    """(product type, maximum, other conditions, label wording) for the annex's layout."""
    if annex == "IV":
        return row.get(_MAX, ""), row.get("Other", ""), row.get(_WORDING, ""), ""
    return row.get(_PT, ""), row.get(_MAX, ""), row.get("Other", ""), row.get(_WORDING, "")


def _limited(row: dict[str, str], annex: str, entry_id: str, citation: Citation) -> RegulatedEntry:
    names, inci = _names(row)
    product_type, maximum, other, wording = _columns(row, annex)
    disclosures, rest = split_disclosures(other)
    notes: list[str] = []
    group: Group | None
    rule = paraben_rule(maximum)
    if rule:
        limits = [Limit(rule.single_pct, None, "", rule.expressed_as, rule.single_text)]
        group, allowed, excluded = rule.group, frozenset[Scope](), frozenset[Scope]()
        rest = join_text(maximum, rest)
    else:
        parsed = parse_limits(product_type, maximum, rest)
        limits, notes = parsed.limits, parsed.notes
        allowed, excluded = parsed.allowed, parsed.excluded
        rest = join_text(*parsed.conditions, rest)
        values = [lim.max_pct for lim in limits if lim.max_pct is not None]
        group = find_group(inci or names, maximum, other, values)
    if "ppm" in clean(maximum) and not any(lim.max_pct for lim in limits):
        value = ppm_value(maximum)
        if value is not None:
            limits = [Limit(value / 10_000, None, "", None, one_line(maximum))]
    cond_excluded, cond_allowed = condition_scopes(rest)
    if group and group.note:
        notes.append(group.note)
    effective, transition = _dates(f"{maximum}\n{other}")
    return RegulatedEntry(
        entry_id=entry_id,
        authority=Authority.EU,
        list_type=ANNEX_LIST[annex],
        names=names,
        inci_names=inci,
        cas_numbers=cas_numbers(row.get("CAS Number", "")),
        limits=tuple(limits),
        allowed_scopes=allowed or cond_allowed,
        excluded_scopes=excluded | cond_excluded,
        group=f"EU:{group.key}" if group else None,
        group_max_pct=group.max_pct if group else None,
        conditions=rest,
        label_warnings=(clean(wording),) if clean(wording) else (),
        disclosures=disclosures,
        effective_from=effective,
        transition_until=transition,
        citation=citation,
        notes=tuple(dict.fromkeys(notes)),
    )


def import_annex(
    source: Source, annex: str, source_path: str = "", version: str | None = None
) -> list[RegulatedEntry]:
    """One annex export. ``source_path`` is recorded in each citation (relative to the
    shared data folder); ``version`` defaults to the export's creation date."""
    annex = annex.upper()
    if annex not in ANNEX_LIST:
        raise ValueError(f"unknown annex {annex!r}")
    version = version or export_version(source)
    rows = header_rows(source, "Reference Number")
    entries: list[RegulatedEntry] = []
    for row, entry_id in zip(rows, _ids(rows, annex), strict=True):
        citation = _citation(annex, entry_number(row["Reference Number"]), source_path, version)
        if annex == "II":
            entry = _prohibited(row, entry_id, citation)
        else:
            entry = _limited(row, annex, entry_id, citation)
        if entry.names[0].lower().startswith("moved or deleted"):
            entry = replace(
                entry, notes=(*entry.notes, "the export marks this entry moved or deleted")
            )
        entries.append(entry)
    return _pair_nano_groups(entries)


def _pair_nano_groups(entries: list[RegulatedEntry]) -> list[RegulatedEntry]:
    """'In case of combined use of X and X (nano), the sum shall not exceed …' is often
    written on one of the pair only (VI/23a, not VI/23): give the partner the group."""
    groups = {e.group: e for e in entries if e.group and e.group.endswith("(incl. nano)")}
    out = []
    for entry in entries:
        base = f"EU:{entry.inci_names[0].lower()} (incl. nano)" if entry.inci_names else ""
        partner = groups.get(base)
        if partner and entry.group is None and _max(entry) == partner.group_max_pct:
            entry = replace(entry, group=partner.group, group_max_pct=partner.group_max_pct)
        out.append(entry)
    return out


def _max(entry: RegulatedEntry) -> float | None:
    values = {lim.max_pct for lim in entry.limits}
    return values.pop() if len(values) == 1 else None


def import_cosing_folder(folder: Path, data_root: Path | None = None) -> list[RegulatedEntry]:
    """Every 'COSING_Annex_<X>_v2.txt' in a folder, with Annex II exceptions linked."""
    entries: list[RegulatedEntry] = []
    for annex in ANNEX_LIST:
        path = folder / f"COSING_Annex_{annex}_v2.txt"
        if path.exists():
            relative = path.relative_to(data_root).as_posix() if data_root else path.name
            entries.extend(import_annex(path, annex, relative))
    return link_exceptions(entries)
