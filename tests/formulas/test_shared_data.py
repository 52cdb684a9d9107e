"""Every real formula file in ../shared/data parses, and every data row ends either as a
parsed row or as a reported problem. The files are read in place, never copied."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from pifai.formulas.model import ParsedFormula, Severity
from pifai.formulas.parsers import parse_file

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "formulas" / "normalized"
FILES = sorted([*DATA.glob("*.csv"), *DATA.glob("*.xlsx"), *DATA.glob("pel/*.csv")])
HEADER_MARKS = {"%", "PERCENTAGE", "含量 (%)"}
HEADER_ONLY = {"61-oil-cleansing-balm.csv"}  # the export has a header and no rows

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared formula data not present")


def data_row_numbers(path: Path) -> set[int]:
    """Row numbers of non-blank rows below the header, read independently of the parser."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header = next(
        i for i, row in enumerate(rows) if HEADER_MARKS & {c.strip().upper() for c in row}
    )
    return {i + 1 for i, row in enumerate(rows) if i > header and any(c.strip() for c in row)}


def parse(path: Path) -> ParsedFormula:
    return parse_file(path.read_bytes(), path.name)


def test_all_files_are_found() -> None:
    assert len([p for p in FILES if p.parent.name == "pel"]) == 78
    assert len(FILES) == 88  # 7 CSV and 3 xlsx at the top, 78 raw-material formulas


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_row_parsed_or_reported(path: Path) -> None:
    formula = parse(path)
    parsed = {row.location.row for row in formula.rows}
    reported = {p.location.row for p in formula.problems if p.location.row is not None}
    assert data_row_numbers(path) <= parsed | reported
    assert all(row.raw and row.location.file == path.name for row in formula.rows)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_row_errors_except_the_header_only_file(path: Path) -> None:
    errors = [p for p in parse(path).problems if p.severity is Severity.ERROR]
    assert bool(errors) == (path.name in HEADER_ONLY)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_chinese_supplier_sheet(suffix: str) -> None:
    formula = parse(DATA / f"face-mist_supplier-sheet-zh{suffix}")
    assert len(formula.rows) == 15
    by_inci = {row.inci: row for row in formula.rows}
    water = formula.rows[0]
    assert (water.inci, water.zh_name, water.amount.high) == ("WATER（AQUA)", "水", 93)
    assert by_inci["PHENOXYETHANOL"].amount.high == 0.6
    assert by_inci["FRAGRANCE"].cas is None  # "/" means no CAS
    assert by_inci["PANTHENOL"].cas == "81-13-0"
    assert by_inci["PHENOXYETHANOL"].function == "PRESERVATIVE"


def test_xlsx_with_header_on_row_4_under_a_merged_title() -> None:
    formula = parse(DATA / "body-cream_regima-target-cellulite-complex.xlsx")
    assert formula.sheet == "配方表"
    assert len(formula.rows) == 21
    first = formula.rows[0]
    assert (first.name, first.cas, first.amount.high) == (
        "Prunus Amygdalus Dulcis Oil",
        "8007-69-0",
        11.40612,
    )
    assert first.location.row == 5
    assert first.raw.startswith("1 | Prunus Amygdalus Dulcis Oil")


def test_xlsx_and_csv_of_the_same_formula_agree() -> None:
    stem = "face-mask_regima-o2-radiance-luminosity-masque"
    from_csv, from_xlsx = parse(DATA / f"{stem}.csv"), parse(DATA / f"{stem}.xlsx")
    assert [(r.name, r.amount.high) for r in from_csv.rows] == [
        (r.name, r.amount.high) for r in from_xlsx.rows
    ]


def test_ranges_and_balance_in_the_wet_wipes_sheet() -> None:
    rows = {
        row.name: row for row in parse(DATA / "wet-wipes_aura-beauty-refreshing-wipes.csv").rows
    }
    assert rows["Aqua"].amount.kind.value == "balance"
    assert (rows["Phenoxyethanol"].amount.low, rows["Phenoxyethanol"].amount.upper) == (0.4, 0.6)
