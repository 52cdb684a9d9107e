"""Version labels and change detection as pure functions (SPEC §12.1-3)."""

from __future__ import annotations

from dataclasses import replace

from pifai.pif.versions.detection import VersionKey, VersionLabel, detect_changes, next_version
from pifai.pif.versions.fingerprints import Fingerprint, Fingerprints

V = VersionLabel
SIGNED = Fingerprints(formula="f", process_maker="p", packaging="k", label_name="l", use="u")


def test_next_labels_follow_the_signing_history() -> None:
    assert next_version(None) == VersionKey(V.V1, 1)
    assert next_version(VersionKey(V.V0, 1)) == VersionKey(V.V1, 1)
    assert next_version(VersionKey(V.V1, 1)) == VersionKey(V.V2, 1)
    assert next_version(VersionKey(V.V2, 1)) == VersionKey(V.V3, 1)
    assert next_version(VersionKey(V.V3, 1), highest_v3=1) == VersionKey(V.V3, 2)
    assert next_version(VersionKey(V.V3, 4)) == VersionKey(V.V3, 5)
    assert next_version(VersionKey(V.V2, 1), highest_v3=2) == VersionKey(V.V3, 3)


def test_rank_orders_labels_then_sequences() -> None:
    keys = [VersionKey(V.V3, 2), VersionKey(V.V1, 1), VersionKey(V.V3, 10), VersionKey(V.V2, 1)]

    ordered = sorted(keys, key=lambda k: k.rank)

    assert [str(k) for k in ordered] == ["V1 #1", "V2 #1", "V3 #2", "V3 #10"]


def test_nothing_signed_needs_no_resign_and_suggests_v1() -> None:
    report = detect_changes(None, SIGNED, None)

    assert (report.needs_resign, report.reasons, report.current_version) == (False, (), None)
    assert report.suggested_next == VersionKey(V.V1, 1)


def test_unchanged_state_needs_no_resign() -> None:
    report = detect_changes(SIGNED, SIGNED, VersionKey(V.V1, 1))

    assert not report.needs_resign
    assert report.suggested_next == VersionKey(V.V2, 1)


def test_each_changed_fingerprint_is_a_reason_in_order() -> None:
    current = replace(SIGNED, use="u2", formula="f2")

    report = detect_changes(SIGNED, current, VersionKey(V.V3, 2), highest_v3=2)

    assert report.needs_resign
    assert [r.fingerprint for r in report.reasons] == [Fingerprint.FORMULA, Fingerprint.USE]
    assert report.reasons[1].items == (7,)
    assert "target population" in report.reasons[1].message
    assert (report.current_version, report.suggested_next) == (
        VersionKey(V.V3, 2),
        VersionKey(V.V3, 3),
    )
