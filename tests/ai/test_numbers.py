"""The number guard: how numbers are read, which are supported, and what is removed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pifai.ai.numbers import REJECTED_TEXT, Evidence, scrub, tokens, value_token


def _keys(text: str) -> list[str]:
    return [t.key for t in tokens(text)]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("0.5 %", ["n:0.5"]),
        ("0.50%", ["n:0.5"]),
        ("1,000 ppm", ["n:1E+3"]),
        ("NOAEL 1,000,000.5 mg", ["n:1000000.5"]),
        ("5e-3", ["n:0.005"]),
        ("5E-3", ["n:0.005"]),
        ("5 × 10^-3", ["n:0.005"]),
        ("5×10⁻³ mg/kg", ["n:0.005"]),
        ("2.5 x 10-4", ["n:0.00025"]),
        (".5", ["n:0.5"]),
        ("log Pow −1.5", ["n:-1.5"]),
        ("pH 4-6", ["n:4", "n:6"]),
        ("pH5.5", ["n:5.5"]),
        # full-width digits, point, comma and percent (NFKC)
        ("含量０．５％", ["n:0.5"]),
        ("１，０００", ["n:1E+3"]),
        ("含量0.5%以下", ["n:0.5"]),
        ("苯氧乙醇１％", ["n:1"]),
        # identifiers are whole tokens
        ("H302, H360FD and EUH208", ["ident:h302", "ident:h360fd", "ident:euh208"]),
        ("PEG-100 Stearate", ["ident:peg-100"]),
        ("CAS 122-99-6", ["cas:122-99-6"]),
        ("EC 204-589-7", ["ec:204-589-7"]),
        ("as of 2026-06-18", ["date:2026-06-18"]),
        ("1,2-Hexanediol", ["n:1", "n:2"]),
        ("1,5", ["n:1", "n:5"]),
        # places in a document are references, not data
        ("document: page 1, row 4", []),
        ("第2頁", []),
        ("Step 3: heat to 75 °C", ["n:75"]),
        # Chinese numeral words are not read
        ("一般", []),
        ("no numbers here", []),
    ],
)
def test_numbers_are_read_consistently(text: str, keys: list[str]) -> None:
    assert _keys(text) == keys


def test_a_number_in_a_tool_result_is_supported_in_any_spelling() -> None:
    evidence = Evidence({"limits": [{"max_pct": 1.0, "text": "1 %"}], "noael": 1000})

    assert all(evidence.allows(t) for t in tokens("1 %, 1.0%, １％, 1,000, 1000.0, 1e3"))


@pytest.mark.parametrize(
    ("written", "allowed"),
    [
        ("180.16", True),
        ("180.2", True),  # rounded, three significant digits
        ("180", True),
        ("180.3", False),
        ("0.004", True),
        ("0", False),  # rounding 0.004 to nothing keeps no information
        ("0.00", False),
        ("1.2", True),  # 1.25 rounded half-even
        ("1.3", True),  # 1.25 rounded half-up
        ("1.4", False),
    ],
)
def test_rounding_of_a_supported_value(written: str, allowed: bool) -> None:
    evidence = Evidence({"mw": 180.16, "trace": 0.004, "x": 1.25})

    assert [evidence.allows(t) for t in tokens(written)] == [allowed]


def test_computed_and_converted_numbers_are_not_supported() -> None:
    evidence = Evidence({"noael": 100, "sed": 0.5})

    assert [t.text for t in evidence.unsupported("MoS = 100 / 0.5 = 200; 0.5 % is 5000 ppm")] == [
        "200",
        "5000",
    ]


def test_invented_identifiers_are_caught_whole() -> None:
    evidence = Evidence({"cas_numbers": ["122-99-6"], "ghs_h_codes": ["H302"]})

    assert [t.text for t in evidence.unsupported("CAS 122-99-6, 64-17-5; H302, H350")] == [
        "64-17-5",
        "H350",
    ]


def test_evidence_reads_keys_numbers_and_nested_text() -> None:
    evidence = Evidence({"122-99-6": [{"note": "limit 0.4 % (as acid)"}], "n": [3, 7.5]}, "pH 5.5")

    assert evidence.unsupported("122-99-6 0.4 3 7.5 5.5") == []


def test_booleans_none_nan_and_infinity_are_not_numbers() -> None:
    assert Evidence(True, None).unsupported([False, None]) == []
    assert value_token(float("nan")) is None
    assert value_token(float("inf")) is None
    assert value_token(Decimal("2.50")) is not None


def test_scrub_drops_a_scored_value_and_zeroes_its_confidence() -> None:
    answer = {
        "rows": [
            {"percent": {"value": 0.8, "confidence": 0.9, "source": "document: row 1"}},
            {"percent": {"value": 1.7, "confidence": 0.9, "source": "document: row 2"}},
        ]
    }

    cleaned, violations = scrub(answer, Evidence("Phenoxyethanol 0.80"))

    assert cleaned["rows"][0] == answer["rows"][0]
    assert cleaned["rows"][1]["percent"] == {
        "value": None,
        "confidence": 0.0,
        "source": "document: row 2",
    }
    assert [(v.path, v.number, v.context) for v in violations] == [
        ("rows.1.percent.value", "1.7", "1.7")
    ]


def test_scrub_marks_free_text_and_removes_loose_numbers() -> None:
    answer = {"notes": ["total is 100 %", "no water"], "score": 7, "order": 9, "confidence": 0.3}

    cleaned, violations = scrub(answer, Evidence(), exempt_keys=("order", "confidence"))

    assert cleaned == {
        "notes": [REJECTED_TEXT, "no water"],
        "score": None,
        "order": 9,
        "confidence": 0.3,
    }
    assert [v.path for v in violations] == ["notes.0", "score"]


def test_scrub_of_a_supported_answer_changes_nothing() -> None:
    answer = {"text": {"value": "limit 1 % (TFDA #35)", "confidence": 0.8, "source": "tfda #35"}}

    cleaned, violations = scrub(answer, Evidence({"max_pct": 1.0, "entry": "35"}))

    assert cleaned == answer and violations == []
