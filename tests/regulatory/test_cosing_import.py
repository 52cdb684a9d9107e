"""EU CosIng annex exports (Annexes II–VI) imported from the official files."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.cosing_annex import export_version, import_annex
from pifai.regulatory.model import Authority, RegulatedEntry
from tests.regulatory._data import COSING_NEW, COSING_OLD, DATA, cosing, needs_data

pytestmark = needs_data


def new(entry_id: str) -> RegulatedEntry:
    return cosing(COSING_NEW)[entry_id]


def limits_by_scope(e: RegulatedEntry) -> dict[Scope | None, float | None]:
    return {limit.scope: limit.max_pct for limit in e.limits}


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (COSING_OLD, {"II": 1744, "III": 373, "IV": 154, "V": 57, "VI": 34}),
        (COSING_NEW, {"II": 1758, "III": 381, "V": 58, "VI": 34}),
    ],
)
def test_entry_counts_as_provenance_states(folder: Path, expected: dict[str, int]) -> None:
    counts = Counter(key.split(":")[1] for key in cosing(folder))
    assert counts == expected


def test_versions_and_citations() -> None:
    assert export_version(COSING_OLD / "COSING_Annex_II_v2.txt") == "CosIng export 2025-11-11"
    e = new("EU:V:29")
    assert e.citation is not None
    assert e.citation.authority is Authority.EU
    assert e.citation.entry == "V/29"
    assert e.citation.version == "CosIng export 2026-06-18"
    assert e.citation.source == "eu_annexes/cosing_export_2026-06-18/COSING_Annex_V_v2.txt"
    assert (DATA / e.citation.source).is_file()


def test_repeated_reference_numbers_get_distinct_ids() -> None:
    assert new("EU:III:196").inci_names == ("HC BLUE NO. 11",)
    assert new("EU:III:196-2").names[0] == "Verbena absolute"


def test_phenoxyethanol_and_methylisothiazolinone() -> None:
    assert limits_by_scope(new("EU:V:29")) == {None: 1.0}
    mi = new("EU:V:57")
    assert mi.inci_names == ("METHYLISOTHIAZOLINONE",)
    assert mi.allowed_scopes == {Scope.RINSE_OFF}
    assert limits_by_scope(mi) == {Scope.RINSE_OFF: 0.0015}  # '0,0015 % Rinse-off products'


def test_benzoic_acid_per_scope() -> None:
    assert limits_by_scope(new("EU:V:1")) == {
        Scope.RINSE_OFF: 2.5,
        Scope.ORAL: 1.7,
        Scope.LEAVE_ON: 0.5,
    }


def test_parabens_group_sum() -> None:
    e = new("EU:V:12a")
    assert (e.group, e.group_max_pct) == ("EU:propyl+butyl parabens", 0.14)
    assert [limit.max_pct for limit in e.limits] == [0.14]
    assert (new("EU:V:12").group, new("EU:V:12").group_max_pct) == ("EU:parabens", 0.8)


@pytest.mark.parametrize("entry_id", ["EU:III:84", "EU:III:88", "EU:III:338"])
def test_fragrance_allergen_is_a_disclosure_not_a_limit(entry_id: str) -> None:
    """Linalool, Limonene, Menthol: labelling above 0.001 % leave-on / 0.01 % rinse-off."""
    e = new(entry_id)
    assert e.limits == ()
    assert [(d.threshold_pct, d.scope) for d in e.disclosures] == [
        (0.001, Scope.LEAVE_ON),
        (0.01, Scope.RINSE_OFF),
    ]
    assert "indicated in the list of ingredients" not in e.conditions


def test_real_limit_before_a_disclosure_is_kept() -> None:
    coumarin = new("EU:III:46")  # 6-Methylcoumarin: 0.003 % oral + disclosure
    assert limits_by_scope(coumarin) == {Scope.ORAL: 0.003}
    assert len(coumarin.disclosures) == 2
    salicylate = new("EU:III:324")  # methyl salicylate, 14 lettered product types
    assert len(salicylate.limits) == 14
    assert min(limit.max_pct or 99 for limit in salicylate.limits) == 0.002
    assert len(salicylate.disclosures) == 2


def test_comma_decimals() -> None:
    citral = new("EU:III:70")
    assert limits_by_scope(citral)[Scope.LIPS] == 0.11
    assert limits_by_scope(citral)[Scope.DEODORANT] == 0.032
    assert limits_by_scope(new("EU:VI:3")) == {Scope.FACE: 7.34}


def test_hair_dye_after_mixing_limit() -> None:
    e = new("EU:III:16-2")  # 1-Naphthol: 'after mixing … must not exceed 2,0%'
    assert limits_by_scope(e) == {Scope.HAIR_DYE: 2.0}
    basic_red = new("EU:III:269-2")  # (a) oxidative after mixing 0,5 %, (b) 1,0 %
    assert sorted(limit.max_pct or 0 for limit in basic_red.limits) == [0.5, 1.0]


def test_market_dates() -> None:
    homosalate = new("EU:VI:3")
    assert homosalate.effective_from == date(2025, 1, 1)
    assert homosalate.transition_until == date(2025, 7, 1)


def test_mercury_category_and_exception() -> None:
    e = new("EU:II:221")
    assert {"mercur", "汞"} <= set(e.name_roots)
    assert e.exceptions == ("EU:V:16", "EU:V:17")
    assert limits_by_scope(new("EU:V:16")) == {Scope.EYE_AREA: 0.007}
    assert new("EU:II:297").exceptions == ("EU:III:49",)  # selenium → selenium disulphide


def test_oestrogens_list_estradiol() -> None:
    assert "ESTRADIOL" in new("EU:II:260").inci_names


def test_hair_dye_only_prohibition() -> None:
    assert new("EU:II:1250").excluded_scopes == {Scope.HAIR_DYE}


def test_titanium_dioxide_uv_filter_and_nano_group() -> None:
    tio2, nano = new("EU:VI:27"), new("EU:VI:27a")
    assert limits_by_scope(tio2) == {None: 25.0}
    assert tio2.group == nano.group == "EU:titanium dioxide (incl. nano)"
    assert tio2.group_max_pct == 25.0


def test_annex_iv_columns_are_read_shifted() -> None:
    old = cosing(COSING_OLD)
    assert old["EU:IV:1"].allowed_scopes == {Scope.RINSE_OFF}
    assert old["EU:IV:2"].excluded_scopes == {Scope.MUCOUS_MEMBRANES}
    assert old["EU:IV:3"].excluded_scopes == {Scope.EYE_AREA}
    assert limits_by_scope(old["EU:IV:9"]) == {None: 3.0}
    assert limits_by_scope(old["EU:IV:67"]) == {None: 0.0005}  # '5 ppm'
    assert limits_by_scope(old["EU:IV:77"]) == {Scope.LIPS: 1.0}


def test_garbled_number_is_not_guessed() -> None:
    e = new("EU:III:235")  # '0 15%': 15 % or 0.15 %?
    assert [limit.max_pct for limit in e.limits] == [None]
    assert any("not parsed" in note for note in e.notes)


def test_importer_takes_bytes() -> None:
    path = COSING_NEW / "COSING_Annex_VI_v2.txt"
    from_bytes = import_annex(path.read_bytes(), "VI", "x.txt")
    assert len(from_bytes) == 34
    assert from_bytes[0].citation is not None and from_bytes[0].citation.source == "x.txt"
