"""Formula check benchmark: one 30-ingredient formula (warm median) and a batch of 1,000
real formulas, parse → normalise → rules, offline.

    .venv/bin/python bench/check_bench.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file
from pifai.ingredients.dictionary import load_dictionary
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "formulas" / "normalized"
INCI = [
    "Aqua",
    "Glycerin",
    "Butylene Glycol",
    "Caprylic/Capric Triglyceride",
    "Cetearyl Alcohol",
    "Glyceryl Stearate",
    "PEG-100 Stearate",
    "Dimethicone",
    "Niacinamide",
    "Panthenol",
    "Sodium Hyaluronate",
    "Tocopheryl Acetate",
    "Allantoin",
    "Xanthan Gum",
    "Carbomer",
    "Sodium Hydroxide",
    "Disodium EDTA",
    "Phenoxyethanol",
    "Ethylhexylglycerin",
    "Parfum",
    "Limonene",
    "Linalool",
    "Citric Acid",
    "Squalane",
    "Ceramide NP",
    "Cholesterol",
    "Butyrospermum Parkii Butter",
    "Simmondsia Chinensis Seed Oil",
    "Centella Asiatica Extract",
    "Titanium Dioxide",
]


def thirty_ingredient_csv() -> bytes:
    rows = ["INCI,%", "Aqua,q.s."]
    rows += [f"{name},{0.5 if i < 20 else 0.01}" for i, name in enumerate(INCI[1:])]
    return "\n".join(rows).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    index, product, today = shipped_index(), find_product_type("face_cream"), date.today()
    load_dictionary()
    data = thirty_ingredient_csv()

    def once() -> None:
        formula = parse_file(data, "bench.csv")
        check_parsed_formula(formula, product, index, as_of=today)

    for _ in range(10):  # warm caches
        once()
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        once()
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"30-ingredient formula: median {statistics.median(timings):.2f} ms, "
        f"p95 {sorted(timings)[int(0.95 * len(timings))]:.2f} ms over {args.repeat} runs"
    )

    files = sorted(SHARED.rglob("*.csv"))
    payloads = [(p.name, p.read_bytes()) for p in files]
    start = time.perf_counter()
    done = 0
    while done < 1000:
        name, payload = payloads[done % len(payloads)]
        formula = parse_file(payload, name)
        check_parsed_formula(formula, product, index, as_of=today)
        done += 1
    elapsed = time.perf_counter() - start
    print(
        f"batch of 1,000 real formulas ({len(files)} files cycled): {elapsed:.2f} s, "
        f"{1000 / elapsed:.0f} formulas/s"
    )


if __name__ == "__main__":
    main()
