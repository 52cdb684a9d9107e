"""Build the shipped reference data from the official files (SPEC §9).

Usage: python scripts/build_reference_data.py ../shared/data [--out src/pifai/regulatory/data]

Runs the TFDA and CosIng importers on the files under the given data folder and writes one
compact JSON file per authority and list (structured facts in our format, never copies of
the files). Re-running on the same input produces identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pifai.regulatory.shipped import build_payloads, write_payloads

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "pifai" / "regulatory" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_root", type=Path, help="the shared/data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.data_root.is_dir():
        parser.error(f"not a folder: {args.data_root}")
    payloads = build_payloads(args.data_root.resolve())
    for path, payload in zip(write_payloads(payloads, args.out), payloads, strict=True):
        print(f"{path.name}: {len(payload.entries)} entries ({payload.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
