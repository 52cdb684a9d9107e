from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime

import openpyxl
import pytest

from pifai.formulas.model import AmountKind, FormulaInputError, Severity
from pifai.formulas.parsers import parse_file
from tests.formulas.builders import save, xlsx, zip_bomb


def test_simple_workbook() -> None:
    formula = parse_file(xlsx([["INCI", "%"], ["Aqua", 95], ["Glycerin", 5]]), "f.xlsx")
    assert (formula.format, formula.sheet) == ("xlsx", "Sheet1")
    assert [(row.name, row.amount.high) for row in formula.rows] == [("Aqua", 95), ("Glycerin", 5)]
    assert formula.rows[1].location.row == 3


def test_zip_bomb_renamed_xlsx_is_refused() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 100_000  # small on disk …
    with pytest.raises(FormulaInputError, match="decompression bomb"):
        parse_file(bomb, "formula.xlsx")  # … 20 MB inflated


def test_zip_bomb_that_is_not_even_a_workbook() -> None:
    with pytest.raises(FormulaInputError, match="decompression bomb"):
        parse_file(zip_bomb("payload.bin"), "formula.xlsx")


def test_word_document_renamed_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(FormulaInputError, match=r"Word document.*expected an \.xlsx"):
        parse_file(buffer.getvalue(), "formula.xlsx")


def test_damaged_zip() -> None:
    with pytest.raises(FormulaInputError, match="damaged"):
        parse_file(b"PK\x03\x04" + b"\x00garbage" * 20, "formula.xlsx")


def test_10000_row_sheet_is_refused_clearly_and_fast() -> None:
    data = xlsx([["INCI", "%"], *([f"Ingredient {i}", 0.01] for i in range(10_000))])
    started = time.monotonic()
    with pytest.raises(FormulaInputError, match=r"sheet 'Sheet1'.*more than 2,000 rows"):
        parse_file(data, "huge.xlsx")
    assert time.monotonic() - started < 5


def test_1500_row_sheet_parses_within_seconds() -> None:
    data = xlsx([["INCI", "%"], *([f"Ingredient {i}", 0.01] for i in range(1_500))])
    started = time.monotonic()
    formula = parse_file(data, "long.xlsx")
    assert len(formula.rows) == 1_500
    assert time.monotonic() - started < 5


def test_formula_without_cached_value_names_the_cell() -> None:
    data = xlsx([["INCI", "Base", "%"], ["Aqua", 45, 90], ["Glycerin", 5, "=B3*2"]])
    formula = parse_file(data, "calc.xlsx")
    (problem,) = formula.problems
    assert problem.message == (
        "Sheet1!C3 holds the formula =B3*2 with no computed value; open and save it in Excel"
    )
    assert (problem.location.row, problem.field, problem.severity) == (3, "amount", Severity.ERROR)
    assert formula.rows[1].amount.kind is AmountKind.MISSING


def test_merged_title_and_header_on_row_4() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "產品配方 Formula: Face cream"
    sheet.merge_cells("A1:D1")
    sheet.append(["產品類型: cream"])
    sheet.append([])
    sheet.append(["序號", "INCI名稱", "CAS No.", "含量 (%)"])
    sheet.append([1, "Aqua", "7732-18-5", 95])
    sheet.append([2, "Glycerin", "56-81-5", 5])
    formula = parse_file(save(workbook), "titled.xlsx")
    assert [row.location.row for row in formula.rows] == [5, 6]
    assert formula.rows[0].inci == "Aqua"


def test_vertically_merged_raw_material_carries_its_breakdown() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["原料", "INCI", "含量(%)", "原料中含量(%)"])
    sheet.append(["Phenonip", "Phenoxyethanol", 1, 70])
    sheet.append([None, "Methylparaben", None, 30])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("C2:C3")
    sheet.append(["Glycerin 99%", "Glycerin", 5, 100])
    formula = parse_file(save(workbook), "merged.xlsx")
    assert [row.name for row in formula.rows] == ["Phenonip", "Glycerin 99%"]
    phenonip = formula.rows[0]
    assert phenonip.amount.high == 1  # the merged amount is not counted twice
    assert [(c.name, c.share.high) for c in phenonip.components] == [
        ("Phenoxyethanol", 70),
        ("Methylparaben", 30),
    ]
    assert formula.problems == ()


def test_merged_function_cell_is_filled_from_top_left() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["INCI", "%", "Function"])
    sheet.append(["Phenoxyethanol", 0.8, "Preservative"])
    sheet.append(["Sodium Benzoate", 0.2, None])
    sheet.merge_cells("C2:C3")
    formula = parse_file(save(workbook), "merged.xlsx")
    assert [row.function for row in formula.rows] == ["Preservative", "Preservative"]


def test_sheet_with_the_ingredient_table_is_chosen_and_named() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    workbook.active["A1"] = "Supplier letter"
    table = workbook.create_sheet("配方")
    table.append(["成分", "含量"])
    table.append(["Aqua", 100])
    formula = parse_file(save(workbook), "two-sheets.xlsx")
    assert formula.sheet == "配方"
    assert any("read from '配方'" in p.message for p in formula.problems)


def test_percent_formatted_cells_are_read_as_percent() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["INCI", "%"])
    sheet.append(["Aqua", 0.93])
    sheet["B2"].number_format = "0%"
    formula = parse_file(save(workbook), "percent.xlsx")
    assert formula.rows[0].amount.high == pytest.approx(93)


def test_range_turned_into_a_date_by_excel_is_explained() -> None:
    formula = parse_file(xlsx([["INCI", "%"], ["Aqua", datetime(2024, 1, 5)]]), "date.xlsx")
    assert "date" in formula.problems[0].message


def test_workbook_without_ingredient_table() -> None:
    with pytest.raises(FormulaInputError, match=r"no ingredient table in any sheet \('Sheet1'\)"):
        parse_file(xlsx([["Hello", "world"]]), "letter.xlsx")


def test_xml_entity_bomb_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx([["INCI", "%"], ["Aqua", 100]])))
    laughs = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">]>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = laughs + content.replace(b"<t>Aqua</t>", b"<t>&b;</t>")
            archive.writestr(info, content)
    with pytest.raises(FormulaInputError, match="XML entity declarations"):
        parse_file(buffer.getvalue(), "laughs.xlsx")


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def rewrite_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in content
                content = content.replace(old, new)
            archive.writestr(info, content)
    return buffer.getvalue()


def test_formula_with_cached_value_reads_the_value() -> None:
    data = xlsx([["INCI", "%"], ["Aqua", 100]])
    data = rewrite_sheet(
        data, b'<c r="B2" t="n"><v>100</v></c>', b'<c r="B2"><f>50*2</f><v>100</v></c>'
    )
    formula = parse_file(data, "cached.xlsx")
    assert formula.rows[0].amount.high == 100
    assert formula.problems == ()


def test_too_many_zip_entries_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(1_001):
            archive.writestr(f"xl/media/{index}.bin", b"x")
    with pytest.raises(FormulaInputError, match="1,001 zip entries"):
        parse_file(buffer.getvalue(), "many.xlsx")
