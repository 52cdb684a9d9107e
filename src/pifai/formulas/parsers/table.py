"""From a grid of cells (CSV rows, a worksheet, words of a PDF) to a `ParsedFormula`.

All three readers produce the same `Grid`, so header finding, amount reading and the
rules for odd rows live once, here. Each data row ends either as a `ParsedRow` or as a
`RowProblem` (or both, when the row is kept but cannot be judged); only blank rows,
"Total" lines and "Phase A" labels are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pifai.formulas.amounts import read_amount
from pifai.formulas.headers import Field, HeaderMatch, Purpose, describe_expected, find_header
from pifai.formulas.model import (
    Amount,
    AmountKind,
    Component,
    FormulaInputError,
    Location,
    ParsedFormula,
    ParsedRow,
    RowProblem,
    Severity,
)

MAX_FORMULA_ROWS = 2_000  # real formulas have < 200 lines; SPEC §19 wants 10,000 refused
_NOTE_CHARS = 60  # a lone cell this long after the table is a note, not an ingredient
_TOTAL = re.compile(r"(?:total|totals|sum|合計|合计|總計|总计|總和|总和|小計|小计)\W*(?:%|100%?)?")
_PHASE = re.compile(r"(?:phase|part|相)\s*[a-z0-9]{1,2}|[a-z]\s*相|[a-z]\s*phase")
_NOTE = re.compile(r"(?:備註|备注|註|注|notes?|remarks?)\s*[:：].*|\*.*", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[\s/\\\-–—_.?]*|n/?a|none|nil|無|无|not\s*applicable")
_NO_CAS = re.compile(r"mixture|混合物|see\s*below|見下|见下")
YES_WORDS = frozenset({"y", "yes", "true", "1", "x", "✓", "是", "有", "impurity", "雜質", "杂质"})
_GARBLED = re.compile(r"\ufffd|Ã[\u0080-\u00bf]|â€")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Cell:
    text: str  # as shown, stripped; "" when empty
    value: object = None  # typed spreadsheet value (number, date); None → read `text`
    column: str = ""  # column letter, for messages
    problem: str | None = None  # the cell itself is unusable (formula without a value…)
    continued: bool = False  # filled from a vertical merge above, not its top-left cell

    @property
    def blank(self) -> bool:
        return not self.text and self.problem is None


EMPTY = Cell("")
GridRow = tuple[int, tuple[Cell, ...]]  # 1-based row number as the user sees it, cells


@dataclass(frozen=True)
class Grid:
    file: str
    rows: tuple[GridRow, ...]
    format: str
    sheet: str | None = None
    encoding: str | None = None


def column_letter(number: int) -> str:
    """1 → "A", 27 → "AA": how Excel names the column the user must look at."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def texts(cells: Sequence[Cell]) -> list[str]:
    return [cell.text for cell in cells]


def locate_header(grid: Grid, purpose: Purpose = Purpose.FORMULA) -> HeaderMatch:
    """The header row, or a `FormulaInputError` saying what was looked for."""
    match = find_header([texts(cells) for _, cells in grid.rows], purpose)
    if match is None:
        where = f"sheet {grid.sheet!r} of {grid.file}" if grid.sheet else grid.file
        raise FormulaInputError(
            f"no ingredient table found in {where}: expected {describe_expected(purpose)}",
            source=grid.file,
        )
    return match


def enforce_row_cap(count: int, cap: int, file: str, where: str = "") -> None:
    if count > cap:
        place = f" ({where})" if where else ""
        raise FormulaInputError(
            f"{file}{place} has more than {cap:,} rows below the header; a formula has at "
            f"most a few hundred lines — remove unrelated rows or split the file",
            source=file,
        )


def clean_text(text: str) -> str | None:
    """The text, or None for the placeholders suppliers put in empty cells ("/", "-")."""
    stripped = text.strip()
    folded = unicodedata.normalize("NFKC", stripped).lower()
    return None if _PLACEHOLDER.fullmatch(folded) else stripped


def clean_cas(text: str) -> str | None:
    """CAS as written, or None for placeholders ("/", "N/A", "mixture")."""
    cleaned = clean_text(unicodedata.normalize("NFKC", text))
    if cleaned is None or _NO_CAS.fullmatch(cleaned.lower()):
        return None
    return cleaned


def is_garbled(text: str) -> bool:
    """Replacement characters or UTF-8 read as Latin-1 ("Ã©"): the name is unusable."""
    return bool(_GARBLED.search(text))


@dataclass
class _Line:
    """A formula line being built; continuation rows add breakdown components to it."""

    row: ParsedRow
    inci: list[tuple[str, Amount, str | None, bool]] = field(default_factory=list)


class _Builder:
    def __init__(self, grid: Grid, header: HeaderMatch) -> None:
        self.grid = grid
        self.header = header
        self.columns = header.columns
        self.rows: list[ParsedRow] = []
        self.problems: list[RowProblem] = []
        self.current: _Line | None = None
        self.has_breakdown = Field.RAW_MATERIAL in self.columns and (
            Field.INCI in self.columns or Field.NAME in self.columns
        )

    # -- cells ------------------------------------------------------------------------
    def cell(self, cells: Sequence[Cell], name: Field) -> Cell:
        index = self.columns.get(name)
        if index is None or index >= len(cells):
            return EMPTY
        return cells[index]

    def location(self, number: int, name: Field | None = None) -> Location:
        column = None
        if name is not None:
            column = self.header.label(name) or None
        return Location(self.grid.file, self.grid.sheet, number, column)

    def problem(
        self, number: int, message: str, name: Field | None, severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(
            RowProblem(self.location(number, name), message, severity, name.value if name else None)
        )

    def text(self, cells: Sequence[Cell], name: Field, number: int) -> str:
        cell = self.cell(cells, name)
        if cell.problem:
            self.problem(number, cell.problem, name)
        return cell.text

    def amount(self, cells: Sequence[Cell], name: Field, number: int) -> Amount:
        cell = self.cell(cells, name)
        if cell.problem:
            self.problem(number, cell.problem, name)
            return Amount.missing(cell.text)
        if cell.continued:
            self.problem(
                number,
                "the amount cell is merged with the row above; give each line its own amount",
                name,
            )
            return Amount.missing("")
        amount, problem = read_amount(
            cell.value if cell.value is not None else cell.text, self.location(number, name)
        )
        if problem is not None:
            if name is Field.SHARE:
                problem = RowProblem(problem.location, problem.message, problem.severity, "share")
            self.problems.append(problem)
        elif amount.kind is AmountKind.EXACT and amount.high == 0:
            self.problem(
                number,
                "the amount is 0 %: if the ingredient is present give its amount (e.g. <0.01)",
                name,
                Severity.WARNING,
            )
        return amount

    # -- rows -------------------------------------------------------------------------
    def add(self, number: int, cells: tuple[Cell, ...]) -> None:
        if all(cell.blank for cell in cells):
            return
        raw = " | ".join(texts(cells)).rstrip(" |")
        material = self.cell(cells, Field.RAW_MATERIAL)
        amount_cell = self.cell(cells, Field.AMOUNT)
        if self.is_continuation(material, amount_cell, cells):
            self.continue_line(number, cells)
            return
        self.close()
        if any(_TOTAL.fullmatch(cell.text.strip().lower()) for cell in cells[:3]):
            return
        names = self.names(cells, number)
        name = names[0] or names[1] or names[2]
        if not name:
            self.problem(number, f"the row has no ingredient name ({raw})", Field.NAME)
            return
        if amount_cell.blank and self.is_structural(name, cells, number):
            return
        if is_garbled(name):
            self.problem(
                number,
                f"the name {name!r} is garbled (wrong text encoding); retype it or save the "
                "file as UTF-8",
                Field.NAME,
            )
        amount = self.amount(cells, Field.AMOUNT, number)
        row = ParsedRow(
            name=name,
            amount=amount,
            location=self.location(number),
            raw=raw,
            inci=names[1] or None,
            zh_name=names[2] or None,
            cas=clean_cas(self.text(cells, Field.CAS, number)),
            function=clean_text(self.text(cells, Field.FUNCTION, number)),
        )
        self.current = _Line(row)
        if self.has_breakdown and names[1]:
            self.current.inci.append(self.component(cells, number, names[1]))

    def names(self, cells: Sequence[Cell], number: int) -> tuple[str, str, str]:
        """(raw material, INCI, Chinese name); a generic "成分" cell goes to INCI or
        Chinese depending on its script."""
        material = self.text(cells, Field.RAW_MATERIAL, number)
        inci = self.text(cells, Field.INCI, number)
        zh = self.text(cells, Field.ZH_NAME, number)
        generic = self.text(cells, Field.NAME, number)
        if generic and _CJK.search(generic) and not _LATIN.search(generic):
            zh = zh or generic
        elif generic:
            inci = inci or generic
        return material, inci, zh

    def is_structural(self, name: str, cells: Sequence[Cell], number: int) -> bool:
        """A "Phase A" label or a note under the table: reported as a warning at most."""
        if _PHASE.fullmatch(name.strip().lower()):
            return True
        others = sum(1 for cell in cells if not cell.blank)
        if others == 1 and (len(name) > _NOTE_CHARS or _NOTE.fullmatch(name.strip())):
            self.problem(
                number,
                f"not read as an ingredient (a note?): {name[:120]!r}",
                None,
                Severity.WARNING,
            )
            return True
        return False

    def is_continuation(self, material: Cell, amount: Cell, cells: Sequence[Cell]) -> bool:
        """A breakdown line under a raw material: no raw material of its own (blank or
        merged from above), no product amount, but an INCI."""
        if not self.has_breakdown or self.current is None:
            return False
        own_material = not (material.blank or material.continued)
        own_amount = not (amount.blank or amount.continued)
        inci = self.cell(cells, Field.INCI)
        if inci.blank:
            inci = self.cell(cells, Field.NAME)
        return not own_material and not own_amount and not inci.blank

    def continue_line(self, number: int, cells: Sequence[Cell]) -> None:
        assert self.current is not None
        inci = self.names(cells, number)[1]
        if not inci:
            self.problem(number, "the breakdown line has no INCI name", Field.INCI)
            return
        self.current.inci.append(self.component(cells, number, inci))

    def component(
        self, cells: Sequence[Cell], number: int, inci: str
    ) -> tuple[str, Amount, str | None, bool]:
        share = Amount.missing("")
        if Field.SHARE in self.columns:
            share = self.amount(cells, Field.SHARE, number)
        cas = clean_cas(self.cell(cells, Field.CAS).text)
        flag = self.cell(cells, Field.IMPURITY).text.strip().lower()
        return inci, share, cas, flag in YES_WORDS

    def close(self) -> None:
        """Finish the open line: a raw material with several INCI (or a share column)
        carries them as components; a single INCI stays the line's `inci`."""
        line, self.current = self.current, None
        if line is None:
            return
        row = line.row
        if len(line.inci) > 1 or (line.inci and Field.SHARE in self.columns):
            components = tuple(Component(n, s, c, imp) for n, s, c, imp in line.inci)
            row = replace(row, inci=None, components=components)
            if Field.SHARE not in self.columns:
                self.problems.append(
                    RowProblem(
                        row.location,
                        f"{row.name!r} lists {len(components)} INCI but no % in the raw "
                        "material; add a '% in raw material' column",
                        Severity.WARNING,
                        "share",
                    )
                )
        self.rows.append(row)


def build_formula(grid: Grid, header: HeaderMatch) -> ParsedFormula:
    """Rows below the header → `ParsedFormula` (every row parsed or reported)."""
    builder = _Builder(grid, header)
    header_number = grid.rows[header.index][0]
    for number, cells in grid.rows[header.index + 1 :]:
        builder.add(number, cells)
    builder.close()
    problems = builder.problems
    if not builder.rows:
        problems.append(
            RowProblem(
                Location(grid.file, grid.sheet, header_number),
                "the table has a header but no ingredient rows below it",
            )
        )
    return ParsedFormula(
        source=grid.file,
        rows=tuple(builder.rows),
        problems=tuple(problems),
        format=grid.format,
        encoding=grid.encoding,
        sheet=grid.sheet,
    )
