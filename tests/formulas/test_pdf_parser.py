from __future__ import annotations

import pytest

from pifai.formulas.model import AmountKind, FormulaInputError
from pifai.formulas.parsers import parse_file
from tests.formulas.builders import pdf_table

COLUMNS = (50.0, 250.0, 350.0, 420.0)
TABLE = [
    ("INCI Name", "CAS No.", "%", "Function"),
    ("Aqua", "7732-18-5", "q.s.", "Solvent"),
    ("Glycerin", "56-81-5", "5.00", "Humectant"),
    ("Cetearyl Alcohol", "67762-27-0", "3.5", "Emulsifier"),
    ("Phenoxyethanol", "122-99-6", "0.80", "Preservative"),
]


def test_pdf_text_table_is_split_by_column_positions() -> None:
    data = pdf_table(TABLE, columns=COLUMNS, title="Formula: Face cream FC-01")
    formula = parse_file(data, "formula.pdf")
    assert formula.format == "pdf"
    assert [row.name for row in formula.rows] == [
        "Aqua",
        "Glycerin",
        "Cetearyl Alcohol",
        "Phenoxyethanol",
    ]
    assert formula.rows[0].amount.kind is AmountKind.BALANCE
    assert formula.rows[2].cas == "67762-27-0"
    assert formula.rows[2].amount.high == 3.5
    assert formula.rows[3].function == "Preservative"
    assert formula.rows[1].location.sheet == "page 1"
    assert formula.problems == ()


def test_wrapped_name_is_joined_to_its_line() -> None:
    lines = [*TABLE[:3], ("Caprylic/Capric", "73398-61-5", "4", "Emollient"), ("Triglyceride",)]
    formula = parse_file(pdf_table(lines, columns=COLUMNS), "wrapped.pdf")
    assert formula.rows[-1].name == "Caprylic/Capric Triglyceride"


def test_pdf_without_a_table_is_refused() -> None:
    data = pdf_table([("Dear customer, please find the formula attached.",)], columns=COLUMNS)
    with pytest.raises(FormulaInputError, match="no ingredient table"):
        parse_file(data, "letter.pdf")


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="cannot be read as a PDF"):
        parse_file(b"%PDF-1.4\n" + b"\x00garbage" * 50, "broken.pdf")
