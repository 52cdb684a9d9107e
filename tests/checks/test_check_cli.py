"""`pifai check` as a user runs it: exit 0 / 3 / 1, table and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def pifai(*args: str, tmp: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update({"PIFAI_DATA_DIR": str(tmp), "COLUMNS": "200", "PIFAI_LOG_LEVEL": "ERROR"})
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        input=stdin,
        cwd=ROOT,
    )


def test_the_shipped_example_passes_with_its_preservative_blend_resolved(tmp_path: Path) -> None:
    result = pifai(
        "check",
        "examples/face-cream.csv",
        "--product-type",
        "face_cream",
        "--raw-materials",
        "examples/raw-materials.csv",
        "--format",
        "json",
        tmp=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    by_inci = {i["inci"]: i for i in report["ingredients"]}
    assert by_inci["PHENOXYETHANOL"]["judged_pct"] == pytest.approx(0.72)
    assert by_inci["PHENOXYETHANOL"]["sources"][0]["raw_material"] == "Euxyl PE 9010"
    assert by_inci["PHENOXYETHANOL"]["findings"][0]["citation"]["authority"] in ("TFDA", "EU")
    assert not report["blocking"]


def test_a_prohibited_ingredient_exits_3_with_the_reason(tmp_path: Path) -> None:
    formula = tmp_path / "bad.csv"
    formula.write_text("INCI,%\nAqua,90\nGlycerin,9.9999\nEstradiol,0.0001\n", encoding="utf-8")

    result = pifai("check", str(formula), "--product-type", "face_cream", tmp=tmp_path)

    assert result.returncode == 3
    assert "prohibited" in result.stdout and "BLOCKING" in result.stdout


def test_an_unusable_file_exits_1_saying_what_to_fix(tmp_path: Path) -> None:
    fake = tmp_path / "formula.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))

    result = pifai("check", str(fake), "--product-type", "face_cream", tmp=tmp_path)

    assert result.returncode == 1
    assert "PNG" in result.stderr or "png" in result.stderr


def test_an_unknown_product_type_exits_1_listing_the_known_ones(tmp_path: Path) -> None:
    result = pifai("check", "examples/face-cream.csv", "--product-type", "spaceship", tmp=tmp_path)

    assert result.returncode == 1
    assert "face_cream" in result.stderr


def test_a_pasted_inci_list_without_amounts_is_incomplete(tmp_path: Path) -> None:
    result = pifai(
        "check",
        "-",
        "--product-type",
        "face_cream",
        "--format",
        "json",
        tmp=tmp_path,
        stdin="Aqua (Water), Glycerin, Phenoxyethanol, Parfum/Fragrance",
    )

    report = json.loads(result.stdout)
    assert result.returncode == 3
    assert {i["verdict"] for i in report["ingredients"]} == {"incomplete"}


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not present")
def test_the_chinese_supplier_sheet_is_identified(tmp_path: Path) -> None:
    result = pifai(
        "check",
        str(SHARED / "formulas/normalized/face-mist_supplier-sheet-zh.xlsx"),
        "--product-type",
        "toner",
        "--format",
        "json",
        tmp=tmp_path,
    )

    report = json.loads(result.stdout)
    assert result.returncode in (0, 3), result.stderr
    incis = {i["inci"] for i in report["ingredients"]}
    assert {"PHENOXYETHANOL", "GLYCERIN", "BUTYLENE GLYCOL"} <= incis


def test_unusable_input_with_json_output_still_prints_json(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    result = pifai("check", str(empty), "-t", "face_cream", "--format", "json", tmp=tmp_path)

    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["code"] == "unusable_input"
