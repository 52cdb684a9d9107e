"""The curated toxicology dataset: cited NOAELs, authority conclusions and structures (SPEC §10).

The NOAEL cascade reads it offline: tier 0 takes a substance's authority NOAEL, tier 1 an
analogue link, tier 1.5 the anchors (a SMILES and a NOAEL), tier 2 the qualitative
conclusions, and the 10 % dermal-absorption rule MW and log Pow. Every number in
``data/substances.json`` carries the citation it was read from; ``data/README.md`` says how
each field is sourced. The files are validated on load, and a bad entry is refused with its
key and field named, so a missing citation can never reach a report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdkit import Chem, rdBase

from pifai.ingredients.cas import is_valid_cas, normalise_cas
from pifai.toxicology.absorption import CitedValue
from pifai.toxicology.basis import ToxicologyError, basis

DATA_DIR = Path(__file__).with_name("data")
KINDS = frozenset({"substance", "botanical", "polymer", "inorganic", "mixture", "solvent"})


@dataclass(frozen=True)
class NoaelRecord:
    """The point of departure an authority itself used (duration factors already applied)."""

    value: float
    unit: str
    species: str
    route: str
    study: str
    authority: str
    citation: str


@dataclass(frozen=True)
class QualitativeConclusion:
    """An authority's verdict without a number to divide by (CIR "safe up to x %", GRAS …)."""

    authority: str
    conclusion: str
    max_pct: float | None
    leave_on: bool | None
    conditional: bool
    citation: str


@dataclass(frozen=True)
class DermalStudy:
    """A measured dermal absorption in percent, valid only within its ``scope``."""

    value: float
    citation: str
    scope: str


@dataclass(frozen=True)
class CuratedSubstance:
    key: str
    inci: str
    cas: tuple[str, ...]
    kind: str
    pubchem_cid: int | None
    smiles: str | None
    structure_citation: str | None
    mw: CitedValue | None
    log_pow: CitedValue | None
    noael: NoaelRecord | None
    oral_absorption: CitedValue | None
    dermal_absorption: DermalStudy | None
    qualitative: tuple[QualitativeConclusion, ...]
    nanomaterial: bool
    ttc_excluded: str | None
    notes: str


@dataclass(frozen=True)
class AnalogueLink:
    """A target the authority evaluates together with a curated anchor (salt, ester …)."""

    target_inci: str
    target_cas: tuple[str, ...]
    anchor: CuratedSubstance
    factor_key: str | None
    mw_adjusted: bool
    rationale: str
    citation: str


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _cas_keys(cas: Sequence[str]) -> set[str]:
    return {n for n in (normalise_cas(c) for c in cas) if n is not None}


class ToxicologyDataset:
    """Look-ups by INCI name (case and spacing ignored) or by any CAS number."""

    def __init__(
        self,
        name: str,
        version: str,
        substances: tuple[CuratedSubstance, ...],
        analogues: tuple[AnalogueLink, ...],
    ) -> None:
        self.name = name
        self.version = version
        self._substances = substances
        self._analogues = analogues
        self._by_inci = {_name_key(s.inci): s for s in substances}
        self._by_cas = {c: s for s in substances for c in _cas_keys(s.cas)}

    def find(self, inci: str | None, cas: Sequence[str] = ()) -> CuratedSubstance | None:
        if inci and (hit := self._by_inci.get(_name_key(inci))) is not None:
            return hit
        wanted = (normalise_cas(c) for c in cas)  # the caller's order decides a tie
        return next((self._by_cas[c] for c in wanted if c in self._by_cas), None)

    def analogue_for(self, inci: str | None, cas: Sequence[str] = ()) -> AnalogueLink | None:
        wanted_name, wanted_cas = _name_key(inci or ""), _cas_keys(cas)
        for link in self._analogues:
            if wanted_name and _name_key(link.target_inci) == wanted_name:
                return link
        return next((a for a in self._analogues if wanted_cas & _cas_keys(a.target_cas)), None)

    def anchors(self) -> tuple[CuratedSubstance, ...]:
        """Substances the structural read-across may lean on: a structure and a NOAEL."""
        return tuple(s for s in self._substances if s.smiles and s.noael)

    def __iter__(self) -> Iterator[CuratedSubstance]:
        return iter(self._substances)

    def __len__(self) -> int:
        return len(self._substances)


class _Entry:
    """One JSON object being read, so every error names the file, entry and field."""

    def __init__(self, where: str, raw: Any) -> None:
        if not isinstance(raw, dict):
            raise ToxicologyError(f"{where}: expected an object")
        self.where, self.raw = where, raw

    def fail(self, field: str, problem: str) -> ToxicologyError:
        return ToxicologyError(f"{self.where}: field {field!r} {problem}")

    def text(self, field: str) -> str:
        value = self.raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty string")
        return value

    def optional_text(self, field: str) -> str | None:
        return None if self.raw.get(field) is None else self.text(field)

    def number(self, field: str, *, pct: bool = False, signed: bool = False) -> float:
        value = self.raw.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, "must be a number")
        if not math.isfinite(value) or (value < 0 and not signed) or (pct and value > 100):
            raise self.fail(field, f"is out of range: {value!r}")
        return float(value)

    def flag(self, field: str, *, optional: bool = False) -> bool | None:
        value = self.raw.get(field)
        if value is None and optional:
            return None
        if not isinstance(value, bool):
            raise self.fail(field, "must be true or false")
        return value

    def child(self, field: str) -> _Entry | None:
        value = self.raw.get(field)
        return None if value is None else _Entry(f"{self.where}.{field}", value)

    def items(self, field: str) -> list[_Entry]:
        value = self.raw.get(field, [])
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        return [_Entry(f"{self.where}.{field}[{i}]", v) for i, v in enumerate(value)]

    def cas_list(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field, [])
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise self.fail(field, "must be a list of CAS numbers")
        bad = [c for c in value if not is_valid_cas(c)]
        if bad:
            raise self.fail(field, f"has invalid CAS numbers (check digit or format): {bad}")
        return tuple(value)


def _cited(entry: _Entry | None, *, pct: bool = False, signed: bool = False) -> CitedValue | None:
    if entry is None:
        return None
    return CitedValue(entry.number("value", pct=pct, signed=signed), entry.text("citation"))


def _noael(entry: _Entry | None) -> NoaelRecord | None:
    if entry is None:
        return None
    fields = ("unit", "species", "route", "study", "authority", "citation")
    return NoaelRecord(entry.number("value"), *(entry.text(f) for f in fields))


def _dermal(entry: _Entry | None) -> DermalStudy | None:
    if entry is None:
        return None
    return DermalStudy(entry.number("value", pct=True), entry.text("citation"), entry.text("scope"))


def _conclusion(entry: _Entry) -> QualitativeConclusion:
    max_pct = None if entry.raw.get("max_pct") is None else entry.number("max_pct", pct=True)
    return QualitativeConclusion(
        entry.text("authority"),
        entry.text("conclusion"),
        max_pct,
        entry.flag("leave_on", optional=True),
        bool(entry.flag("conditional")),
        entry.text("citation"),
    )


def _structure(entry: _Entry) -> tuple[str | None, str | None]:
    smiles = entry.optional_text("smiles")
    if smiles is None:
        return None, entry.optional_text("structure_citation")
    with rdBase.BlockLogs():  # the error below says what is wrong; no stderr noise
        mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise entry.fail("smiles", f"does not parse: {smiles!r}")
    return smiles, entry.text("structure_citation")


def _substance(entry: _Entry) -> CuratedSubstance:
    kind = entry.text("kind")
    if kind not in KINDS:
        raise entry.fail("kind", f"must be one of {sorted(KINDS)}, not {kind!r}")
    cid = entry.raw.get("pubchem_cid")
    if cid is not None and (isinstance(cid, bool) or not isinstance(cid, int) or cid < 1):
        raise entry.fail("pubchem_cid", "must be a positive integer or null")
    smiles, structure_citation = _structure(entry)
    notes = entry.raw.get("notes", "")
    if not isinstance(notes, str):
        raise entry.fail("notes", "must be a string")
    return CuratedSubstance(
        key=entry.text("key"),
        inci=entry.text("inci"),
        cas=entry.cas_list("cas"),
        kind=kind,
        pubchem_cid=cid,
        smiles=smiles,
        structure_citation=structure_citation,
        mw=_cited(entry.child("mw")),
        log_pow=_cited(entry.child("log_pow"), signed=True),
        noael=_noael(entry.child("noael")),
        oral_absorption=_cited(entry.child("oral_absorption"), pct=True),
        dermal_absorption=_dermal(entry.child("dermal_absorption")),
        qualitative=tuple(_conclusion(q) for q in entry.items("qualitative")),
        nanomaterial=bool(entry.flag("nanomaterial")),
        ttc_excluded=entry.optional_text("ttc_excluded"),
        notes=notes,
    )


def _read(path: Path) -> _Entry:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ToxicologyError(f"{path.name}: cannot be read: {exc}") from None
    return _Entry(path.name, raw)


def _substances(doc: _Entry) -> tuple[CuratedSubstance, ...]:
    out: list[CuratedSubstance] = []
    seen_keys: set[str] = set()
    seen_cas: dict[str, str] = {}
    for item in doc.items("substances"):
        key = item.raw.get("key")
        substance = _substance(_Entry(f"{doc.where}: substance {key!r}", item.raw))
        for name in (f"key {substance.key}", f"INCI {_name_key(substance.inci)}"):
            if name in seen_keys:
                raise ToxicologyError(f"{doc.where}: substance {key!r}: duplicate {name}")
            seen_keys.add(name)
        for cas in _cas_keys(substance.cas):
            if cas in seen_cas:
                raise ToxicologyError(
                    f"{doc.where}: substance {key!r}: CAS {cas} already belongs to "
                    f"{seen_cas[cas]!r}; a CAS must identify one entry"
                )
            seen_cas[cas] = substance.key
        out.append(substance)
    return tuple(out)


def _analogue(entry: _Entry, by_key: dict[str, CuratedSubstance]) -> AnalogueLink:
    anchor = by_key.get(entry.text("anchor_key"))
    if anchor is None or anchor.noael is None:
        raise entry.fail("anchor_key", "must name a substance that has a NOAEL")
    factor_key = entry.optional_text("factor_key")
    if factor_key is not None:
        try:
            basis(factor_key)
        except ToxicologyError:
            raise entry.fail("factor_key", f"is not a basis register key: {factor_key!r}") from None
    return AnalogueLink(
        target_inci=entry.text("target_inci"),
        target_cas=entry.cas_list("target_cas"),
        anchor=anchor,
        factor_key=factor_key,
        mw_adjusted=bool(entry.flag("mw_adjusted")),
        rationale=entry.text("rationale"),
        citation=entry.text("citation"),
    )


def _load_dataset(substances_path: Path, analogues_path: Path) -> ToxicologyDataset:
    """Read and validate both files; any bad entry raises ToxicologyError naming it."""
    doc = _read(substances_path)
    substances = _substances(doc)
    by_key = {s.key: s for s in substances}
    links = _read(analogues_path)
    analogues = tuple(
        _analogue(_Entry(f"{links.where}: analogue {a.raw.get('target_inci')!r}", a.raw), by_key)
        for a in links.items("analogues")
    )
    return ToxicologyDataset(doc.text("name"), doc.text("version"), substances, analogues)


@cache
def load_dataset() -> ToxicologyDataset:
    """The shipped dataset, validated once per process."""
    return _load_dataset(DATA_DIR / "substances.json", DATA_DIR / "analogues.json")
