"""CSV formula files: any of the encodings Excel saves in Taiwan and Europe, comma,
semicolon (European Excel, where the comma is the decimal point), tab or pipe separated.

The separator is chosen by how consistently it splits the first lines, then confirmed by
finding a header row with it — a semicolon file with "0,5" amounts splits "evenly" on
commas too, but only the semicolon yields a header.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from pifai.formulas.headers import HeaderMatch, Purpose, describe_expected, find_header
from pifai.formulas.model import FormulaInputError, ParsedFormula
from pifai.formulas.parsers.table import (
    MAX_FORMULA_ROWS,
    Cell,
    Grid,
    build_formula,
    column_letter,
    enforce_row_cap,
)
from pifai.formulas.sniff import decode_text

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 30
_MAX_COLUMNS = 200  # a formula has < 20 columns; more is not a formula table


def read_csv(
    data: bytes, filename: str, purpose: Purpose = Purpose.FORMULA, cap: int = MAX_FORMULA_ROWS
) -> tuple[Grid, HeaderMatch]:
    """Decode, split and locate the header; `FormulaInputError` when no table is found."""
    text, encoding = decode_text(data, filename)
    text = text.lstrip("\ufeff")
    for delimiter in _ranked_delimiters(text, filename):
        rows = _split(text, delimiter, filename)
        header = find_header(rows, purpose)
        if header is None:
            continue
        below = sum(1 for row in rows[header.index + 1 :] if any(c.strip() for c in row))
        enforce_row_cap(below, cap, filename)
        grid = Grid(
            file=filename,
            rows=tuple((number, _cells(row)) for number, row in enumerate(rows, start=1)),
            format="csv",
            encoding=encoding,
        )
        return grid, header
    raise FormulaInputError(
        f"no ingredient table found in {filename}: expected {describe_expected(purpose)}"
        + _hint(text),
        source=filename,
    )


class OversizedCellError(FormulaInputError):
    """A cell over the csv module's limit: said as such, not as "no table found"."""


def parse_csv(data: bytes, filename: str) -> ParsedFormula:
    grid, header = read_csv(data, filename)
    return build_formula(grid, header)


def _ranked_delimiters(text: str, filename: str) -> list[str]:
    """Delimiters that split the first lines into a consistent number (≥ 2) of fields,
    most consistent first."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    scored: list[tuple[int, int, str]] = []
    oversized: FormulaInputError | None = None
    for delimiter in DELIMITERS:
        try:
            rows = _read(sample, delimiter, filename)
        except FormulaInputError as exc:
            oversized = oversized or (exc if isinstance(exc, OversizedCellError) else None)
            continue
        # title lines above the table have one field; only multi-field lines vote
        widths = Counter(len(row) for row in rows if sum(1 for c in row if c.strip()) > 1)
        if widths:
            width, count = widths.most_common(1)[0]
            scored.append((count, width, delimiter))
    if not scored and oversized is not None:
        raise oversized
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [delimiter for _, _, delimiter in scored]


def _split(text: str, delimiter: str, filename: str) -> list[list[str]]:
    return [row[:_MAX_COLUMNS] for row in _read(text, delimiter, filename)]


def _read(text: str, delimiter: str, filename: str) -> list[list[str]]:
    """All rows; a CSV error names the row it stopped at. A cell over the csv module's
    limit is nearly always an unbalanced quote swallowing the rest of the file."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise OversizedCellError(
                f"{filename}, row {reader.line_num}: a cell is longer than "
                f'{csv.field_size_limit()} characters — check for an unbalanced quote (") '
                "that runs on into the following rows",
                source=filename,
            ) from None
        raise FormulaInputError(
            f"{filename}, row {reader.line_num}: not readable as CSV: {exc}", source=filename
        ) from None


def _cells(row: list[str]) -> tuple[Cell, ...]:
    return tuple(Cell(text.strip(), column=column_letter(i + 1)) for i, text in enumerate(row))


def _hint(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    if first.count(",") >= 3 and "\n" not in text.strip():
        return "; if this is the ingredient list from a label, paste it as an INCI list instead"
    return ""
