from __future__ import annotations

import os

import pytest

from pifai.formulas.model import FormulaInputError
from pifai.formulas.parsers import parse_file
from pifai.formulas.sniff import MAX_INPUT_BYTES, FileKind, decode_text, sniff

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def test_empty_file_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="empty"):
        parse_file(b"", "formula.csv")


def test_whitespace_only_file_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="empty"):
        parse_file(b" \r\n\t", "formula.xlsx")


def test_random_bytes_renamed_csv_say_binary_and_expected_csv() -> None:
    with pytest.raises(FormulaInputError, match=r"binary data.*expected a CSV"):
        parse_file(os.urandom(4096), "formula.csv")


def test_png_renamed_xlsx_says_png_and_expected_xlsx() -> None:
    with pytest.raises(FormulaInputError, match=r"PNG image.*expected an Excel workbook"):
        parse_file(PNG, "formula.xlsx")


def test_png_renamed_csv_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="PNG image"):
        parse_file(PNG, "formula.csv")


def test_old_xls_is_refused_with_advice() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    with pytest.raises(FormulaInputError, match=r"old-format.*save as \.xlsx"):
        parse_file(ole, "formula.xls")


def test_oversized_input_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="limited to 10 MB"):
        sniff(b"a" * (MAX_INPUT_BYTES + 1), "big.csv")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04rest", FileKind.XLSX),
        (b"%PDF-1.7\n", FileKind.PDF),
        (b"INCI,%\nAqua,100\n", FileKind.TEXT),
    ],
)
def test_content_decides_not_the_extension(data: bytes, kind: FileKind) -> None:
    assert sniff(data, "anything.txt") is kind


def test_csv_content_named_xlsx_is_read_as_csv() -> None:
    formula = parse_file(b"INCI,%\nAqua,100\n", "mislabelled.xlsx")
    assert formula.format == "csv"
    assert formula.rows[0].name == "Aqua"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"INCI,%\nAqua,1\n", "utf-8"),
        ("\ufeffINCI,%\nAqua,1\n".encode(), "utf-8-sig"),
        ("成分,含量\n甘油,1\n".encode("cp950"), "cp950"),
        ("INCI,%\nGlycérine,1\n".encode("cp1252"), "cp1252"),
        ("INCI,%\nAqua,1\n".encode("utf-16"), "utf-16"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    assert decode_text(data, "f.csv")[1] == encoding


def test_latin_text_is_not_mistaken_for_big5() -> None:
    text, encoding = decode_text("INCI,%\nCrème de Rose,1\n".encode("cp1252"), "f.csv")
    assert encoding == "cp1252"
    assert "Crème" in text


def test_garbled_bytes_are_refused_clearly() -> None:
    garbled = b"INCI,%\nAqua,80\nGly\xff\x81rin,20\n\x81\x8d\x8f\x90,1\n"
    with pytest.raises(FormulaInputError, match=r"garbled text.*CSV UTF-8"):
        parse_file(garbled, "garbled.csv")
