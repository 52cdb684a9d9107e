from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pifai.toxicology.basis import register


def test_pifai_basis_prints_every_register_entry_with_its_citation(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env["PIFAI_DATA_DIR"] = str(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "pifai.cli.main", "basis", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    rows = json.loads(result.stdout)
    assert result.returncode == 0
    assert [r["key"] for r in rows] == [e.key for e in register()]
    assert all(r["citation"] for r in rows)
