"""`pifai build` (and `pifai check`) refuse bad options before doing any work: a usage
error exits 2 with the option named, an output that cannot be written exits 1 naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMULA = ROOT / "examples" / "face-cream.csv"


def pifai(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update({"PIFAI_DATA_DIR": str(tmp), "COLUMNS": "200", "PIFAI_LOG_LEVEL": "ERROR"})
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp,
    )


def build(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return pifai("build", str(FORMULA), "--product-type", "face_cream", *args, tmp=tmp)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("保濕\x07乳霜", "--name: contains the control character U+0007"),
        ("乳霜\x1b[31m", "--name: contains the control character U+001B"),
        ("A" * 501, "--name: 501 characters; a product name has at most 500"),
        ("   ", "--name: must not be blank"),
    ],
)
def test_a_bad_name_is_a_usage_error(tmp_path: Path, name: str, reason: str) -> None:
    result = build(tmp_path, "--out", str(tmp_path / "out"), "--name", name)

    assert result.returncode == 2
    assert f"error: {reason}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_out_is_a_usage_error_and_nothing_is_written(tmp_path: Path) -> None:
    result = build(tmp_path, "--out", "")

    assert result.returncode == 2
    assert "error: --out: empty" in result.stderr
    assert not (tmp_path / "report.json").exists() and not (tmp_path / "pif.pdf").exists()


def test_an_out_that_is_a_file_is_refused_before_the_pipeline_runs(tmp_path: Path) -> None:
    existing = tmp_path / "taken"
    existing.write_text("keep me")

    result = build(tmp_path, "--out", str(existing))

    assert result.returncode == 1
    assert f"error: {existing}: exists and is not a directory" in result.stderr
    assert "intake" not in result.stderr  # no stage started
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_impossible_as_of_date_is_a_usage_error(tmp_path: Path, command: str) -> None:
    args = ["--out", str(tmp_path / "out")] if command == "build" else []
    result = pifai(
        command, str(FORMULA), "-t", "face_cream", "--as-of", "2026-13-01", *args, tmp=tmp_path
    )

    assert result.returncode == 2
    assert "error: --as-of: '2026-13-01' is not a date (use YYYY-MM-DD)" in result.stderr
