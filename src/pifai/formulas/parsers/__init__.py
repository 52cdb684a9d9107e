"""Formula parsers: one entry point per input, the format decided from the bytes.

`parse_file` reads an uploaded xlsx, CSV or text PDF; `parse_inci_list` reads a label
list pasted as text. Both are pure (no database, no network) and either return a
`ParsedFormula` — every row parsed or reported — or raise `FormulaInputError` when the
input as a whole is unusable.
"""

from __future__ import annotations

from pifai.formulas.model import ParsedFormula
from pifai.formulas.parsers.csv_parser import parse_csv
from pifai.formulas.parsers.inci_list import parse_inci_list
from pifai.formulas.parsers.pdf_parser import parse_pdf
from pifai.formulas.parsers.xlsx_parser import parse_xlsx
from pifai.formulas.sniff import FileKind, sniff

__all__ = ["parse_file", "parse_inci_list"]


def parse_file(data: bytes, filename: str) -> ParsedFormula:
    """Parse a formula file by its content (the name is used in messages only)."""
    kind = sniff(data, filename)
    if kind is FileKind.XLSX:
        return parse_xlsx(data, filename)
    if kind is FileKind.PDF:
        return parse_pdf(data, filename)
    return parse_csv(data, filename)
