"""PDF formulas with a text table (tech-pitfalls B-16).

pdfplumber's table finder needs ruling lines that supplier PDFs often lack, so we work
from words: words on the same baseline form a line, words close together form a cell,
the header line (same vocabulary as spreadsheets) fixes the column boundaries, and every
later line's cells go to the column under which they sit. A line holding only a name is
the wrapped tail of the line above. Scans (no text layer) and undecodable fonts are
refused: they need OCR, which this parser does not do.
"""

from __future__ import annotations

import io
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pdfplumber

from pifai.formulas.headers import NAME_FIELDS, Field, HeaderMatch, describe_expected, match_row
from pifai.formulas.model import FormulaInputError, Location, ParsedFormula, RowProblem, Severity
from pifai.formulas.parsers.table import (
    MAX_FORMULA_ROWS,
    Cell,
    Grid,
    build_formula,
    enforce_row_cap,
)

MAX_PDF_PAGES = 50  # a formula is a page or two; long PDFs are reports, not formulas
_LINE_TOLERANCE = 3.0  # pt: words whose tops differ less share a line
_CELL_GAP = 0.8  # × text height: a wider gap between words starts a new cell
_TABLE_END_GAP = 3.0  # × usual line pitch: a wider gap ends the table on the page
_WRAP_GAP = 1.6  # × text height: a name-only line this close continues the name above


@dataclass(frozen=True)
class _Phrase:
    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class _Line:
    page: int
    number: int  # 1-based line number on the page
    top: float
    height: float
    phrases: tuple[_Phrase, ...]


def parse_pdf(data: bytes, filename: str) -> ParsedFormula:
    lines = _read_lines(data, filename)
    header_at = next(
        (i for i, line in enumerate(lines) if match_row([p.text for p in line.phrases])),
        None,
    )
    if header_at is None:
        raise FormulaInputError(
            f"no ingredient table found in {filename}: expected {describe_expected()}; "
            "a scanned or image-only table needs the spreadsheet instead",
            source=filename,
        )
    header_line = lines[header_at]
    labels = tuple(p.text for p in header_line.phrases)
    columns = match_row(list(labels)) or {}
    header = HeaderMatch(0, columns, labels)
    table = _table_lines(lines[header_at + 1 :], header_line, header)
    enforce_row_cap(len(table.rows), MAX_FORMULA_ROWS, filename)
    where = {1: (header_line.page, header_line.number)}
    rows = [(1, tuple(Cell(text) for text in labels))]
    for index, (line, cells) in enumerate(table.rows, start=2):
        where[index] = (line.page, line.number)
        rows.append((index, tuple(Cell(text) for text in cells)))
    formula = _relocate(build_formula(Grid(filename, tuple(rows), "pdf"), header), where)
    return replace(formula, problems=(*formula.problems, *_join_notes(filename, table)))


def _read_lines(data: bytes, filename: str) -> list[_Line]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # untrusted input: any parser failure is the file's fault
        raise FormulaInputError(
            f"{filename} cannot be read as a PDF ({type(exc).__name__}); if it is "
            "password-protected, remove the password",
            source=filename,
        ) from None
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise FormulaInputError(
                f"{filename} has {len(pdf.pages)} pages (limit {MAX_PDF_PAGES}); upload "
                "the formula pages only",
                source=filename,
            )
        lines: list[_Line] = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                words = page.dedupe_chars().extract_words()
            except Exception as exc:  # damaged content streams
                raise FormulaInputError(
                    f"{filename}: page {number} cannot be read ({type(exc).__name__})",
                    source=filename,
                ) from None
            finally:
                page.close()
            lines.extend(_lines(words, number))
    if not lines:
        raise FormulaInputError(
            f"{filename} has no text layer (a scan or a picture?); upload the formula "
            "spreadsheet or a PDF exported from it",
            source=filename,
        )
    if any("(cid:" in p.text for line in lines for p in line.phrases):
        raise FormulaInputError(
            f"{filename} uses fonts whose text cannot be extracted; export the PDF again "
            "with embedded Unicode fonts or upload the spreadsheet",
            source=filename,
        )
    return lines


def _lines(words: Sequence[dict[str, Any]], page: int) -> list[_Line]:
    """Words → lines (same top within tolerance) → phrases (words close together)."""
    ordered = sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"])))
    groups: list[list[dict[str, Any]]] = []
    for word in ordered:
        if groups and abs(float(word["top"]) - float(groups[-1][0]["top"])) <= _LINE_TOLERANCE:
            groups[-1].append(word)
        else:
            groups.append([word])
    lines = []
    for number, group in enumerate(groups, start=1):
        group.sort(key=lambda w: float(w["x0"]))
        height = statistics.median(float(w["bottom"]) - float(w["top"]) for w in group)
        lines.append(_Line(page, number, float(group[0]["top"]), height, _phrases(group, height)))
    return lines


def _phrases(words: Sequence[dict[str, Any]], height: float) -> tuple[_Phrase, ...]:
    phrases: list[_Phrase] = []
    for word in words:
        x0, x1, text = float(word["x0"]), float(word["x1"]), str(word["text"])
        if phrases and x0 - phrases[-1].x1 <= _CELL_GAP * height:
            last = phrases[-1]
            phrases[-1] = _Phrase(f"{last.text} {text}", last.x0, x1)
        else:
            phrases.append(_Phrase(text, x0, x1))
    return tuple(phrases)


def _boundaries(header: _Line) -> list[float]:
    """Column i spans up to boundary i: midway between header cells i and i+1."""
    cells = header.phrases
    return [(cells[i].x1 + cells[i + 1].x0) / 2 for i in range(len(cells) - 1)]


def _cells(line: _Line, bounds: list[float], width: int) -> list[str]:
    cells = [""] * width
    for phrase in line.phrases:
        column = sum(1 for b in bounds if phrase.center > b)
        cells[column] = f"{cells[column]} {phrase.text}".strip()
    return cells


@dataclass
class _Table:
    rows: list[tuple[_Line, list[str]]]
    joined: list[tuple[_Line, _Line, str]]  # (wrapped line, line it joined, text)


def _table_lines(lines: Sequence[_Line], header_line: _Line, header: HeaderMatch) -> _Table:
    """Lines of the table after the header: repeated headers skipped, wrapped names
    joined to their line, the table on a page ending at a wide vertical gap."""
    bounds = _boundaries(header_line)
    name_col = min(header.columns[f] for f in NAME_FIELDS if f in header.columns)
    amount_col = header.columns[Field.AMOUNT]
    table = _Table([], [])
    previous: _Line | None = header_line
    gaps: list[float] = []
    for line in lines:
        if match_row([p.text for p in line.phrases]):
            previous = line  # the header repeated on a later page
            continue
        gap = line.top - previous.top if previous and previous.page == line.page else None
        pitch = statistics.median(gaps[-10:]) if gaps else header_line.height * 1.5
        if gap is None or gap > _TABLE_END_GAP * pitch:
            previous = None  # a new page or a wide gap: wait for a line with an amount
        cells = _cells(line, bounds, len(header.labels))
        if previous is None and not cells[amount_col]:
            continue
        only_name = not any(c for i, c in enumerate(cells) if i != name_col)
        if only_name and table.rows and gap is not None and gap <= _WRAP_GAP * line.height:
            target, target_cells = table.rows[-1]
            target_cells[name_col] = f"{target_cells[name_col]} {cells[name_col]}".strip()
            table.joined.append((line, target, cells[name_col]))
        else:
            table.rows.append((line, cells))
        if gap is not None and previous is not None:
            gaps.append(gap)
        previous = line
    return table


def _join_notes(filename: str, table: _Table) -> list[RowProblem]:
    """A joined line might be an ingredient without an amount: say so, never silently."""
    return [
        RowProblem(
            Location(filename, f"page {line.page}", line.number),
            f"{text!r} was read as the end of the name on line {target.number} (a wrapped "
            "name); if it is an ingredient of its own, give it an amount",
            Severity.WARNING,
            "name",
        )
        for line, target, text in table.joined
    ]


def _relocate(formula: ParsedFormula, where: dict[int, tuple[int, int]]) -> ParsedFormula:
    """Grid row numbers → "page N, line M" locations the user can find."""

    def fix(location: Location) -> Location:
        if location.row is None or location.row not in where:
            return location
        page, line = where[location.row]
        return replace(location, sheet=f"page {page}", row=line)

    rows = tuple(replace(row, location=fix(row.location)) for row in formula.rows)
    problems = tuple(replace(p, location=fix(p.location)) for p in formula.problems)
    return replace(formula, rows=rows, problems=problems)
