"""The README's main job, as a newcomer runs it: a fresh data directory, no configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _pifai(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update({"PIFAI_DATA_DIR": str(data_dir), "COLUMNS": "200", "PIFAI_LOG_LEVEL": "WARNING"})
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_prints_the_16_item_status_of_a_new_product(tmp_path: Path) -> None:
    result = _pifai("demo", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == 16
    assert sum("missing" in r for r in rows) == 15
    assert "uploaded" in rows[0] and "Product basic data" in rows[0]
    assert (tmp_path / "pifai.db").exists()


def test_demo_leaves_an_intact_audit_trail(tmp_path: Path) -> None:
    _pifai("demo", data_dir=tmp_path)

    result = _pifai("audit", "verify", data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
