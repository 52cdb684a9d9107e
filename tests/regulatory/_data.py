"""Where the official files are (../shared/data beside the repository) and cached imports
of them, shared by the regulatory tests. The files are read in place, never copied."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pifai.regulatory.importers.cosing_annex import import_cosing_folder
from pifai.regulatory.importers.tfda import import_tfda_folder
from pifai.regulatory.model import RegulatedEntry

REPO_ROOT = Path(__file__).parents[2]
DATA = (REPO_ROOT / ".." / "shared" / "data").resolve()
TFDA_DIR = DATA / "taiwan_tfda"
COSING_OLD = DATA / "eu_annexes" / "cosing_export_2025-11-11"
COSING_NEW = DATA / "eu_annexes" / "cosing_export_2026-06-18"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"official files not found at {DATA}")


@cache
def tfda() -> dict[str, RegulatedEntry]:
    return {e.entry_id: e for e in import_tfda_folder(TFDA_DIR)}


@cache
def cosing(folder: Path) -> dict[str, RegulatedEntry]:
    return {e.entry_id: e for e in import_cosing_folder(folder, DATA)}


def of_list(entries: dict[str, RegulatedEntry], prefix: str) -> list[RegulatedEntry]:
    return [e for key, e in entries.items() if key.startswith(prefix)]
