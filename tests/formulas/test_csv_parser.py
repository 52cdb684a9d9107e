from __future__ import annotations

import time

import pytest

from pifai.formulas.model import AmountKind, FormulaInputError, Severity
from pifai.formulas.parsers import parse_file
from pifai.formulas.parsers.table import MAX_FORMULA_ROWS


def test_utf8_bom_header_is_found() -> None:
    formula = parse_file(
        "\ufeffINCI,%,CAS\nAqua,99,7732-18-5\nGlycerin,1,56-81-5\n".encode(), "bom.csv"
    )
    assert formula.encoding == "utf-8-sig"
    assert [row.name for row in formula.rows] == ["Aqua", "Glycerin"]
    assert formula.rows[0].cas == "7732-18-5"


def test_big5_csv_with_chinese_headers() -> None:
    data = "成分,含量(%),功能\n水,90,溶劑\n甘油,5,保濕\n丁二醇,5,保濕\n".encode("cp950")
    formula = parse_file(data, "big5.csv")
    assert formula.encoding == "cp950"
    assert [row.zh_name for row in formula.rows] == ["水", "甘油", "丁二醇"]
    assert formula.rows[0].amount.high == 90
    assert formula.rows[1].function == "保濕"


def test_semicolon_csv_with_decimal_commas() -> None:
    data = b"INCI;%;CAS\nAqua;80,5;7732-18-5\nGlycerin;19,5;56-81-5\n"
    formula = parse_file(data, "semi.csv")
    assert [row.amount.high for row in formula.rows] == [80.5, 19.5]


def test_tab_separated() -> None:
    formula = parse_file(b"INCI\tPERCENTAGE\nAqua\t80\nGlycerin\t20\n", "tab.csv")
    assert [row.amount.high for row in formula.rows] == [80, 20]


def test_header_below_title_rows() -> None:
    data = (
        "Product: Face mist,,\nCode: BZ-1,,\n,,\n"
        "中文名稱,INCI名稱,含量 (%)\n水,Aqua,95\n甘油,Glycerin,5\n"
    )
    formula = parse_file(data.encode(), "titled.csv")
    assert [row.location.row for row in formula.rows] == [5, 6]
    assert formula.rows[0].inci == "Aqua"
    assert formula.rows[0].zh_name == "水"


def test_no_header_in_first_20_rows_is_refused() -> None:
    data = "\n".join(f"note {i},x" for i in range(25)) + "\nINCI,%\nAqua,100\n"
    with pytest.raises(FormulaInputError, match="no ingredient table"):
        parse_file(data.encode(), "late.csv")


def test_rows_keep_raw_text_and_location() -> None:
    formula = parse_file(b"INCI,%,Function\nAqua,99,Solvent\n", "f.csv")
    row = formula.rows[0]
    assert row.raw == "Aqua | 99 | Solvent"
    assert (row.location.file, row.location.row) == ("f.csv", 2)


def test_negative_and_over_100_amounts_are_row_errors() -> None:
    formula = parse_file(b"INCI,%\nAqua,-5\nGlycerin,150\nButylene Glycol,2\n", "bad.csv")
    assert len(formula.rows) == 3  # kept, never silently dropped
    errors = {p.location.row: p for p in formula.problems if p.severity is Severity.ERROR}
    assert set(errors) == {2, 3}
    assert all(p.field == "amount" for p in errors.values())
    assert "negative" in errors[2].message
    assert "more than 100" in errors[3].message
    assert formula.rows[0].amount.kind is AmountKind.MISSING


def test_empty_ingredient_name_is_a_row_error() -> None:
    formula = parse_file(b"INCI,%\n,5\nAqua,95\n", "noname.csv")
    assert [row.name for row in formula.rows] == ["Aqua"]
    (problem,) = formula.problems
    assert (problem.location.row, problem.field) == (2, "name")


def test_unreadable_and_blank_amounts_are_row_errors() -> None:
    formula = parse_file(b"INCI,%\nAqua,lots\nGlycerin,\n", "f.csv")
    assert [p.location.row for p in formula.problems] == [2, 3]
    assert all(p.field == "amount" for p in formula.problems)


def test_mojibake_name_is_reported() -> None:
    formula = parse_file("INCI,%\nGlycÃ©rine,100\n".encode(), "f.csv")
    assert any(p.field == "name" and "garbled" in p.message for p in formula.problems)


def test_total_and_phase_rows_are_skipped() -> None:
    data = b"INCI,%\nPhase A,\nAqua,80\nGlycerin,20\nTotal,100\n"
    formula = parse_file(data, "f.csv")
    assert [row.name for row in formula.rows] == ["Aqua", "Glycerin"]
    assert formula.problems == ()


def test_header_without_rows_is_reported() -> None:
    formula = parse_file(b"Raw material,%\r\n", "empty-table.csv")
    assert formula.rows == ()
    assert "no ingredient rows" in formula.problems[0].message


def test_10000_row_csv_is_refused_quickly() -> None:
    data = "INCI,%\n" + "".join(f"Ingredient {i},0.01\n" for i in range(10_000))
    started = time.monotonic()
    with pytest.raises(FormulaInputError, match=f"more than {MAX_FORMULA_ROWS:,} rows"):
        parse_file(data.encode(), "huge.csv")
    assert time.monotonic() - started < 5


def test_placeholder_cas_is_none() -> None:
    formula = parse_file(b"INCI,CAS NO,%\nParfum,/,1\nAqua,N/A,99\n", "f.csv")
    assert [row.cas for row in formula.rows] == [None, None]


def test_many_title_lines_do_not_hide_the_separator() -> None:
    titles = "".join(f"Note line {i}\n" for i in range(12))
    formula = parse_file((titles + "INCI;%\nAqua;99,5\nGlycerin;0,5\n").encode(), "f.csv")
    assert [row.amount.high for row in formula.rows] == [99.5, 0.5]


def test_an_oversized_cell_is_named_with_its_row() -> None:
    data = "INCI,%\nAqua,90\nGlycerin,5\n" + "B" * 140_000 + ",5\n"

    with pytest.raises(FormulaInputError, match=r"big\.csv, row 4: a cell is longer than"):
        parse_file(data.encode(), "big.csv")


def test_an_unbalanced_quote_running_past_the_limit_is_named() -> None:
    data = 'INCI,%\nAqua,90\n"Glycerin,5\n' + "".join(f"Filler {i},0.001\n" for i in range(9000))

    with pytest.raises(FormulaInputError, match="unbalanced quote"):
        parse_file(data.encode(), "quote.csv")


def test_a_cell_under_the_limit_is_read() -> None:
    name = "B" * 100_000
    formula = parse_file(f"INCI,%\nAqua,90\n{name},10\n".encode(), "long.csv")

    assert [r.name for r in formula.rows] == ["Aqua", name]
