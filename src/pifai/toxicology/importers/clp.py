"""CLP Annex VI harmonised classifications → ``toxicology/data/clp_annex_vi.json.gz``.

Source: ``shared/data/hazard_lists/clp.csv``, ECHA's unofficial table of Regulation (EC)
1272/2008 Annex VI Part 3 up to ATP 20 (Commission Delegated Regulation (EU) 2023/1435),
copied byte-exact from ``fyusuf-a/technical-lists`` @1a11d0fc (MIT; the data is ECHA's,
and the file's own disclaimer says it is informative only). 4,372 entries.

Format: a multi-line disclaimer record and blank records, then two header rows: "Index No,
International Chemical Identification, EC No, CAS No, Classification, , Labelling, …" and,
under Classification, "Hazard Class and Category Code(s)" and "Hazard Statement Code(s)".
Cells hold one value a line; the substances of one entry are numbered "[1]", "[2]" in the
name, EC and CAS cells. We read the columns by their header names, not their positions.

Per entry we keep the classification columns (not the labelling ones, which drop e.g. H400
next to H410). ``classes`` and ``h_codes`` are stripped of the Annex VI Part 1 §1.2 reference
marks ("*" minimum classification, "**" route of exposure cannot be excluded, "***" H360/H361
differentiation translated from Directive 67/548/EEC, "****"); the ``*_as_printed`` lists
keep marks and qualifiers ("H351 (Inhalation)") as the table prints them. Class names are
kept as printed ("Muta 2" on one entry). "Press. Gas" has no H code in this table.

Group entries without a CAS number (576, e.g. "beryllium compounds with the exception of
…") are kept with ``cas: []`` for name matching. CAS numbers are checked with
:mod:`pifai.ingredients.cas`; a failing check digit or an unreadable cell goes to
``rejected`` with its reason (none in ATP 20). Output is deterministic: sorted keys, Annex
order, gzip mtime 0, so a rebuild from the same CSV gives identical bytes.

    python -m pifai.toxicology.importers.clp /work/shared/data/hazard_lists/clp.csv
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pifai.ingredients.cas import parse_cas_cell
from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.hazards import DATA_FILE, parse_codes

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / DATA_FILE
SOURCE_REPO = "fyusuf-a/technical-lists"

INDEX_NO = "Index No"
NAME = "International Chemical Identification"
EC_NO = "EC No"
CAS_NO = "CAS No"
CLASSIFICATION = "Classification"
SCL = "Specific Conc. Limits, M-factors"
NOTES = "Notes"
ATP = "ATP inserted/ATP Updated"
COLUMNS = (INDEX_NO, NAME, EC_NO, CAS_NO, CLASSIFICATION, SCL, NOTES, ATP)
CLASSES = "Hazard Class and Category Code(s)"
H_CODES = "Hazard Statement Code(s)"

_INDEX = re.compile(r"^\d{3}-\d{3}-\d{2}-[\dX]$")
_EC = re.compile(r"(?<![\d-])\d{3}-\d{3}-\d(?![\d-])")
_MARKS = re.compile(r"\s*\*+\s*$")
_ONLY_MARKS = re.compile(r"^\*+$")
_PLACEHOLDER = re.compile(r"^[\s\-—_]*$")
_ATP = re.compile(
    r"(?P<n>\d+)(?:st|nd|rd|th) Adaptation to Technical Progress.*?"
    r"Regulation \(EU\) No (?P<reg>\d{4}/\d+)",
    re.DOTALL,
)


class ClpFormatError(ToxicologyError):
    """The file is not ECHA's Annex VI table as we know it; names the file and what is off."""


@dataclass(frozen=True)
class ClpEntry:
    index_no: str
    name: str
    ec: tuple[str, ...]
    cas: tuple[str, ...]
    classes: tuple[str, ...]
    h_codes: tuple[str, ...]
    classes_as_printed: tuple[str, ...]
    h_codes_as_printed: tuple[str, ...]
    scl: str
    notes: str
    atp: str

    def to_json(self) -> dict[str, Any]:
        return {
            "index_no": self.index_no,
            "name": self.name,
            "ec": list(self.ec),
            "cas": list(self.cas),
            "classes": list(self.classes),
            "h_codes": list(self.h_codes),
            "classes_as_printed": list(self.classes_as_printed),
            "h_codes_as_printed": list(self.h_codes_as_printed),
            "scl": self.scl,
            "notes": self.notes,
            "atp": self.atp,
        }


@dataclass(frozen=True)
class Rejected:
    """A value the importer could not accept, kept so nobody has to wonder where it went."""

    index_no: str
    value: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"index_no": self.index_no, "value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class ClpDataset:
    source: str
    source_file_sha256: str
    version: str
    entries: tuple[ClpEntry, ...]
    rejected: tuple[Rejected, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_file_sha256": self.source_file_sha256,
            "version": self.version,
            "entries": [e.to_json() for e in self.entries],
            "rejected": [r.to_json() for r in self.rejected],
        }


def _lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _columns(path: Path, header: list[str], sub: list[str]) -> dict[str, int]:
    """Column positions by header name; the two Classification columns by sub-header."""
    top = {cell.strip(): i for i, cell in enumerate(header) if cell.strip()}
    for column in COLUMNS:
        if column not in top:
            raise ClpFormatError(f"{path}: header row lacks column {column!r}")
    start = top[CLASSIFICATION]
    end = min((i for i in top.values() if i > start), default=len(header))
    span = {sub[i].strip(): i for i in range(start, min(end, len(sub)))}
    for column in (CLASSES, H_CODES):
        if column not in span:
            raise ClpFormatError(f"{path}: no column {column!r} under {CLASSIFICATION!r}")
    return {**top, CLASSES: span[CLASSES], H_CODES: span[H_CODES]}


def _version(path: Path, preamble: list[list[str]]) -> tuple[str, str]:
    """(version, source text) from the disclaimer, which names the ATP and its regulation."""
    match = _ATP.search("\n".join(cell for row in preamble for cell in row))
    if match is None:
        raise ClpFormatError(f"{path}: the preamble does not name the ATP it covers")
    n, regulation = int(match.group("n")), match.group("reg")
    source = (
        f"ECHA, CLP Regulation (EC) 1272/2008 Annex VI, harmonised classification up to "
        f"ATP {n} (Delegated Regulation (EU) {regulation}); unofficial ECHA table via "
        f"{SOURCE_REPO}"
    )
    return f"ATP{n}", source


def _cas(index_no: str, cell: str, rejected: list[Rejected]) -> tuple[str, ...]:
    numbers = parse_cas_cell(cell)
    if not numbers and not _PLACEHOLDER.match(cell):
        rejected.append(Rejected(index_no, cell.strip(), "no CAS number recognised in cell"))
    for number in numbers:
        if not number.valid:
            rejected.append(Rejected(index_no, number.value, "CAS check digit does not match"))
    return tuple(n.value for n in numbers if n.valid)


def _h_codes(path: Path, index_no: str, lines: list[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for line in lines:
        if _ONLY_MARKS.match(line):
            continue
        try:
            codes.extend(parse_codes(line))
        except ToxicologyError as exc:
            raise ClpFormatError(f"{path}: entry {index_no}: {exc}") from exc
    return _unique(codes)


def _entry(path: Path, row: list[str], col: dict[str, int], rejected: list[Rejected]) -> ClpEntry:
    index_no = row[col[INDEX_NO]].strip()
    classes_printed = _lines(row[col[CLASSES]])
    codes_printed = _lines(row[col[H_CODES]])
    classes = [_MARKS.sub("", c) for c in classes_printed if not _ONLY_MARKS.match(c)]
    return ClpEntry(
        index_no=index_no,
        name="\n".join(_lines(row[col[NAME]])),
        ec=_unique(_EC.findall(row[col[EC_NO]])),
        cas=_cas(index_no, row[col[CAS_NO]], rejected),
        classes=_unique(classes),
        h_codes=_h_codes(path, index_no, codes_printed),
        classes_as_printed=tuple(classes_printed),
        h_codes_as_printed=tuple(codes_printed),
        scl="\n".join(_lines(row[col[SCL]])),
        notes=" ".join(_lines(row[col[NOTES]])),
        atp=" ".join(_lines(row[col[ATP]])),
    )


def parse_clp(path: Path) -> ClpDataset:
    """Every entry of ECHA's Annex VI table at ``path``, in Annex order."""
    raw = path.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    start = next((i for i, r in enumerate(rows) if r and r[0].strip() == INDEX_NO), None)
    if start is None or start + 1 >= len(rows):
        raise ClpFormatError(f"{path}: no header row with column {INDEX_NO!r}")
    col = _columns(path, rows[start], rows[start + 1])
    version, source = _version(path, rows[:start])
    width = max(col.values()) + 1
    entries: list[ClpEntry] = []
    rejected: list[Rejected] = []
    for row in rows[start + 2 :]:
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (width - len(row))
        if not _INDEX.match(row[col[INDEX_NO]].strip()):
            value = " | ".join(c.strip() for c in row if c.strip())
            rejected.append(Rejected("", value, "row without an Annex VI index number"))
            continue
        entries.append(_entry(path, row, col, rejected))
    digest = hashlib.sha256(raw).hexdigest()
    return ClpDataset(source, digest, version, tuple(entries), tuple(rejected))


def to_gzip_json(dataset: ClpDataset) -> bytes:
    """The shipped bytes: sorted keys, no timestamp in the gzip header."""
    text = json.dumps(dataset.to_json(), sort_keys=True, ensure_ascii=False, indent=None)
    return gzip.compress((text + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the shipped CLP Annex VI table.")
    parser.add_argument("csv", type=Path, help="ECHA's Annex VI table (clp.csv)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="gzip JSON to write")
    args = parser.parse_args(argv)
    dataset = parse_clp(args.csv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(to_gzip_json(dataset))
    groups = sum(1 for e in dataset.entries if not e.cas)
    print(
        f"{len(dataset.entries)} entries ({groups} without CAS), "
        f"{len(dataset.rejected)} rejected, {dataset.version} → {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
