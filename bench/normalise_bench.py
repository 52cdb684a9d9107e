"""Ingredient normalisation: speed of a 30-line formula and calibration on labelled names.

Usage: .venv/bin/python bench/normalise_bench.py [--repeat 200] [--typos]

Prints the cold dictionary load, the warm median for normalising a 30-ingredient formula
(and per name), then accuracy and calibration on tests/ingredients/labelled_names.csv.
--typos adds a stress test: one random edit in each of the 600 commonest INCI names of
the Sephora lists (needs ../shared/data), three times each, scored the same way.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ingredients.labelled import BANDS, load_labels, score  # noqa: E402
from tests.ingredients.test_normalise import FORMULA  # noqa: E402

from pifai.ingredients.dictionary import load_dictionary  # noqa: E402
from pifai.ingredients.normalise import TRUSTED, normalise  # noqa: E402

SEPHORA = ROOT.parent / "shared/data/product_inci_lists/sephora_cosmetics/cosmetics.csv"


def timings(repeat: int) -> None:
    start = time.perf_counter()
    d = load_dictionary()
    print(f"dictionary: {len(d)} entries, cold load {1000 * (time.perf_counter() - start):.0f} ms")
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for name, cas in FORMULA:
            normalise(name, cas)
        runs.append(time.perf_counter() - t0)
    med = statistics.median(runs)
    p95 = sorted(runs)[int(0.95 * len(runs)) - 1]
    print(f"30-ingredient formula, warm: median {1000 * med:.2f} ms, p95 {1000 * p95:.2f} ms")
    print(f"  per name: median {1000 * med / len(FORMULA):.3f} ms ({repeat} runs)")


def calibration() -> None:
    labels = load_labels()
    t0 = time.perf_counter()
    s = score(labels)
    elapsed = time.perf_counter() - t0
    n, right = s.trusted
    print(f"\nlabelled names: {len(labels)} ({sum(1 for x in labels if x.expected)} with an INCI)")
    print(
        f"  confidence >= {TRUSTED}: {n} rows ({n / len(labels):.0%} coverage), "
        f"{right} right = {right / n:.1%}"
    )
    for lo, hi in BANDS:
        bn, br = s.band(lo, hi)
        label = f">= {lo}" if lo >= TRUSTED else f"({lo}, {hi})"
        print(f"  band {label:11}: {bn:3} rows, {br / bn if bn else 0:.0%} right")
    none = [ok for _, m, ok in s.rows if m.confidence == 0]
    print(f"  unresolved   : {len(none):3} rows, {sum(none) / len(none):.0%} right (label None)")
    print(f"  overall accuracy {s.accuracy:.1%}; {1000 * elapsed / len(labels):.2f} ms per name")
    methods = Counter(m.method.value for _, m, _ in s.rows)
    print("  by method: " + ", ".join(f"{k} {v}" for k, v in methods.most_common()))
    for lab, m in s.errors():
        print(f"  TRUSTED ERROR {lab.raw_name!r}: {m.inci} ({m.confidence}) vs {lab.expected}")


def typos() -> None:
    d = load_dictionary()
    counts: Counter[str] = Counter()
    with SEPHORA.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            for part in row["Ingredients"].split(","):
                e = d.get(part.strip().rstrip("."))
                if e is not None:
                    counts[e.inci] += 1
    rng = random.Random(5)  # noqa: S311 - a reproducible sample, not a secret
    bands: dict[str, list[int]] = {}
    valid_other = 0
    for inci, _ in counts.most_common(600):
        for _ in range(3):
            i = rng.randrange(len(inci))
            c = rng.choice("abcdefghijklmnopqrstuvwxyz")
            q = rng.choice(
                [inci[:i] + inci[i + 1 :], inci[:i] + c + inci[i:], inci[:i] + c + inci[i + 1 :]]
            )
            m = normalise(q.title())
            band = (
                ">=0.8"
                if m.confidence >= TRUSTED
                else "0.5-0.8"
                if m.confidence >= 0.5
                else ("<0.5" if m.confidence > 0 else "none")
            )
            b = bands.setdefault(band, [0, 0])
            b[0] += 1
            b[1] += m.inci == inci
            valid_other += (
                m.confidence >= TRUSTED and m.inci != inci and m.explanation == "exact INCI"
            )
    print("\ntypo stress (1 random edit, 1,800 queries):")
    for band in (">=0.8", "0.5-0.8", "<0.5", "none"):
        n, right = bands.get(band, [0, 0])
        print(f"  {band:8}: {n:4} queries, {right / n if n else 0:.1%} back to the original")
    print(f"  (trusted misses that are themselves another exact INCI: {valid_other})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--typos", action="store_true")
    args = parser.parse_args()
    timings(args.repeat)
    calibration()
    if args.typos and SEPHORA.exists():
        typos()


if __name__ == "__main__":
    main()
