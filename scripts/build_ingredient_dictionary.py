"""Build src/pifai/ingredients/data/inci_dictionary.json.gz from the shared CosIng files.

Usage: .venv/bin/python scripts/build_ingredient_dictionary.py [--shared DIR] [--check]

The output holds structured facts (INCI, CAS, EC, functions, INN / Ph. Eur. names) with a
header naming the inputs, their SHA-256 and row counts; it is never a copy of the inputs.
Same inputs give the same payload; --check rebuilds and compares with the shipped file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pifai.ingredients.dictionary import (
    DATA_FILE,
    build_payload,
    payload_bytes,
    read_payload,
    write_payload,
)

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DATA_FILE)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    payload = build_payload(
        args.shared / "cosing" / "cosing_ingredients.csv.gz",
        args.shared / "cosing" / "ingredients.csv",
    )
    if args.check:
        same = payload_bytes(read_payload(args.out)) == payload_bytes(payload)
        print(f"{args.out}: {'up to date' if same else 'STALE'} ({payload['count']} entries)")
        return 0 if same else 1
    write_payload(payload, args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({payload['count']} entries, {size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
