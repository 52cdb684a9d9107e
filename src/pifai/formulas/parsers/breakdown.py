"""Raw-material breakdown sheets: raw material | INCI | % in raw material | CAS.

Suppliers list one INCI per row and write the raw material's name once (merged down, or
left blank under it); both layouts mean "same raw material as above". The result feeds
`raw_materials.resolve` as its library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pifai.formulas.amounts import read_amount
from pifai.formulas.headers import Field, HeaderMatch, Purpose
from pifai.formulas.model import Component, FormulaInputError, Location, RowProblem
from pifai.formulas.parsers.csv_parser import read_csv
from pifai.formulas.parsers.table import EMPTY, YES_WORDS, Cell, Grid, clean_cas
from pifai.formulas.parsers.xlsx_parser import read_xlsx
from pifai.formulas.sniff import FileKind, sniff

MAX_BREAKDOWN_ROWS = 50_000  # a supplier's whole catalogue, one INCI per row


@dataclass(frozen=True)
class BreakdownSheet:
    materials: Mapping[str, tuple[Component, ...]]  # raw material name as written → INCI
    problems: tuple[RowProblem, ...]
    source: str = ""


def parse_breakdown(data: bytes, filename: str) -> BreakdownSheet:
    """Read a breakdown sheet (CSV or xlsx) into raw material → components."""
    kind = sniff(data, filename)
    if kind is FileKind.PDF:
        raise FormulaInputError(
            f"{filename} is a PDF; a raw-material breakdown must be a CSV or xlsx sheet",
            source=filename,
        )
    if kind is FileKind.XLSX:
        grid, header, _ = read_xlsx(data, filename, Purpose.BREAKDOWN, MAX_BREAKDOWN_ROWS)
    else:
        grid, header = read_csv(data, filename, Purpose.BREAKDOWN, MAX_BREAKDOWN_ROWS)
    return _build(grid, header)


def _build(grid: Grid, header: HeaderMatch) -> BreakdownSheet:
    columns = header.columns
    inci_field = Field.INCI if Field.INCI in columns else Field.NAME
    share_field = Field.SHARE if Field.SHARE in columns else Field.AMOUNT

    def cell(cells: tuple[Cell, ...], name: Field) -> Cell:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else EMPTY

    materials: dict[str, list[Component]] = {}
    problems: list[RowProblem] = []
    current: str | None = None
    for number, cells in grid.rows[header.index + 1 :]:
        if all(c.blank for c in cells):
            continue
        location = Location(grid.file, grid.sheet, number)
        material = cell(cells, Field.RAW_MATERIAL)
        if material.text:  # blank under a raw material, or merged down: the same one
            current = material.text
        if current is None:
            problems.append(
                RowProblem(location, "no raw material named above this row", field="raw_material")
            )
            continue
        inci = cell(cells, inci_field)
        if not inci.text or inci.problem:
            problems.append(
                RowProblem(location, inci.problem or "the row has no INCI name", field="inci")
            )
            continue
        share_cell = cell(cells, share_field)
        where = Location(grid.file, grid.sheet, number, header.label(share_field))
        if share_cell.problem:
            problems.append(RowProblem(where, share_cell.problem, field="share"))
            share = read_amount(None, where)[0]
        else:
            share, problem = read_amount(
                share_cell.value if share_cell.value is not None else share_cell.text, where
            )
            if problem is not None:
                problems.append(RowProblem(where, problem.message, problem.severity, "share"))
        impurity = cell(cells, Field.IMPURITY).text.strip().lower() in YES_WORDS
        component = Component(inci.text, share, clean_cas(cell(cells, Field.CAS).text), impurity)
        materials.setdefault(current, []).append(component)
    if not materials:
        problems.append(
            RowProblem(
                Location(grid.file, grid.sheet), "the sheet lists no raw material breakdowns"
            )
        )
    frozen = {name: tuple(parts) for name, parts in materials.items()}
    return BreakdownSheet(frozen, tuple(problems), grid.file)
