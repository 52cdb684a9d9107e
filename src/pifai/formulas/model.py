"""What the formula parsers produce. Every row keeps its raw text and where it was found,
so any finding can point the user at the cell to fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AmountKind(StrEnum):
    EXACT = "exact"  # "0,5" / "1.20 %"
    RANGE = "range"  # "1-5" (the upper bound is used wherever safety is judged)
    LESS_THAN = "less_than"  # "<1" (judged at the bound)
    BALANCE = "balance"  # "q.s." / "ad 100" / "to 100": computed as the rest
    MISSING = "missing"  # nothing usable: the row cannot be judged


@dataclass(frozen=True)
class Amount:
    kind: AmountKind
    low: float | None  # % w/w
    high: float | None  # % w/w; equals low for exact amounts
    text: str  # as written

    @property
    def upper(self) -> float | None:
        """The value safety is judged at (ranges and "<x" at their upper bound)."""
        return self.high

    @classmethod
    def exact(cls, value: float, text: str | None = None) -> Amount:
        return cls(AmountKind.EXACT, value, value, text if text is not None else f"{value:g}")

    @classmethod
    def missing(cls, text: str = "") -> Amount:
        return cls(AmountKind.MISSING, None, None, text)


@dataclass(frozen=True)
class Location:
    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet shows it
    column: str | None = None  # header name or column letter

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Component:
    """One INCI of a raw material's breakdown, with its share of the raw material."""

    name: str
    share: Amount  # % of the raw material (may be a range)
    cas: str | None = None
    is_impurity: bool = False  # declared impurity / residue (judged against trace limits)


@dataclass(frozen=True)
class ParsedRow:
    name: str  # the name as given (INCI, trade name or Chinese name)
    amount: Amount
    location: Location
    raw: str  # the row's original text, cells joined with " | "
    inci: str | None = None  # an INCI column, when the file has one besides the name
    zh_name: str | None = None
    cas: str | None = None
    function: str | None = None
    components: tuple[Component, ...] = ()  # raw-material breakdown given in the file
    may_contain: bool = False  # listed under "may contain [+/-: ...]"


class Severity(StrEnum):
    ERROR = "error"  # the row (or file) cannot be used as given
    WARNING = "warning"  # usable, but someone should look


@dataclass(frozen=True)
class RowProblem:
    location: Location
    message: str
    severity: Severity = Severity.ERROR
    field: str | None = None  # "amount", "name", "cas" …


@dataclass(frozen=True)
class ParsedFormula:
    source: str  # file name (or "pasted list")
    rows: tuple[ParsedRow, ...]
    problems: tuple[RowProblem, ...] = ()
    format: str = ""  # "csv", "xlsx", "pdf", "inci_list"
    encoding: str | None = None
    sheet: str | None = None


class FormulaInputError(Exception):
    """The input as a whole is unusable (empty, not what it claims to be, too large, a
    decompression bomb, no recognisable table); the message says what to fix."""

    def __init__(self, message: str, *, source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.source = source
