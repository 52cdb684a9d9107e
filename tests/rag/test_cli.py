"""`pifai rag backfill` as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pifai(*args: str, tmp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    clean.update({"PIFAI_DATA_DIR": str(tmp), "PIFAI_LOG_LEVEL": "ERROR", **env})
    return subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp,
    )


def test_backfill_refuses_to_run_unconfigured(tmp_path: Path) -> None:
    result = pifai("rag", "backfill", tmp=tmp_path)

    assert result.returncode == 2
    assert "PIFAI_RAG_BASE_URL, PIFAI_RAG_API_KEY and PIFAI_RAG_TENANT_ID" in result.stderr


def test_backfill_with_nothing_to_do_reports_zero_and_sends_nothing(tmp_path: Path) -> None:
    assert pifai("migrate", tmp=tmp_path).returncode == 0
    rag = {
        # Port 9 (discard) on the loopback: a request, if one were made, would fail.
        "PIFAI_RAG_BASE_URL": "http://127.0.0.1:9/api/v1",
        "PIFAI_RAG_API_KEY": "k",
        "PIFAI_RAG_TENANT_ID": "t",
    }

    result = pifai("rag", "backfill", tmp=tmp_path, **rag)

    assert result.returncode == 0, result.stderr
    assert "0 products without a knowledge base: 0 created" in result.stdout
