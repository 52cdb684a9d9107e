"""PIF PDF benchmark (issue 8): a 30-ingredient face cream with all 16 items filled.

Measures, warm (after two renders), the document build (pure, with the live lint) and the
WeasyPrint render of the A4 PDF, median and p95; then the whole ``pifai build`` command on
the same formula as a fresh process (imports, dictionary, assessment, lint, draft, render).

    .venv/bin/python bench/pdf_bench.py [--repeat 20] [--build-runs 3] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the all-items-filled product lives with the report tests

from tests.reports.full_product import THIRTY, formula_csv, full_snapshot  # noqa: E402

from pifai.reports.document import document_for_snapshot  # noqa: E402
from pifai.reports.pdf import render_pdf  # noqa: E402


def _timed(repeat: int, once: Callable[[], object]) -> list[float]:
    for _ in range(2):  # warm: fonts, templates, the trimmed user-agent stylesheet
        once()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        timings.append(time.perf_counter() - start)
    return timings


def _line(label: str, timings: list[float]) -> str:
    p95 = sorted(timings)[min(len(timings) - 1, int(0.95 * len(timings)))]
    return (
        f"{label}: median {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, best {min(timings) * 1000:.0f} ms over {len(timings)} runs"
    )


def _pages(pdf: bytes) -> str:
    info = ["pdfinfo", "-"]  # poppler-utils
    out = subprocess.run(info, input=pdf, capture_output=True, check=False).stdout  # noqa: S603
    line = next((x for x in out.decode().splitlines() if x.startswith("Pages:")), "Pages: ?")
    return line.split(":", 1)[1].strip()


def _build_runs(runs: int, lang: str) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        formula = Path(tmp) / "face-cream-30.csv"
        formula.write_bytes(formula_csv(THIRTY))
        command = [
            str(ROOT / ".venv" / "bin" / "pifai"), "build", str(formula),
            "--product-type", "face_cream", "--name", "舒緩保濕乳霜",
            "--lang", lang, "--out", str(Path(tmp) / "out"),
        ]  # fmt: skip
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
            timings.append(time.perf_counter() - start)
            if done.returncode not in (0, 3):
                raise SystemExit(done.stderr.decode())
        return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    lang = "zh-Hant" if args.lang == "zh" else "en"
    today = date.today()
    snapshot = full_snapshot(today=today)

    def document() -> dict[str, Any]:
        return document_for_snapshot(snapshot, as_of=today, lang=lang, org_type="brand")

    doc = document()
    pdf = render_pdf(doc)
    filled = doc["summary"]
    print(
        f"30 ingredients, items provided {filled['items_provided']}/16 "
        f"({lang}): {_pages(pdf)} pages, {len(pdf) // 1024} KiB"
    )
    print(_line("document (lint + build)", _timed(args.repeat, document)))
    print(_line("PDF render (WeasyPrint)", _timed(args.repeat, lambda: render_pdf(doc))))
    if args.build_runs:
        print(_line("pifai build (fresh process)", _build_runs(args.build_runs, args.lang)))


if __name__ == "__main__":
    main()
