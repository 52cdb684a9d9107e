"""Accuracy and calibration on 500+ hand-labelled real names (see labelled_names.csv)."""

from __future__ import annotations

from collections import Counter

import pytest

from pifai.ingredients.dictionary import load_dictionary
from tests.ingredients.labelled import BANDS, Scored, load_labels, score


@pytest.fixture(scope="module")
def scored() -> Scored:
    return score(load_labels())


def test_sample_is_large_and_from_the_named_sources() -> None:
    labels = load_labels()
    assert len(labels) >= 200
    assert len({lab.raw_name for lab in labels}) == len(labels)
    sources = Counter(
        "pel" if "/pel/" in lab.source_file else lab.source_file.split("/")[0] for lab in labels
    )
    assert sources["pel"] >= 100 and sources["product_inci_lists"] >= 100
    assert any("supplier-sheet-zh" in lab.source_file for lab in labels)
    assert any("regima" in lab.source_file for lab in labels)


def test_labels_are_dictionary_names_or_none() -> None:
    d = load_dictionary()
    known = [lab for lab in load_labels() if lab.expected]
    missing = [lab.expected for lab in known if d.get(lab.expected or "") is None]
    # a few labels are real INCI names newer than the 2021 CosIng export
    assert len(missing) <= 3, missing


def test_trusted_rows_are_right_at_least_98_percent(scored: Scored) -> None:
    n, right = scored.trusted
    assert n >= 250, "coverage: too few names reach the trusted threshold"
    assert right / n >= 0.98, scored.errors()


def test_confidence_bands_are_ordered(scored: Scored) -> None:
    """Accuracy falls with confidence: the numbers mean something."""
    (n_hi, r_hi), (n_mid, r_mid), (n_lo, r_lo) = (scored.band(lo, hi) for lo, hi in BANDS)
    assert n_hi and n_mid and n_lo
    assert r_hi / n_hi > r_mid / n_mid >= r_lo / n_lo


def test_overall_accuracy(scored: Scored) -> None:
    assert scored.accuracy >= 0.85
