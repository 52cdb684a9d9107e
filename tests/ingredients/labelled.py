"""Scoring the normaliser against tests/ingredients/labelled_names.csv (shared with bench/)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pifai.ingredients.model import Match
from pifai.ingredients.normalise import normalise

LABELS = Path(__file__).with_name("labelled_names.csv")
TRUSTED = 0.8
BANDS = ((0.8, 1.0), (0.5, 0.8), (0.0, 0.5))
# CosIng lists some substances twice, under an EU and a US / colour-index name. Either
# answer is right; the labels name one of them.
EQUIVALENT = (
    {"WATER", "AQUA"},
    {"TITANIUM DIOXIDE", "CI 77891"},
    {"MARIS AQUA", "SEA WATER"},
    {"SERICA", "SILK POWDER"},
    {"GOLD", "CI 77480"},
    {"CANDELILLA CERA", "EUPHORBIA CERIFERA CERA"},
    {"COPERNICIA CERIFERA CERA", "COPERNICIA CERIFERA WAX"},
)


@dataclass(frozen=True)
class Labelled:
    source_file: str
    raw_name: str
    expected: str | None


@dataclass
class Scored:
    rows: list[tuple[Labelled, Match, bool]] = field(default_factory=list)

    def band(self, lo: float, hi: float) -> tuple[int, int]:
        """(rows, right) with lo < confidence <= hi; the top band includes 0.8 itself."""
        inside = [ok for _, m, ok in self.rows if _in_band(m.confidence, lo, hi)]
        return len(inside), sum(inside)

    @property
    def trusted(self) -> tuple[int, int]:
        inside = [ok for _, m, ok in self.rows if m.confidence >= TRUSTED]
        return len(inside), sum(inside)

    @property
    def accuracy(self) -> float:
        return sum(ok for _, _, ok in self.rows) / len(self.rows)

    def errors(self, min_confidence: float = TRUSTED) -> list[tuple[Labelled, Match]]:
        return [(r, m) for r, m, ok in self.rows if not ok and m.confidence >= min_confidence]


def _in_band(conf: float, lo: float, hi: float) -> bool:
    if lo >= TRUSTED:
        return conf >= lo
    return lo < conf < hi if lo > 0 else 0 < conf < hi


def load_labels(path: Path = LABELS) -> list[Labelled]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Labelled(r["source_file"], r["raw_name"], r["expected_inci"].strip() or None)
            for r in csv.DictReader(fh)
        ]


def same_inci(got: str | None, expected: str | None) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    return got == expected or any(got in s and expected in s for s in EQUIVALENT)


def score(labels: list[Labelled]) -> Scored:
    out = Scored()
    for lab in labels:
        m = normalise(lab.raw_name)
        out.rows.append((lab, m, same_inci(m.inci, lab.expected)))
    return out
