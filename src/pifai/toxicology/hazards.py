"""Harmonised hazard classification (CLP Annex VI) for the safety engine's hard gates.

The flags are read from hazard statement codes, whose meaning is fixed by Regulation (EC)
1272/2008 (CLP) Annex III Part 1 and the label-element tables of Annex I (e.g. Table 3.6.3:
carcinogenicity Category 1A/1B → H350, Category 2 → H351):

- H340 "May cause genetic defects" (Muta. 1A/1B), H350 "May cause cancer" and H350i "May
  cause cancer by inhalation" (Carc. 1A/1B), H360 "May damage fertility or the unborn
  child" (Repr. 1A/1B) → ``CMR_1AB``. The H360 suffixes name the effect: F/D fertility /
  development in category 1, f/d the other effect only suspected (category 2), so H360F,
  H360D, H360FD, H360Fd and H360Df are all category 1A/1B.
- H341, H351, H361 (and H361f, H361d, H361fd) "Suspected of …" (category 2) → ``CMR_2``.
- H314 "Causes severe skin burns and eye damage" → ``CORROSIVE``; H318 "Causes serious eye
  damage" → ``SERIOUS_EYE_DAMAGE``; H317 "May cause an allergic skin reaction" →
  ``SKIN_SENSITISER``; H300/H310/H330 "Fatal if swallowed / in contact with skin / if
  inhaled" → ``ACUTE_TOXIC``; H372 "Causes damage to organs through prolonged or repeated
  exposure" (STOT RE 1) → ``STOT_RE_1``.
- H362 (lactation) is not a CMR category and raises no flag.

Reference marks after a code ("H372 **", "H361f ***") and qualifiers ("H351 (Inhalation)")
do not change the code; they stay visible in ``h_codes_as_printed``. Every code in the
shipped table agrees with its classification column (tested over all 4,372 entries).
Data: ``data/clp_annex_vi.json.gz``, built by :mod:`pifai.toxicology.importers.clp`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from pifai.ingredients.cas import normalise_cas
from pifai.toxicology.basis import ToxicologyError

DATA_FILE = "clp_annex_vi.json.gz"


class HazardFlag(StrEnum):
    CMR_1AB = "cmr_1ab"
    CMR_2 = "cmr_2"
    CORROSIVE = "corrosive"
    SERIOUS_EYE_DAMAGE = "serious_eye_damage"
    SKIN_SENSITISER = "skin_sensitiser"
    ACUTE_TOXIC = "acute_toxic"
    STOT_RE_1 = "stot_re_1"


# CLP Annex III Part 1 hazard statements → the gate they trip (see the module docstring).
_FLAG_BY_CODE: dict[str, HazardFlag] = {
    "H340": HazardFlag.CMR_1AB,
    "H350": HazardFlag.CMR_1AB,
    "H360": HazardFlag.CMR_1AB,
    "H341": HazardFlag.CMR_2,
    "H351": HazardFlag.CMR_2,
    "H361": HazardFlag.CMR_2,
    "H314": HazardFlag.CORROSIVE,
    "H318": HazardFlag.SERIOUS_EYE_DAMAGE,
    "H317": HazardFlag.SKIN_SENSITISER,
    "H300": HazardFlag.ACUTE_TOXIC,
    "H310": HazardFlag.ACUTE_TOXIC,
    "H330": HazardFlag.ACUTE_TOXIC,
    "H372": HazardFlag.STOT_RE_1,
}
# The only suffixed codes CLP Annex III defines; any other suffix is refused, not guessed.
_SUFFIXES: dict[str, frozenset[str]] = {
    "H350": frozenset({"", "i"}),
    "H360": frozenset({"", "F", "D", "FD", "Fd", "Df"}),
    "H361": frozenset({"", "f", "d", "fd"}),
}
_NO_SUFFIX = frozenset({""})
_H_CODE = re.compile(r"(?<![A-Za-z0-9])(?P<base>H\d{3})(?P<suffix>[A-Za-z]*)")
_SUPPLEMENTAL = re.compile(r"(?<![A-Za-z0-9])(?:EUH|AUH)\d{3}")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(base, suffix) of each H code in ``text``, refusing suffixes CLP does not define."""
    tokens: list[tuple[str, str]] = []
    for match in _H_CODE.finditer(text):
        base, suffix = match.group("base"), match.group("suffix")
        if suffix not in _SUFFIXES.get(base, _NO_SUFFIX):
            raise ToxicologyError(f"not a CLP hazard statement code: {match.group(0)!r}")
        tokens.append((base, suffix))
    if not tokens and not _SUPPLEMENTAL.search(text):
        raise ToxicologyError(f"no hazard statement code in {text!r}")
    return tokens


def parse_codes(text: str) -> tuple[str, ...]:
    """The H codes in one statement ("H372 **" → H372, "H300+H310", "H351 (Inhalation)").

    Supplemental EUH (EU) and AUH (Australian GHS) codes are accepted and carry no H code;
    text with neither, or a suffix CLP does not define ("H350x", "H361FD"), raises
    ``ToxicologyError``: an unreadable code must not pass a gate silently.
    """
    return tuple(base + suffix for base, suffix in _tokens(text))


def flags_for_codes(codes: Iterable[str]) -> frozenset[HazardFlag]:
    """The gates tripped by hazard statement codes (CLP Annex VI or PubChem GHS)."""
    items = (codes,) if isinstance(codes, str) else codes
    bases = {base for text in items for base, _ in _tokens(text)}
    return frozenset(_FLAG_BY_CODE[base] for base in bases if base in _FLAG_BY_CODE)


@dataclass(frozen=True)
class HazardClassification:
    """One Annex VI entry as the engine sees it, with the citation the report prints."""

    index_no: str
    name: str
    cas: tuple[str, ...]
    classes: tuple[str, ...]
    h_codes: tuple[str, ...]
    flags: frozenset[HazardFlag]
    citation: str
    h_codes_as_printed: tuple[str, ...] = ()


def _classification(entry: Mapping[str, Any], version: str) -> HazardClassification:
    h_codes = tuple(entry["h_codes"])
    return HazardClassification(
        index_no=entry["index_no"],
        name=entry["name"],
        cas=tuple(entry["cas"]),
        classes=tuple(entry["classes"]),
        h_codes=h_codes,
        flags=flags_for_codes(h_codes),
        citation=f"CLP Annex VI index {entry['index_no']} ({version})",
        h_codes_as_printed=tuple(entry["h_codes_as_printed"]),
    )


class HazardIndex:
    """Annex VI entries by CAS number; group entries (no CAS) are kept in ``groups``."""

    def __init__(self, source: str, version: str, entries: Sequence[HazardClassification]):
        self.source = source
        self.version = version
        self.entries = tuple(entries)
        self._position = {e.index_no: i for i, e in enumerate(self.entries)}
        self._by_cas: dict[str, list[HazardClassification]] = {}
        for entry in self.entries:
            for cas in entry.cas:
                self._by_cas.setdefault(cas, []).append(entry)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HazardIndex:
        version = data["version"]
        entries = [_classification(e, version) for e in data["entries"]]
        return cls(data["source"], version, entries)

    @property
    def groups(self) -> tuple[HazardClassification, ...]:
        """Entries without a CAS number ("beryllium compounds with the exception of …")."""
        return tuple(e for e in self.entries if not e.cas)

    def for_cas(self, cas: Sequence[str]) -> tuple[HazardClassification, ...]:
        """Every entry listing any of these CAS numbers, in Annex order; () if none."""
        numbers = (cas,) if isinstance(cas, str) else cas
        found: dict[str, HazardClassification] = {}
        for number in numbers:
            key = normalise_cas(number) or number.strip()
            for entry in self._by_cas.get(key, ()):
                found.setdefault(entry.index_no, entry)
        return tuple(sorted(found.values(), key=lambda e: self._position[e.index_no]))

    def __len__(self) -> int:
        return len(self.entries)


@cache
def load_hazards() -> HazardIndex:
    """The shipped Annex VI table, read once per process."""
    resource = resources.files("pifai.toxicology") / "data" / DATA_FILE
    try:
        raw = resource.read_bytes()
    except FileNotFoundError as exc:
        raise ToxicologyError(
            f"{DATA_FILE} is missing; rebuild it with "
            "`python -m pifai.toxicology.importers.clp <clp.csv>`"
        ) from exc
    return HazardIndex.from_json(json.loads(gzip.decompress(raw)))
