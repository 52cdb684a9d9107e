"""Hazard flags from H codes, and the shipped CLP Annex VI index the engine's gates use."""

from __future__ import annotations

import re

import pytest

from pifai.toxicology.basis import ToxicologyError
from pifai.toxicology.hazards import (
    HazardClassification,
    HazardFlag,
    HazardIndex,
    flags_for_codes,
    load_hazards,
    parse_codes,
)

F = HazardFlag


@pytest.mark.parametrize(
    ("code", "flags"),
    [
        ("H340", {F.CMR_1AB}),
        ("H350", {F.CMR_1AB}),
        ("H350i", {F.CMR_1AB}),
        ("H360", {F.CMR_1AB}),
        ("H360F", {F.CMR_1AB}),
        ("H360D", {F.CMR_1AB}),
        ("H360FD", {F.CMR_1AB}),
        ("H360Fd", {F.CMR_1AB}),
        ("H360Df", {F.CMR_1AB}),
        ("H360D ***", {F.CMR_1AB}),
        ("H341", {F.CMR_2}),
        ("H351", {F.CMR_2}),
        ("H351 (Inhalation)", {F.CMR_2}),
        ("H361", {F.CMR_2}),
        ("H361f", {F.CMR_2}),
        ("H361d", {F.CMR_2}),
        ("H361fd", {F.CMR_2}),
        ("H361f ***", {F.CMR_2}),
        ("H361f (causing atrophy of the testes)", {F.CMR_2}),
        ("H362", set()),
        ("H314", {F.CORROSIVE}),
        ("H318", {F.SERIOUS_EYE_DAMAGE}),
        ("H319", set()),
        ("H317", {F.SKIN_SENSITISER}),
        ("H300", {F.ACUTE_TOXIC}),
        ("H310", {F.ACUTE_TOXIC}),
        ("H330", {F.ACUTE_TOXIC}),
        ("H301", set()),
        ("H372", {F.STOT_RE_1}),
        ("H372 *", {F.STOT_RE_1}),
        ("H372 **", {F.STOT_RE_1}),
        ("H372 (liver)", {F.STOT_RE_1}),
        ("H373 **", set()),
        ("H300+H310+H330", {F.ACUTE_TOXIC}),
        ("EUH066", set()),
        ("AUH066", set()),
    ],
)
def test_flags_for_one_code(code: str, flags: set[HazardFlag]) -> None:
    assert flags_for_codes([code]) == frozenset(flags)


def test_flags_of_several_codes_are_united() -> None:
    codes = ["H341", "H361f ***", "H300", "H372 **", "H314", "H400", "H410"]
    assert flags_for_codes(codes) == {F.CMR_2, F.ACUTE_TOXIC, F.STOT_RE_1, F.CORROSIVE}


def test_a_single_string_is_one_code_not_its_characters() -> None:
    assert flags_for_codes("H350i") == {F.CMR_1AB}


@pytest.mark.parametrize("code", ["H350x", "H361FD", "H360fd", "H340i", "H372F"])
def test_suffixes_clp_does_not_define_are_refused(code: str) -> None:
    with pytest.raises(ToxicologyError, match="not a CLP hazard statement code"):
        flags_for_codes([code])


@pytest.mark.parametrize("text", ["****", "", "Not classified"])
def test_text_without_a_code_is_refused(text: str) -> None:
    with pytest.raises(ToxicologyError, match="no hazard statement code"):
        flags_for_codes([text])


def test_parse_codes_keeps_suffixes_and_drops_marks() -> None:
    assert parse_codes("H360Df ***") == ("H360Df",)
    assert parse_codes("H300+H310") == ("H300", "H310")
    assert parse_codes("EUH066") == ()


# --- the shipped index ---------------------------------------------------------------


@pytest.fixture(scope="module")
def index() -> HazardIndex:
    return load_hazards()


def _one(index: HazardIndex, cas: str) -> HazardClassification:
    (entry,) = index.for_cas([cas])
    return entry


def test_the_index_holds_every_atp20_entry(index: HazardIndex) -> None:
    assert len(index) == 4372
    assert index.version == "ATP20"
    assert "2023/1435" in index.source


def test_it_is_loaded_once(index: HazardIndex) -> None:
    assert load_hazards() is index


def test_mercuric_chloride_is_cmr_2_acute_toxic_corrosive_and_stot_re_1(
    index: HazardIndex,
) -> None:
    entry = _one(index, "7487-94-7")
    assert entry.flags == {F.CMR_2, F.ACUTE_TOXIC, F.CORROSIVE, F.STOT_RE_1}
    assert entry.citation == "CLP Annex VI index 080-010-00-X (ATP20)"


def test_titanium_dioxide_is_cmr_2_with_its_route_visible(index: HazardIndex) -> None:
    entry = _one(index, "13463-67-7")
    assert entry.flags == {F.CMR_2}
    assert entry.h_codes_as_printed == ("H351 (Inhalation)",)


def test_beryllium_is_cmr_1ab(index: HazardIndex) -> None:
    assert F.CMR_1AB in _one(index, "7440-41-7").flags


def test_sodium_hydroxide_is_corrosive(index: HazardIndex) -> None:
    assert _one(index, "1310-73-2").flags == {F.CORROSIVE}


@pytest.mark.parametrize("cas", ["10043-35-3", "11113-50-1"])
def test_boric_acid_is_cmr_1ab_under_either_cas(index: HazardIndex, cas: str) -> None:
    entry = _one(index, cas)
    assert entry.h_codes == ("H360FD",)
    assert entry.flags == {F.CMR_1AB}


def test_cas_numbers_are_normalised_before_lookup(index: HazardIndex) -> None:
    assert _one(index, " 0007440-41-7 ").index_no == "004-001-00-7"


def test_an_entry_found_under_two_cas_numbers_is_returned_once(index: HazardIndex) -> None:
    assert len(index.for_cas(["10043-35-3", "11113-50-1"])) == 1


@pytest.mark.parametrize("cas", [["7732-18-5"], ["not a cas"], []])
def test_an_unknown_cas_gives_nothing(index: HazardIndex, cas: list[str]) -> None:
    assert index.for_cas(cas) == ()


def test_group_entries_are_kept_without_cas(index: HazardIndex) -> None:
    names = [g.name for g in index.groups]
    assert len(names) == 576
    assert any(n.startswith("beryllium compounds with the exception of") for n in names)
    assert all(g.cas == () for g in index.groups)


# Each gate's flag against the classification column the same entry states (CLP Annex I
# label-element tables: category 1A/1B ↔ H340/H350/H360, category 2 ↔ H341/H351/H361).
CLASS_RULES = {
    F.CMR_1AB: r"^(Carc|Muta|Repr)\.? 1[AB]?$",
    F.CMR_2: r"^(Carc|Muta|Repr)\.? 2$",
    F.CORROSIVE: r"^Skin Corr\. 1[ABC]?$",
    F.SERIOUS_EYE_DAMAGE: r"^Eye Dam\. 1$",
    F.SKIN_SENSITISER: r"^Skin Sens\. 1[AB]?$",
    F.ACUTE_TOXIC: r"^Acute Tox\. [12]$",
    F.STOT_RE_1: r"^STOT RE 1$",
}


@pytest.mark.parametrize("flag", list(HazardFlag))
def test_flags_agree_with_the_classification_column(index: HazardIndex, flag: F) -> None:
    pattern = re.compile(CLASS_RULES[flag])
    disagree = [
        e.index_no
        for e in index.entries
        if (flag in e.flags) != any(pattern.match(c) for c in e.classes)
    ]
    assert disagree == []


def test_an_index_built_from_json_matches_by_cas_in_annex_order() -> None:
    data = {
        "source": "test",
        "version": "ATP0",
        "entries": [
            {
                "index_no": "001-001-00-1",
                "name": "a",
                "cas": ["50-00-0"],
                "classes": ["Carc. 1B"],
                "h_codes": ["H350"],
                "h_codes_as_printed": ["H350"],
            },
            {
                "index_no": "001-002-00-2",
                "name": "b",
                "cas": ["64-17-5", "50-00-0"],
                "classes": ["Skin Sens. 1"],
                "h_codes": ["H317"],
                "h_codes_as_printed": ["H317"],
            },
        ],
    }
    index = HazardIndex.from_json(data)
    found = index.for_cas(["64-17-5", "50-00-0"])
    assert [e.index_no for e in found] == ["001-001-00-1", "001-002-00-2"]
    assert found[1].citation == "CLP Annex VI index 001-002-00-2 (ATP0)"
