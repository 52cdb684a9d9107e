"""Reading the transcribed safety reports in ../shared/data/cpsr for the validation tests.

Everything here works from the report's own fields (INDEX.md describes the layout), so a
report added to the folder in the same format is compared without any code change: its
product type goes through our product-type taxonomy, its exposure, dermal penetration factor
and concentrations become the inputs, its printed SED, NOAEL and MoS the figures judged.

The judging rule for a row nobody has reviewed: agreement within 1 %, or the printed figure
equals ours rounded (half-up) to the digits the report prints. Anything else is a
disagreement that a person must explain (``test_cpsr_validation.KNOWN``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pifai.product_types.scopes import Scope
from pifai.product_types.taxonomy import (
    PRODUCT_TYPES,
    ProductType,
    UnknownProductType,
    find_product_type,
)
from pifai.toxicology.absorption import dermal_absorption
from pifai.toxicology.exposure import exposure_for
from pifai.toxicology.margin import Sed, sed
from pifai.toxicology.overrides import Override, Target, apply_dap, apply_exposure

CPSR = Path(__file__).resolve().parents[3] / "shared" / "data" / "cpsr"
TOLERANCE = 0.01

_NUMBER = re.compile(r"[-+]?(?:\d[\d,]*)?\.?\d+(?:[eE][-+]?\d+)?")


@cache
def reports() -> tuple[dict[str, Any], ...]:
    files = sorted(CPSR.glob("*.json")) if CPSR.is_dir() else []
    return tuple(json.loads(path.read_text(encoding="utf-8")) for path in files)


def printed_number(text: object) -> Decimal | None:
    """The first number in a printed cell ("0.00206", "130.33*", "MoS = 1,234"), exactly as
    printed (its digits kept), or None."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return Decimal(repr(text))
    match = _NUMBER.search(str(text))
    if match is None:
        return None
    token = match.group(0)
    if "," in token and "." not in token and not re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", token):
        token = token.replace(",", ".")  # a decimal comma ("0,00206")
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


# --- the product type, from the report's own words through the taxonomy --------------------

_RINSE_OFF_WORDS = ("rinse", "removed after", "wash off", "wash-off", "washed off")
_LEAVE_ON_WORDS = ("leave-on", "leave on")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return " ".join(text.split())


def _names(kind: ProductType) -> dict[str, int]:
    """Every way the taxonomy names a type, each with its weight: key, names, aliases and the
    English name's head ("Face mask" of "Face mask (rinse-off, e.g. clay)") weigh 1; a part
    of a head ("shampoo" of "Baby wash / shampoo") weighs 0, so it loses a tie."""
    head = kind.name_en.split("(")[0]
    names = {_fold(n): 0 for n in head.split("/")}
    names.update({_fold(n): 1 for n in (kind.key, kind.name_en, kind.name_zh, head, *kind.aliases)})
    return {name: weight for name, weight in names.items() if len(name) >= 3}


def _phrases(text: str) -> list[str]:
    parts = [text, text.split("(")[0], *re.split(r"[;,()]", text)]
    return [p.strip() for p in parts if p.strip()]


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _stated(report: dict[str, Any]) -> list[str]:
    return [t for t in (report.get("product_type_as_stated"), report.get("product_type")) if t]


def resolve_product_type(texts: list[str]) -> ProductType | None:
    """The taxonomy type the report's words name, or None when they name none or several.

    In order: a phrase the taxonomy knows exactly (key, name or alias); else the longest
    taxonomy name contained in the words (a whole name before a part of one), a tie broken by
    the words' rinse-off / leave-on statement ("removed after 15-20 min" → the rinse-off type).
    """
    for text in texts:
        for phrase in _phrases(text):
            try:
                return find_product_type(phrase)
            except UnknownProductType:
                continue
    for text in texts:
        folded = _fold(text)
        hits = [
            ((len(name), weight), kind)
            for kind in PRODUCT_TYPES
            for name, weight in _names(kind).items()
            if _contains(folded, name)
        ]
        if not hits:
            continue
        longest = max(rank for rank, _ in hits)
        best = list(dict.fromkeys(kind for rank, kind in hits if rank == longest))
        if len(best) > 1:
            everything = " ".join(_fold(t) for t in texts)
            if any(w in everything for w in _RINSE_OFF_WORDS):
                best = [k for k in best if not k.leave_on] or best
            elif any(w in everything for w in _LEAVE_ON_WORDS):
                best = [k for k in best if k.leave_on] or best
        if len(best) == 1:
            return best[0]
        return None
    return None


def report_product_type(report: dict[str, Any]) -> ProductType | None:
    return resolve_product_type(_stated(report))


def product_type_for(report: dict[str, Any]) -> ProductType:
    """The resolved type; for words the taxonomy cannot place, a stand-in with no exposure
    class (so the engine's flagged fallback is the default the overrides replace), leave-on
    unless the report says it is rinsed off (leave-on is the stricter reading)."""
    found = report_product_type(report)
    if found is not None:
        return found
    words = " ".join(_fold(t) for t in _stated(report))
    rinse = any(w in words for w in _RINSE_OFF_WORDS)
    scope = Scope.RINSE_OFF if rinse else Scope.LEAVE_ON
    label = "; ".join(_stated(report)) or "(no product type stated)"
    return ProductType(f"unresolved:{report['id']}", label, label, frozenset({scope}), None)


# --- the SED rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class SedRow:
    """One ingredient whose SED the report prints, with the inputs the report used."""

    report: str
    index: int  # position in the report's ingredient list
    inci: str
    printed: str  # the SED cell as printed
    concentration_pct: float | None = None
    concentration_note: str = ""
    exposure: Decimal | None = None  # mg/kg bw/day, as printed
    dap_pct: float | None = None
    dap_printed: str = ""
    problem: str | None = None  # why an input is missing: the row cannot be compared

    @property
    def key(self) -> tuple[str, str]:
        return (self.report, self.inci)

    @property
    def label(self) -> str:
        return f"{self.report[:24]}#{self.index}:{self.inci[:30]}"


def report_exposures(report: dict[str, Any]) -> list[Decimal]:
    """The exposure values the report's SED table used (mg/kg bw/day)."""
    daily = report.get("daily_exposure") or {}
    used = daily.get("exposure_values_used_in_A7_SED_table") or [daily.get("mg_kg_bw_day")]
    return [n for n in (printed_number(v) for v in used) if n is not None]


def _printed_sed(ing: dict[str, Any]) -> str | None:
    raw = ing.get("raw") or {}
    if raw.get("sed") not in (None, ""):
        return str(raw["sed"])
    if ing.get("sed_mg_kg_bw_d") is not None:
        return repr(float(ing["sed_mg_kg_bw_d"]))
    return None


def _as_float(value: object) -> float | None:
    found = printed_number(value)
    return None if found is None else float(found)


def concentration_of(ing: dict[str, Any]) -> tuple[float | None, str]:
    """The concentration judged: the stated one, or a range's upper bound (SPEC §10)."""
    stated = _as_float(ing.get("concentration_pct"))
    if stated is not None:
        return stated, "as stated"
    found = (ing.get("raw") or {}).get("concentration_range")
    if isinstance(found, list) and found and all(isinstance(x, int | float) for x in found):
        return float(max(found)), f"upper bound of the range {min(found):g}–{max(found):g} %"
    return None, ""


def sed_rows(report: dict[str, Any]) -> list[SedRow]:
    rows = []
    exposures = report_exposures(report)
    for index, ing in enumerate(report.get("ingredients") or []):
        printed = _printed_sed(ing)
        if printed is None:
            continue
        raw = ing.get("raw") or {}
        inci = str(ing.get("inci") or f"row {index}")
        problems = []
        concentration, note = concentration_of(ing)
        if concentration is None:
            problems.append("no concentration (nor a range) stated")
        elif not 0 <= concentration <= 100:
            problems.append(f"concentration {concentration:g} % is not a percentage")
        exposure = printed_number(raw.get("product_relative_daily_exposure_mg_kg_bw_d"))
        if exposure is None:
            if len(set(exposures)) == 1:
                exposure = exposures[0]
            else:
                problems.append(f"no exposure on the row and the report states {exposures}")
        if exposure is not None and exposure <= 0:
            problems.append(f"exposure {exposure} is not above 0")
        dap = _as_float(ing.get("dap_pct"))
        if dap is None:
            problems.append("no dermal penetration factor (dap_pct)")
        elif not 0 < dap <= 100:
            problems.append(f"dermal penetration {dap:g} % is not within (0, 100]")
        if printed_number(printed) in (None, Decimal(0)):
            problems.append(f"SED not a usable number: {printed!r}")
        rows.append(
            SedRow(
                report["id"], index, inci, printed, concentration, note, exposure, dap,
                str(raw.get("dermal_penetration_factor", dap)),
                "; ".join(problems) or None,
            )
        )  # fmt: skip
    return rows


@cache
def all_sed_rows() -> tuple[SedRow, ...]:
    return tuple(row for report in reports() for row in sed_rows(report))


def report_by_id(report_id: str) -> dict[str, Any]:
    return next(r for r in reports() if r["id"] == report_id)


# --- the judging rule ----------------------------------------------------------------------


class Status(StrEnum):
    AGREES = "agrees"  # within 1 %
    ROUNDED = "rounded"  # over 1 %, but ours rounded to the printed digits is the figure
    DISAGREES = "disagrees"


def to_printed_digits(value: float, printed: Decimal) -> Decimal:
    """``value`` rounded half-up to the decimals ``printed`` shows, float noise removed."""
    exact = Decimal(repr(value)).quantize(Decimal("1e-15"), ROUND_HALF_UP)
    return exact.quantize(printed, ROUND_HALF_UP)


def truncated_to_printed_digits(value: float, printed: Decimal) -> Decimal:
    return Decimal(repr(value)).quantize(printed, ROUND_DOWN)


def relative(ours: float, printed: Decimal) -> float:
    return (ours - float(printed)) / float(printed)


def judge(ours: float, printed: Decimal) -> Status:
    """The rule for a figure nobody has explained: within 1 %, or exactly the report's
    figure once ours is rounded to the digits the report prints."""
    if abs(relative(ours, printed)) <= TOLERANCE:
        return Status.AGREES
    if to_printed_digits(ours, printed) == printed:
        return Status.ROUNDED
    return Status.DISAGREES


# --- our SED for a row, with the report's inputs as SA overrides ---------------------------


def exposure_override(report: dict[str, Any], exposure: Decimal) -> Override:
    daily = report.get("daily_exposure") or {}
    stated = daily.get("mg_kg_bw_day_as_stated") or f"{exposure} mg/kg bw/day"
    return Override(
        Target.EXPOSURE,
        float(exposure),
        f"the report's own exposure: {stated}",
        citation=report["id"],
    )


def dap_override(report: dict[str, Any], row: SedRow) -> Override:
    assert row.dap_pct is not None, row.problem
    return Override(
        Target.DAP,
        row.dap_pct,
        "the report's dermal penetration factor",
        citation=f"{report['id']}, A.7 factor {row.dap_printed}",
        scope="validation against this report only",
    )


@dataclass(frozen=True)
class Comparison:
    row: SedRow
    ours: Sed

    @property
    def printed(self) -> Decimal:
        found = printed_number(self.row.printed)
        assert found is not None, self.row.printed
        return found

    @property
    def relative(self) -> float:
        return relative(self.ours.mg_kg_bw_d, self.printed)

    @property
    def status(self) -> Status:
        return judge(self.ours.mg_kg_bw_d, self.printed)

    def diagnosis(self) -> str:
        """What a person explaining the row should look at first."""
        ours, printed = self.ours.mg_kg_bw_d, self.printed
        notes = [f"ours {ours:.6g} ({self.ours.explain()}), printed {self.row.printed}"]
        notes.append(f"relative difference {self.relative:+.2%}")
        if truncated_to_printed_digits(ours, printed) == printed:
            notes.append("the printed figure is ours truncated (digits cut, not rounded)")
        same = [
            r.inci
            for r in all_sed_rows()
            if r.report == self.row.report and r.index != self.row.index
            and printed_number(r.printed) == printed
        ]  # fmt: skip
        if same:
            notes.append(f"the same figure is printed for {', '.join(same)} (a copied row?)")
        if self.row.concentration_note != "as stated":
            notes.append(f"concentration used: {self.row.concentration_note}")
        return "; ".join(notes)


def our_sed(row: SedRow) -> Sed:
    """SED = E × C/100 × DAp/100 with the report's E and DAp given as overrides."""
    assert row.problem is None, f"{row.label}: {row.problem}"
    assert row.exposure is not None and row.concentration_pct is not None
    report = report_by_id(row.report)
    exposure = apply_exposure(
        exposure_for(product_type_for(report)), exposure_override(report, row.exposure)
    )
    dap = apply_dap(dermal_absorption(None, None), dap_override(report, row))
    return sed(exposure, row.concentration_pct, dap)


@cache
def comparisons() -> tuple[Comparison, ...]:
    return tuple(Comparison(row, our_sed(row)) for row in all_sed_rows() if row.problem is None)
