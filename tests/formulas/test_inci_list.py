from __future__ import annotations

import pytest

from pifai.formulas.model import AmountKind, FormulaInputError
from pifai.formulas.parsers import parse_inci_list
from pifai.formulas.parsers.inci_list import split_inci_list

LABEL = (
    "Ingredients: Aqua (Water), Glycerin, Parfum/Fragrance, PEG/PPG-18/18 Dimethicone, "
    "CI 77891, May contain [+/-: CI 77491, CI 77492]."
)


def test_label_list_is_split_on_top_level_commas() -> None:
    assert split_inci_list(LABEL) == [
        ("Aqua (Water)", False),
        ("Glycerin", False),
        ("Parfum/Fragrance", False),
        ("PEG/PPG-18/18 Dimethicone", False),
        ("CI 77891", False),
        ("CI 77491", True),
        ("CI 77492", True),
    ]


def test_slash_synonyms_stay_one_ingredient() -> None:
    assert [n for n, _ in split_inci_list("Water/Aqua/Eau, Glycerin")] == [
        "Water/Aqua/Eau",
        "Glycerin",
    ]


def test_marketing_text_after_the_list_is_dropped() -> None:
    text = "Aqua, Glyceryl Stearate S.E., Tocopherol. Dermatologically tested, paraben free."
    assert [n for n, _ in split_inci_list(text)] == ["Aqua", "Glyceryl Stearate S.E.", "Tocopherol"]


def test_unbracketed_may_contain_runs_to_the_end() -> None:
    assert split_inci_list("Aqua, Mica, (+/-) CI 77891, CI 77491") == [
        ("Aqua", False),
        ("Mica", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_chinese_list_with_enumeration_commas() -> None:
    assert [n for n, _ in split_inci_list("成分：水、甘油、丁二醇。")] == ["水", "甘油", "丁二醇"]


def test_one_per_line_list() -> None:
    assert [n for n, _ in split_inci_list("Aqua\nGlycerin\nPhenoxyethanol\n")] == [
        "Aqua",
        "Glycerin",
        "Phenoxyethanol",
    ]


def test_parsed_list_rows_have_missing_amounts_and_may_contain_flags() -> None:
    formula = parse_inci_list(LABEL)
    assert formula.format == "inci_list"
    assert all(row.amount.kind is AmountKind.MISSING for row in formula.rows)
    assert [row.may_contain for row in formula.rows][-2:] == [True, True]
    assert formula.rows[0].location.row == 1
    assert formula.rows[0].inci == "Aqua (Water)"


def test_empty_list_is_refused() -> None:
    with pytest.raises(FormulaInputError, match="empty"):
        parse_inci_list("   ")
