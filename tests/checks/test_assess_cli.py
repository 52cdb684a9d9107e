"""`pifai assess` (and `pifai check --assess`) as a user runs it: exit 0 / 3 / 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checks.test_check_cli import pifai


def _formula(tmp: Path, text: str, name: str = "f.csv") -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_shipped_example_is_assessed_and_nothing_blocks(tmp_path: Path) -> None:
    result = pifai(
        "assess", "examples/face-cream.csv", "-t", "face_cream",
        "--raw-materials", "examples/raw-materials.csv", "--format", "json", tmp=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["blocking"] is False
    assert report["exposure"]["e_product_mg_kg_bw_d"] == 24.14  # SCCS Table 3A face cream
    assert all(i["basis"].startswith("tier ") and i["method"] for i in report["ingredients"])
    glycerin = next(i for i in report["ingredients"] if i["inci"] == "GLYCERIN")
    assert glycerin["tier"] == "0" and glycerin["noael"]["source"]
    assert glycerin["mos"] == glycerin["pod_sys_mg_kg_bw_d"] / glycerin["sed_mg_kg_bw_d"]


def test_a_prohibited_trace_exits_3_and_the_table_says_why(tmp_path: Path) -> None:
    formula = _formula(tmp_path, "INCI,%\nAqua,99.9999\nEstradiol,0.0001\n")

    result = pifai("assess", formula, "--product-type", "face_cream", tmp=tmp_path)

    assert result.returncode == 3, result.stderr
    assert "prohibited" in result.stdout and "BLOCKING" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_insufficient_margin_from_an_sa_noael_exits_3(tmp_path: Path) -> None:
    formula = _formula(tmp_path, "INCI,%\nAqua,90\nGlycerin,10\n")
    overrides = tmp_path / "o.json"
    overrides.write_text(
        json.dumps(
            {
                "ingredients": {
                    "Glycerin": {
                        "noael": {"value": 1, "reason": "test key study", "citation": "Study 7"}
                    }
                }
            }
        ),
        encoding="utf-8",
    )

    result = pifai(
        "assess", formula, "-t", "body_lotion", "--overrides", str(overrides),
        "--format", "json", tmp=tmp_path,
    )  # fmt: skip

    assert result.returncode == 3, result.stderr
    glycerin = next(i for i in json.loads(result.stdout)["ingredients"] if i["inci"] == "GLYCERIN")
    assert glycerin["verdict"] == "insufficient_margin"
    assert glycerin["noael"]["override"]["reason"] == "test key study"


def test_bad_overrides_are_unusable_input_naming_the_field(tmp_path: Path) -> None:
    formula = _formula(tmp_path, "INCI,%\nAqua,90\nGlycerin,10\n")
    bad = tmp_path / "bad.json"
    cases = {
        "{not json": "not valid JSON",
        json.dumps({"exposure": {"value": "high", "reason": "x"}}): "overrides.exposure.value",
        json.dumps({"ingredients": {"Glycerin": {"dap": {"value": 5, "reason": "x"}}}}): "scope",
        json.dumps({"exposur": {"value": 1, "reason": "x"}}): "unknown override 'exposur'",
    }
    for text, expected in cases.items():
        bad.write_text(text, encoding="utf-8")
        result = pifai("assess", formula, "-t", "face_cream", "--overrides", str(bad), tmp=tmp_path)
        assert result.returncode == 1, (text, result.stdout, result.stderr)
        assert expected in result.stderr, (text, result.stderr)
        assert "Traceback" not in result.stderr


def test_unusable_input_exits_1(tmp_path: Path) -> None:
    result = pifai("assess", str(tmp_path / "missing.csv"), "-t", "face_cream", tmp=tmp_path)
    assert result.returncode == 1 and "no such file" in result.stderr
    unknown_type = pifai("assess", "examples/face-cream.csv", "-t", "rocket_fuel", tmp=tmp_path)
    assert unknown_type.returncode == 1 and "Traceback" not in unknown_type.stderr


def test_check_with_assess_adds_the_assessment(tmp_path: Path) -> None:
    formula = _formula(tmp_path, "INCI,%\nAqua,95\nGlycerin,5\n")

    result = pifai(
        "check", formula, "-t", "face_cream", "--assess", "--format", "json", tmp=tmp_path
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ingredients"] and report["assessment"]["product_type"] == "face_cream"
    assert len(report["assessment"]["ingredients"]) == len(report["ingredients"])


def test_a_csv_table_piped_on_stdin_is_read_as_a_table(tmp_path: Path) -> None:
    result = pifai(
        "assess", "-", "-t", "face_cream", "--format", "json", tmp=tmp_path,
        stdin="INCI,%\nAqua,99.9999\nEstradiol,0.0001\n",
    )  # fmt: skip

    assert result.returncode == 3, result.stderr
    verdicts = {i["inci"]: i["verdict"] for i in json.loads(result.stdout)["ingredients"]}
    assert verdicts["ESTRADIOL"] == "prohibited"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--raw-materials", "missing.csv"], "no such file"),
        (["--raw-materials", "."], "is a directory"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = pifai("assess", "examples/face-cream.csv", "-t", "face_cream", *args, tmp=tmp_path)

    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_date_that_is_no_date_is_a_usage_error(tmp_path: Path) -> None:
    result = pifai(
        "assess",
        "examples/face-cream.csv",
        "-t",
        "face_cream",
        "--as-of",
        "yesterday",
        tmp=tmp_path,
    )

    assert result.returncode == 2
    message = "--as-of"
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_authority_limit_exceeded_blocks(tmp_path: Path) -> None:
    formula = _formula(
        tmp_path, "INCI,CAS,%\nAqua,7732-18-5,80\nHomosalate,118-56-9,10\nGlycerin,56-81-5,10\n"
    )

    result = pifai("assess", formula, "-t", "sunscreen", "--format", "json", tmp=tmp_path)

    assert result.returncode == 3, result.stdout
    homosalate = next(
        i for i in json.loads(result.stdout)["ingredients"] if i["inci"] == "HOMOSALATE"
    )
    assert homosalate["verdict"] in ("insufficient_margin", "over_limit", "prohibited")
