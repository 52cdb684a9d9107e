"""Group limits written into the lists: members' concentrations are summed (SPEC §9).

Recognised from the list's own wording only:
- parabens: methyl/ethyl esters 0.4 % single, 0.8 % for mixtures (TFDA 防腐劑 #33,
  EU Annex V/12); propyl + butyl 0.14 % for the sum (TFDA #32 '(總量)', EU V/12a 'for the
  sum of the individual concentrations');
- totals stated 'as' an element: fluorine compounds (as F), strontium (as Sr), mercurial
  preservatives (as Hg);
- a substance and its nano form ('In case of combined use … the sum shall not exceed');
- methyl heptine / octine carbonate ('combined level … shall not exceed 0,01 %');
- TFDA '(總量)' on an entry naming several materials (e.g. tinctures, 成分使用限制表 #7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pifai.regulatory.limit_text import clean, expressed_as, one_line, to_float

_N = r"(\d+(?:[.,]\d+)?)"


@dataclass(frozen=True)
class Group:
    key: str
    max_pct: float
    note: str = ""


@dataclass(frozen=True)
class ParabenRule:
    single_pct: float
    single_text: str
    expressed_as: str | None
    group: Group


_SINGLE_MIX = re.compile(
    rf"{_N}\s*%[^%]*?(?:單獨使用|for single ester)[^%]*?{_N}\s*%[^%]*?(?:混合使用|for mixtures)",
    re.IGNORECASE | re.DOTALL,
)
_SUM = re.compile(
    rf"{_N}\s*%[^%\n]*?(?:\(總量\)|總量|for the sum of the individual concentrations)",
    re.IGNORECASE,
)


def paraben_rule(max_text: str) -> ParabenRule | None:
    """The paraben cells, whose '(a)/(b)' are single-vs-mixture cases, not scopes."""
    text = clean(max_text)
    mix = _SINGLE_MIX.search(text)
    if mix:
        single = text.split("\n")[0]
        group = Group("parabens", to_float(mix.group(2)), "0.8 % applies to mixtures")
        return ParabenRule(to_float(mix.group(1)), single, expressed_as(text), group)
    summed = _SUM.search(text)
    if summed and re.search(r"butyl|propyl|paraben|hydroxybenzoate", text, re.IGNORECASE):
        note = (
            "mixtures with the methyl/ethyl parabens: 0.8 % in total (recorded in conditions;"
            " an entry has one group)"
        )
        group = Group("propyl+butyl parabens", to_float(summed.group(1)), note)
        return ParabenRule(to_float(summed.group(1)), one_line(text), expressed_as(text), group)
    return None


_TOTALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "fluorine compounds (as F)",
        re.compile(rf"氟總量不得超過\s*{_N}\s*%|total F concentration must not exceed\s*{_N}"),
    ),
    (
        "strontium compounds (as Sr)",
        re.compile(
            rf"strontium總量不得超過\s*{_N}\s*%|total strontium content must not exceed\s*{_N}"
        ),
    ),
    (
        "mercury compounds (as Hg)",
        re.compile(rf"汞總殘留量為\s*{_N}\s*%|Hg remains fixed at\s*{_N}"),
    ),
    (
        "methyl heptine/octine carbonate",
        re.compile(rf"combined level in the finished product (?:shall|should) not exceed\s*{_N}"),
    ),
)
_NANO_SUM = re.compile(r"combined use of .{0,200}?the sum shall not exceed", re.I | re.S)


def _values(pattern: re.Pattern[str], text: str) -> list[float]:
    return [to_float(next(g for g in m.groups() if g)) for m in pattern.finditer(text)]


def find_group(
    names: tuple[str, ...], max_text: str, other_text: str, limit_values: list[float]
) -> Group | None:
    """The group an entry's text puts it in, or None. ``names``: INCI names first (the
    nano pair is keyed by the base INCI name). A total stated per scope with different
    values (EU III/57 strontium: 3.5 % oral, 2.1 % shampoo) is not a single group: None,
    and the words stay in the limit text."""
    text = clean(f"{max_text}\n{other_text}")
    for key, pattern in _TOTALS:
        values = sorted(set(_values(pattern, text)))
        if len(values) == 1:
            return Group(key, values[0])
    if _NANO_SUM.search(text) and len(set(limit_values)) == 1:
        base = re.sub(r"\s*\(nano\)\s*", "", names[0] if names else "", flags=re.I)
        return Group(f"{base.strip().lower()} (incl. nano)", limit_values[0])
    total = re.search(rf"{_N}\s*%\s*\(總量\)", clean(max_text))
    if total and len(names) > 1:
        return Group(" + ".join(n.lower() for n in names), to_float(total.group(1)))
    return None
