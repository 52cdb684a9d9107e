"""xlsx formula workbooks, opened defensively (tech-pitfalls B-15).

Order of work, each step bounding the next:
1. the zip directory is checked before anything inflates: entry count, declared
   uncompressed total, per-entry compression ratio, worksheet XML size (zip bombs);
2. a streaming (read-only) pass picks the sheet whose first 20 rows hold an ingredient
   header and counts its rows, so a 10,000-row sheet is refused without loading it;
3. only then the workbook is loaded in normal mode — needed for merged ranges — twice:
   cached values (`data_only=True`) and formulas, so a formula that Excel never computed
   (openpyxl, pandas and xlsxwriter write none) is reported on its cell instead of read
   as blank. openpyxl parses XML through defusedxml when it is installed (it is).
"""

from __future__ import annotations

import bisect
import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, NoReturn

# openpyxl and defusedxml ship no type information
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import openpyxl.xml  # type: ignore[import-untyped, unused-ignore]
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import Cell as XlCell  # type: ignore[import-untyped, unused-ignore]

from pifai.formulas.amounts import format_percent, number_text
from pifai.formulas.headers import HeaderMatch, Purpose, describe_expected, find_header
from pifai.formulas.model import FormulaInputError, Location, ParsedFormula, RowProblem, Severity
from pifai.formulas.parsers.table import (
    MAX_FORMULA_ROWS,
    Cell,
    Grid,
    GridRow,
    build_formula,
    column_letter,
    enforce_row_cap,
)

MAX_ZIP_ENTRIES = 1_000  # an xlsx has a few dozen parts
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # everything inflated, images included
MAX_COMPRESSION_RATIO = 100  # XML compresses ~10-20x; 1000x is a bomb
RATIO_FLOOR_BYTES = 1024 * 1024  # smaller entries cannot hurt whatever their ratio
MAX_SHEET_XML_BYTES = 16 * 1024 * 1024  # all worksheets + shared strings (≈ 150k rows)
MAX_COLUMNS = 50  # columns read; a formula table has < 20

_Row = tuple[Any, ...]


def check_zip(data: bytes, filename: str) -> None:
    """Refuse decompression bombs and non-workbooks from the zip directory alone."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        _fail(filename, "is a damaged zip/xlsx file; open it in Excel and save it again")
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            _fail(
                filename, f"holds {len(infos):,} zip entries (limit {MAX_ZIP_ENTRIES:,}); refused"
            )
        _check_bomb(infos, filename)
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            _fail(filename, f"is {_what_zip(names)}, not an Excel workbook; expected an .xlsx file")
        if any(info.flag_bits & 0x1 for info in infos):
            _fail(filename, "is encrypted; remove the password in Excel and save again")
        sheet_xml = sum(
            info.file_size
            for info in infos
            if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml"
        )
        if sheet_xml > MAX_SHEET_XML_BYTES:
            _fail(
                filename,
                f"has {sheet_xml / 1_048_576:.0f} MB of sheet data (limit "
                f"{MAX_SHEET_XML_BYTES // 1_048_576} MB); a formula is far smaller — "
                "remove unrelated sheets",
            )


def _check_bomb(infos: list[zipfile.ZipInfo], filename: str) -> None:
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        _fail(
            filename,
            f"would inflate to {total / 1_048_576:,.0f} MB (limit "
            f"{MAX_UNCOMPRESSED_BYTES // 1_048_576} MB): a decompression bomb or not a "
            "formula; refused",
        )
    for info in infos:
        if info.file_size <= RATIO_FLOOR_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            _fail(
                filename,
                f"is a decompression bomb: {info.filename} inflates {ratio:,.0f}x "
                f"(limit {MAX_COMPRESSION_RATIO}x); refused",
            )


def _what_zip(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint file (.pptx)"
    if "content.xml" in names and "mimetype" in names:
        return "an OpenDocument file (.ods/.odt; save it as .xlsx)"
    return "a zip archive"


def _fail(filename: str, message: str) -> NoReturn:
    raise FormulaInputError(f"{filename} {message}", source=filename)


@contextmanager
def _untrusted(filename: str) -> Iterator[None]:
    """Any failure while reading an untrusted workbook is the file's fault: report it
    as a `FormulaInputError`, naming XML entity attacks (refused by defusedxml)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style", unsupported extensions
            yield
    except FormulaInputError:
        raise
    except Exception as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, DefusedXmlException):
                _fail(filename, "contains XML entity declarations (an XML bomb?); refused")
            cause = cause.__cause__ or cause.__context__
        _fail(filename, f"cannot be opened as an Excel workbook ({type(exc).__name__})")


def _load(data: bytes, filename: str, **options: bool) -> Any:
    if not openpyxl.xml.DEFUSEDXML:  # fail closed: never parse untrusted XML unguarded
        raise RuntimeError("defusedxml must be installed to read uploaded workbooks")
    with _untrusted(filename):
        return openpyxl.load_workbook(io.BytesIO(data), **options)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number_text(float(value))
    return str(value).strip()


def _choose_sheet(
    data: bytes, filename: str, purpose: Purpose, cap: int
) -> tuple[str, HeaderMatch, list[int], list[RowProblem]]:
    """Stream each sheet's first rows to find the table; count the chosen sheet's rows."""
    workbook = _load(data, filename, read_only=True, data_only=True)
    try:
        with _untrusted(filename):
            titles = [ws.title for ws in workbook.worksheets]
            for ws in workbook.worksheets:
                rows: Iterator[_Row] = ws.iter_rows(
                    min_row=1, max_col=MAX_COLUMNS, values_only=True
                )
                head = [[_as_text(v) for v in row] for _, row in zip(range(20), rows, strict=False)]
                header = find_header(head, purpose)
                if header is not None:
                    numbers = _row_numbers(head, rows, header.index, cap, filename, ws.title)
                    return ws.title, header, numbers, _sheet_note(filename, ws.title, titles)
    finally:
        workbook.close()
    listed = ", ".join(repr(t) for t in titles)
    _fail(
        filename,
        f"has no ingredient table in any sheet ({listed}): expected {describe_expected(purpose)}",
    )


def _sheet_note(filename: str, chosen: str, titles: list[str]) -> list[RowProblem]:
    """Say which sheet was read when there was a choice."""
    if len(titles) < 2:
        return []
    others = ", ".join(repr(t) for t in titles if t != chosen)
    message = (
        f"the workbook has {len(titles)} sheets; the formula was read from {chosen!r} "
        f"(ignored: {others})"
    )
    return [RowProblem(Location(filename, chosen), message, Severity.WARNING)]


def _row_numbers(
    head: list[list[str]], rest: Iterator[_Row], header: int, cap: int, filename: str, title: str
) -> list[int]:
    """Numbers of the rows worth loading (the first 20, then non-empty ones); refuses the
    sheet as soon as it has more than `cap` rows below the header. Listing rows, not a
    last row, keeps a stray cell at row 1,048,576 from making us build a million rows."""
    numbers = list(range(1, len(head) + 1))
    count = sum(1 for row in head[header + 1 :] if any(row))
    for number, values in enumerate(rest, start=len(head) + 1):
        if any(v is not None and str(v).strip() for v in values):
            count += 1
            enforce_row_cap(count, cap, filename, f"sheet {title!r}")
            numbers.append(number)
    return numbers


def _cell(value_cell: XlCell, formula_cell: XlCell, sheet: str) -> Cell:
    letter = column_letter(value_cell.column)
    where = f"{sheet}!{value_cell.coordinate}"
    value = value_cell.value
    if formula_cell.data_type == "f" and value is None:
        formula = str(getattr(formula_cell.value, "text", formula_cell.value))
        if not formula.startswith("="):
            formula = "=" + formula
        problem = (
            f"{where} holds the formula {formula} with no computed value; open and save it in Excel"
        )
        return Cell(formula, column=letter, problem=problem)
    if value_cell.data_type == "e":
        return Cell(str(value), column=letter, problem=f"{where} shows the Excel error {value}")
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
        if "%" in (value_cell.number_format or ""):
            number = round(number * 100, 10)  # 0.93 shown as "93%" means 93 %
            return Cell(f"{format_percent(number)}%", number, letter)
        return Cell(number_text(number), number, letter)
    if value is None:
        return Cell("", column=letter)
    if isinstance(value, str):
        return Cell(value.strip(), column=letter)
    return Cell(str(value), value, letter)


def _merged(values: Any, numbers: list[int], width: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of each non-top-left merged cell we load → its top-left."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for bounds in values.merged_cells.ranges:
        top, left = bounds.min_row, bounds.min_col
        start = bisect.bisect_left(numbers, top)
        stop = bisect.bisect_right(numbers, bounds.max_row)
        for r in numbers[start:stop]:
            for c in range(left, min(bounds.max_col, width) + 1):
                if (r, c) != (top, left):
                    merged[(r, c)] = (top, left)
    return merged


def _grid_rows(values: Any, formulas: Any, numbers: list[int]) -> tuple[GridRow, ...]:
    """Cells of the listed rows; merged ranges filled from their top-left cell."""
    width = min(values.max_column or 1, MAX_COLUMNS)
    merged = _merged(values, numbers, width)
    seen: dict[tuple[int, int], Cell] = {}
    out = []
    for number in numbers:
        cells = []
        for column in range(1, width + 1):
            key = (number, column)
            origin = merged.get(key)
            if origin is not None and origin in seen:
                top = seen[origin]
                cell = replace(top, continued=number > origin[0])
            else:
                cell = _cell(
                    values.cell(number, column), formulas.cell(number, column), values.title
                )
            seen[key] = cell
            cells.append(cell)
        out.append((number, tuple(cells)))
    return tuple(out)


def read_xlsx(
    data: bytes, filename: str, purpose: Purpose = Purpose.FORMULA, cap: int = MAX_FORMULA_ROWS
) -> tuple[Grid, HeaderMatch, list[RowProblem]]:
    """The chosen sheet as a grid, its header and notes about the sheet choice."""
    check_zip(data, filename)
    title, header, numbers, notes = _choose_sheet(data, filename, purpose, cap)
    values = _load(data, filename, data_only=True)
    formulas = _load(data, filename, data_only=False)
    try:
        with _untrusted(filename):
            rows = _grid_rows(values[title], formulas[title], numbers)
    finally:
        values.close()
        formulas.close()
    return Grid(filename, rows, "xlsx", sheet=title), header, notes


def parse_xlsx(data: bytes, filename: str) -> ParsedFormula:
    grid, header, notes = read_xlsx(data, filename)
    formula = build_formula(grid, header)
    if not notes:
        return formula
    return replace(formula, problems=(*notes, *formula.problems))
