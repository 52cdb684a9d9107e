"""Safety assessment benchmark: the same 30-ingredient face cream as check_bench.py,
offline (curated data, CLP index, RDKit structure tiers), warm median of the assessment
alone and of check + assessment.

    .venv/bin/python bench/assess_bench.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from check_bench import thirty_ingredient_csv

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.parsers import parse_file
from pifai.ingredients.dictionary import load_dictionary
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.assess import assess_product
from pifai.toxicology.dataset import load_dataset
from pifai.toxicology.formula_inputs import inputs_from_check
from pifai.toxicology.hazards import load_hazards


def _timed(repeat: int, once: Callable[[], object]) -> list[float]:
    for _ in range(10):  # warm caches (parsed structures, fingerprints)
        once()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _line(label: str, timings: list[float]) -> str:
    p95 = sorted(timings)[int(0.95 * len(timings))]
    return f"{label}: median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    index, product, today = shipped_index(), find_product_type("face_cream"), date.today()
    load_dictionary(), load_dataset(), load_hazards()
    data = thirty_ingredient_csv()
    check = check_parsed_formula(parse_file(data, "bench.csv"), product, index, as_of=today)
    inputs = inputs_from_check(check)
    result = assess_product(inputs, product)
    tiers: dict[str, int] = {}
    for item in result.ingredients:
        tiers[item.tier.value] = tiers.get(item.tier.value, 0) + 1
    print(f"{len(inputs)} ingredients; tiers {dict(sorted(tiers.items()))}")
    print(_line("assessment only", _timed(args.repeat, lambda: assess_product(inputs, product))))

    def both() -> None:
        checked = check_parsed_formula(parse_file(data, "b.csv"), product, index, as_of=today)
        assess_product(inputs_from_check(checked), product)

    print(_line("check + assessment", _timed(args.repeat, both)) + f" over {args.repeat} runs")


if __name__ == "__main__":
    main()
