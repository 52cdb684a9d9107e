"""`pifai build` as a user runs it on real formulas from ../shared/data: exit 0 / 3 / 1,
report.json and a PIF PDF whose text shows the sections, the Chinese name and every
ingredient's verdict."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pifai.pif.catalogue import ITEMS
from pifai.reports.i18n import pick
from pifai.reports.vocabulary import VOCABULARY
from tests.reports.pdf_text import assert_complete_pdf, needs_poppler, page_count, pdf_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
FORMULAS = SHARED / "formulas" / "normalized"

pytestmark = [
    needs_poppler,
    pytest.mark.skipif(not FORMULAS.is_dir(), reason="shared formula data not present"),
]


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def report(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.out / "report.json").read_text("utf-8"))
        return loaded

    @property
    def pdf(self) -> bytes:
        return (self.out / "pif.pdf").read_bytes()


def pifai_build(formula: Path, product_type: str, out: Path, *extra: str) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update({"PIFAI_DATA_DIR": str(out.parent), "COLUMNS": "200", "PIFAI_LOG_LEVEL": "ERROR"})
    done = subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", "build", str(formula),
         "--product-type", product_type, "--out", str(out), *extra],
        env=env, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
    )  # fmt: skip
    return Run(done.returncode, done.stdout, done.stderr, out)


# Real formulas of different shapes: a Chinese supplier sheet, an alcohol sanitiser, a
# raw-material sheet from the PEL database, and a body cream whose amounts are blocking.
CASES = {
    "face-mist_supplier-sheet-zh.csv": ("face_mist", "保濕化妝水", 0),
    "hand-sanitiser_delphic-ra51644.csv": ("hand_sanitiser", "乾洗手凝露", 0),
    "pel/19-pore-minimizing-cream-with-5-niacinamide.csv": ("face_cream", "菸鹼醯胺毛孔乳霜", 0),
    "face-mask_regima-o2-radiance-luminosity-masque.csv": ("face_mask_rinse_off", "亮采面膜", 3),
}


Build = Callable[..., Run]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Each formula is built once per language for all the tests that read its output."""
    runs: dict[tuple[str, str], Run] = {}

    def get(name: str, lang: str = "zh") -> Run:
        if (name, lang) not in runs:
            product_type, product_name, _code = CASES[name]
            out = tmp_path_factory.mktemp("build") / "out"
            runs[name, lang] = pifai_build(
                FORMULAS / name, product_type, out, "--name", product_name, "--lang", lang
            )
        return runs[name, lang]

    return get


def rows_of(report: dict[str, Any], number: int, table: str) -> list[dict[str, Any]]:
    section = report["items"][number - 1]
    rows: list[dict[str, Any]] = next(b for b in section["blocks"] if b.get("id") == table)["rows"]
    return rows


def between(text: str, start: str, end: str) -> str:
    """The text from the first ``start`` after the contents page up to the next ``end``."""
    body = text[text.index("\f") :]
    begin = body.index(start)
    return body[begin : body.index(end, begin)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_exits_as_expected_and_writes_a_complete_pdf(built: Build, name: str) -> None:
    run = built(name)

    assert run.code == CASES[name][2], run.stderr
    assert_complete_pdf(run.pdf)
    assert page_count(run.pdf) >= 8
    assert f"共 {page_count(run.pdf)} 頁" in pdf_text(run.pdf, first=2, last=2)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_pdf_shows_the_sections_and_the_chinese_name(built: Build, name: str) -> None:
    text = pdf_text(built(name).pdf)

    assert CASES[name][1] in text
    for item in ITEMS:
        assert item.title_zh in text, item.title_zh
    for title in ("跨項目稽核警示", "版本紀錄", "到期文件", "附錄：評估依據登錄表"):
        assert title in text


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_ingredient_shows_its_regulatory_verdict_on_its_row(built: Build, name: str) -> None:
    run = built(name)
    table = between(pdf_text(run.pdf), "全成分表", "第4項")

    rows = rows_of(run.report, 3, "ingredients")
    assert rows
    for row in rows:
        line = next(x for x in table.splitlines() if re.match(rf"\s*{row['no']}\s+\S", x))
        assert pick(VOCABULARY[row["verdict"]], "zh-Hant") in line, (row, line)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_ingredient_shows_its_safety_verdict(built: Build, name: str) -> None:
    run = built(name)
    table = between(pdf_text(run.pdf), "各成分安全評估", "經皮吸收率依據")

    rows = rows_of(run.report, 16, "safety")
    assert rows
    for verdict in {r["verdict"] for r in rows}:
        shown = table.count(pick(VOCABULARY[verdict], "zh-Hant"))
        assert shown >= sum(1 for r in rows if r["verdict"] == verdict), verdict


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_json_holds_the_ingredients_the_pdf_shows(built: Build, name: str) -> None:
    run = built(name)
    text = re.sub(r"\s+", " ", pdf_text(run.pdf))

    rows = rows_of(run.report, 3, "ingredients")
    assert run.report["format"] == "pif-report/1"
    assert len(rows) == len(rows_of(run.report, 16, "safety"))
    for row in rows:
        shown = row["inci"] or row["name"]
        assert shown.split()[0] in text
        assert all(cas in text for cas in row["cas"])


def test_a_blocking_finding_exits_3_and_says_what_blocks(built: Build) -> None:
    run = built("face-mask_regima-o2-radiance-luminosity-masque.csv")

    assert run.code == 3
    assert "BLOCKING" in run.stdout
    assert "R9 (Art. 6 ¶1)" in run.stdout and "PHENOXYETHANOL" in run.stdout
    assert run.report["summary"]["blocking"] is True


def test_english_on_request(built: Build) -> None:
    run = built("face-mist_supplier-sheet-zh.csv", "en")
    text = pdf_text(run.pdf)

    assert run.code == 0 and run.report["lang"] == "en"
    for item in ITEMS:
        assert item.title_en in text
    assert "保濕化妝水" in text and "compliant" in text
    assert f"Page 2 of {page_count(run.pdf)}" in pdf_text(run.pdf, first=2, last=2)


def test_the_draft_of_item_16_says_it_is_a_draft(built: Build) -> None:
    report = built("face-mist_supplier-sheet-zh.csv").report

    text = next(b for b in report["items"][15]["blocks"] if b["kind"] == "text")["text"]
    assert text.startswith("【草稿】") and "安全資料簽署人員" in text


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("does-not-exist.csv", "no such file"),
        ("pel/61-oil-cleansing-balm.csv", "no ingredient rows"),
    ],
)
def test_unusable_input_exits_1_naming_the_file(tmp_path: Path, formula: str, message: str) -> None:
    run = pifai_build(FORMULAS / formula, "face_cream", tmp_path / "out")

    assert run.code == 1
    assert str(FORMULAS / formula) in run.stderr and message in run.stderr
    assert not (tmp_path / "out" / "pif.pdf").exists()
