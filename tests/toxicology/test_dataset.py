"""The curated toxicology dataset: every number cited, identifiers valid, look-ups exact."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rdkit import Chem
from rdkit.Chem import Descriptors

from pifai.ingredients.cas import is_valid_cas, parse_cas_cell
from pifai.toxicology.basis import ToxicologyError, basis
from pifai.toxicology.dataset import (
    DATA_DIR,
    KINDS,
    CuratedSubstance,
    ToxicologyDataset,
    _load_dataset,
    load_dataset,
)

CPSR = Path(__file__).resolve().parents[3] / "shared" / "data" / "cpsr"
MW_TOLERANCE = 0.01  # RDKit's MolWt must agree with the cited MW within 1 %
RAW = json.loads((DATA_DIR / "substances.json").read_text(encoding="utf-8"))
RAW_LINKS = json.loads((DATA_DIR / "analogues.json").read_text(encoding="utf-8"))
DATASET = load_dataset()
SUBSTANCES = tuple(DATASET)


def _ids(substance: CuratedSubstance) -> str:
    return substance.key


def _numbers_without_citation(node: Any, path: str = "") -> list[str]:
    """Paths of numeric 'value'/'max_pct' fields whose object has no citation beside them."""
    found: list[str] = []
    if isinstance(node, dict):
        numeric = [k for k in ("value", "max_pct") if isinstance(node.get(k), int | float)]
        citation = node.get("citation")
        if numeric and not (isinstance(citation, str) and citation.strip()):
            found.append(path)
        for key, child in node.items():
            found += _numbers_without_citation(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += _numbers_without_citation(child, f"{path}[{i}]")
    return found


def test_shipped_dataset_is_named_versioned_and_sized() -> None:
    assert DATASET.name == RAW["name"]
    assert DATASET.version == "2026-12-03"
    assert 70 <= len(DATASET) <= 90


def test_load_is_cached() -> None:
    assert load_dataset() is load_dataset()


def test_every_number_in_the_files_carries_a_citation() -> None:
    assert _numbers_without_citation(RAW) == []
    assert _numbers_without_citation(RAW_LINKS) == []


def test_the_citation_scan_catches_a_bare_number() -> None:
    doc = {"substances": [{"noael": {"value": 5, "citation": " "}, "mw": {"value": 1}}]}
    assert _numbers_without_citation(doc) == [".substances[0].noael", ".substances[0].mw"]


@pytest.mark.parametrize("substance", SUBSTANCES, ids=_ids)
def test_cas_numbers_have_valid_check_digits(substance: CuratedSubstance) -> None:
    assert all(is_valid_cas(c) for c in substance.cas), substance.cas


@pytest.mark.parametrize("substance", SUBSTANCES, ids=_ids)
def test_kind_is_known_and_structures_are_cited(substance: CuratedSubstance) -> None:
    assert substance.kind in KINDS
    if substance.smiles:
        assert substance.structure_citation
        assert substance.kind in {"substance", "solvent"}, "no SMILES for mixtures or polymers"


WITH_MW = [s for s in SUBSTANCES if s.smiles and s.mw]


@pytest.mark.parametrize("substance", WITH_MW, ids=_ids)
def test_smiles_parses_and_matches_the_cited_molecular_weight(substance: CuratedSubstance) -> None:
    assert substance.smiles and substance.mw
    mol = Chem.MolFromSmiles(substance.smiles)
    assert mol is not None
    computed = Descriptors.MolWt(mol)
    assert abs(computed - substance.mw.value) <= MW_TOLERANCE * substance.mw.value


def test_every_curated_smiles_parses() -> None:
    unparsed = [s.key for s in SUBSTANCES if s.smiles and Chem.MolFromSmiles(s.smiles) is None]
    assert unparsed == []


def test_anchors_have_a_structure_and_an_authority_noael() -> None:
    anchors = DATASET.anchors()
    assert {a.key for a in anchors} >= {"benzoic_acid", "salicylic_acid", "propylene_glycol"}
    for anchor in anchors:
        assert anchor.smiles and anchor.noael
        assert anchor.noael.unit == "mg/kg bw/day"
        assert anchor.noael.value > 0 and anchor.noael.citation


@pytest.mark.parametrize("substance", SUBSTANCES, ids=_ids)
def test_the_first_conclusion_is_the_most_conservative(substance: CuratedSubstance) -> None:
    """The cascade reads ``qualitative[0]``: it must carry the lowest assessed concentration."""
    limits = [c.max_pct for c in substance.qualitative if c.max_pct is not None]
    if limits:
        assert substance.qualitative[0].max_pct == min(limits)


def test_analogues_resolve_to_anchors_and_register_factors() -> None:
    for link in (DATASET.analogue_for(a["target_inci"]) for a in RAW_LINKS["analogues"]):
        assert link is not None
        assert link.anchor.noael is not None
        if link.factor_key:
            assert basis(link.factor_key).value > 0


@pytest.mark.parametrize(
    ("key", "value", "authority"),
    [
        ("benzyl_alcohol", 400, "EFSA"),
        ("bht", 25, "EFSA"),
        ("dimethicone", 1742, "EFSA"),
        ("polysorbate_20", 2500, "EFSA"),
        ("potassium_bitartrate", 3100, "EFSA"),
        ("cetearyl_alcohol", 723, "ECHA"),
    ],
)
def test_added_authority_noaels(key: str, value: float, authority: str) -> None:
    """The values read in the cited abstracts and dossier summaries (README, 'Added')."""
    substance = next(s for s in SUBSTANCES if s.key == key)
    assert substance.noael is not None
    assert (substance.noael.value, substance.noael.authority) == (value, authority)
    assert substance.noael.unit == "mg/kg bw/day"


def test_mixed_inci_entries_without_an_authority_point_of_departure_stay_unknown() -> None:
    """Values read but not usable as the authority's PoD for the whole INCI stay in notes."""
    for key in ("tocopherol", "phenoxyethanol", "propanediol", "cetyl_alcohol", "disodium_edta"):
        substance = next(s for s in SUBSTANCES if s.key == key)
        assert substance.noael is None, key


def test_benzyl_alcohol_rests_on_its_own_noael_not_the_benzoate_group() -> None:
    assert DATASET.analogue_for("Benzyl Alcohol", ["100-51-6"]) is None
    found = DATASET.find("BENZYL ALCOHOL")
    assert found is not None and found in DATASET.anchors()


def test_polysorbate_group_links_to_the_group_noael() -> None:
    for inci in ("Polysorbate 40", "Polysorbate 60", "Polysorbate 65"):
        link = DATASET.analogue_for(inci)
        assert link is not None and link.anchor.key == "polysorbate_20", inci
        assert link.factor_key is None and not link.mw_adjusted
    assert DATASET.analogue_for("Polysorbate 20") is None  # it has its own entry


def test_bht_has_the_sccs_product_type_limits_most_conservative_first() -> None:
    bht = DATASET.find(None, ["128-37-0"])
    assert bht is not None and bht.smiles
    assert [q.max_pct for q in bht.qualitative] == [0.001, 0.1, 0.8]
    assert all(q.conditional for q in bht.qualitative)


def test_analogue_for_by_name_and_by_cas() -> None:
    by_name = DATASET.analogue_for("Sodium  Benzoate")
    by_cas = DATASET.analogue_for(None, ["24634-61-5"])
    assert by_name is not None and by_name.anchor.key == "benzoic_acid" and by_name.mw_adjusted
    assert by_cas is not None and by_cas.anchor.key == "sorbic_acid"
    assert DATASET.analogue_for("Glycerin", ["56-81-5"]) is None


def test_find_by_inci_ignores_case_and_spacing() -> None:
    found = DATASET.find("  butylene   glycol ")
    assert found is not None and found.key == "butylene_glycol"


def test_find_by_any_cas_when_the_name_is_unknown() -> None:
    found = DATASET.find("Glycerine 99.7%", ["7732-18-5 ", "56 - 81 - 5"])
    assert found is not None and found.key == "water"  # the first CAS that matches wins
    single = DATASET.find(None, ["56-81-5"])
    assert single is not None and single.key == "glycerin"


def test_find_unknown_returns_none() -> None:
    assert DATASET.find("Unobtainium Extract", ["50-00-0"]) is None
    assert DATASET.find(None) is None


def test_prohibited_and_uv_filter_entries_exclude_ttc() -> None:
    for key in ("hydroquinone", "estradiol", "zinc_pyrithione", "octocrylene", "homosalate"):
        substance = next(s for s in SUBSTANCES if s.key == key)
        assert substance.ttc_excluded


# --- malformed files are refused, naming the entry ---------------------------------------

GOOD = {
    "name": "test",
    "version": "1",
    "substances": [
        {
            "key": "acid",
            "inci": "BENZOIC ACID",
            "cas": ["65-85-0"],
            "kind": "substance",
            "smiles": "O=C(O)c1ccccc1",
            "structure_citation": "from the name",
            "mw": {"value": 122.12, "citation": "a handbook"},
            "noael": {
                "value": 500,
                "unit": "mg/kg bw/day",
                "species": "rat",
                "route": "oral",
                "study": "4-generation",
                "authority": "EFSA",
                "citation": "EFSA Journal 2016;14(3):4433",
            },
            "qualitative": [],
            "nanomaterial": False,
        }
    ],
}
GOOD_LINKS = {
    "version": "1",
    "analogues": [
        {
            "target_inci": "SODIUM BENZOATE",
            "target_cas": ["532-32-1"],
            "anchor_key": "acid",
            "factor_key": "assessment_factor.subchronic_to_chronic",
            "mw_adjusted": True,
            "rationale": "salt",
            "citation": "EFSA",
        }
    ],
}


def _write(tmp_path: Path, doc: dict[str, Any], links: dict[str, Any]) -> ToxicologyDataset:
    substances, analogues = tmp_path / "substances.json", tmp_path / "analogues.json"
    substances.write_text(json.dumps(doc), encoding="utf-8")
    analogues.write_text(json.dumps(links), encoding="utf-8")
    return _load_dataset(substances, analogues)


def test_a_well_formed_file_loads(tmp_path: Path) -> None:
    dataset = _write(tmp_path, GOOD, GOOD_LINKS)
    link = dataset.analogue_for("sodium benzoate")
    assert link is not None and link.anchor.key == "acid"


def _drop_noael_citation(s: dict[str, Any], _: dict[str, Any]) -> None:
    del s["noael"]["citation"]


def _bad_cas(s: dict[str, Any], _: dict[str, Any]) -> None:
    s["cas"] = ["65-85-1"]


def _bad_smiles(s: dict[str, Any], _: dict[str, Any]) -> None:
    s["smiles"] = "C1CC(("


def _uncited_mw(s: dict[str, Any], _: dict[str, Any]) -> None:
    s["mw"] = {"value": 122.12}


def _unknown_anchor(_: dict[str, Any], link: dict[str, Any]) -> None:
    link["anchor_key"] = "no_such_key"


def _unknown_factor(_: dict[str, Any], link: dict[str, Any]) -> None:
    link["factor_key"] = "assessment_factor.made_up"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_drop_noael_citation, r"'acid'.*noael.*'citation'"),
        (_bad_cas, r"'acid'.*'cas'.*65-85-1"),
        (_bad_smiles, r"'acid'.*'smiles' does not parse"),
        (_uncited_mw, r"'acid'.*mw.*'citation'"),
        (_unknown_anchor, r"'SODIUM BENZOATE'.*'anchor_key'"),
        (_unknown_factor, r"'SODIUM BENZOATE'.*'factor_key'.*made_up"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_entry(
    tmp_path: Path, mutate: Any, message: str
) -> None:
    doc, links = copy.deepcopy(GOOD), copy.deepcopy(GOOD_LINKS)
    mutate(doc["substances"][0], links["analogues"][0])
    with pytest.raises(ToxicologyError, match=message):
        _write(tmp_path, doc, links)


def test_a_cas_shared_by_two_entries_is_refused(tmp_path: Path) -> None:
    doc = copy.deepcopy(GOOD)
    twin = copy.deepcopy(doc["substances"][0]) | {"key": "twin", "inci": "OTHER"}
    doc["substances"].append(twin)
    with pytest.raises(ToxicologyError, match=r"'twin'.*65-85-0.*'acid'"):
        _write(tmp_path, doc, GOOD_LINKS)


def test_an_inci_name_used_twice_is_refused(tmp_path: Path) -> None:
    doc = copy.deepcopy(GOOD)
    twin = copy.deepcopy(doc["substances"][0]) | {"key": "twin", "inci": "benzoic  acid"}
    twin["cas"] = []
    doc["substances"].append(twin)
    with pytest.raises(ToxicologyError, match=r"'twin'.*duplicate INCI benzoic acid"):
        _write(tmp_path, doc, GOOD_LINKS)


# --- the real reports' CIR conclusions are in the dataset --------------------------------

needs_cpsr = pytest.mark.skipif(not CPSR.is_dir(), reason="shared/data/cpsr not present")


def _cpsr_cir_rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for path in sorted(CPSR.glob("*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        for item in report["ingredients"]:
            ref = (item.get("a8_toxicology_row") or {}).get("reference_for_hazard_id", "")
            if "CIR" in ref:
                cas = [c.value for c in parse_cas_cell(item.get("cas"))]
                rows.append((path.name, item["inci"], cas))
    return rows


@needs_cpsr
def test_every_curated_ingredient_with_a_cir_conclusion_in_a_report_has_one() -> None:
    rows = _cpsr_cir_rows()
    assert len(rows) > 50
    missing = []
    for report, inci, cas in rows:
        found = DATASET.find(inci, cas)
        if found is not None and not any(q.authority == "CIR" for q in found.qualitative):
            missing.append((report, inci))
    assert missing == []


@needs_cpsr
def test_most_cir_quoted_report_ingredients_are_curated() -> None:
    rows = _cpsr_cir_rows()
    covered = [inci for _, inci, cas in rows if DATASET.find(inci, cas) is not None]
    assert len(covered) >= 0.8 * len(rows)


@needs_cpsr
@pytest.mark.parametrize(
    ("inci", "authority", "max_pct"),
    [
        ("Butylene Glycol", "CIR", 89),
        ("Xanthan Gum", "CIR", 6),
        ("Caprylyl Glycol", "CIR", 5),
        ("Kaolin", "CIR", 100),
        ("Persea Gratissima Oil", "CIR", 89),
        ("Ethylhexylglycerin", "CIR", 2),
        ("Propylene Glycol", "CIR", 50),
        ("Cetearyl Olivate", "CIR", 3),
    ],
)
def test_specific_cir_conclusions_quoted_in_the_reports(
    inci: str, authority: str, max_pct: float
) -> None:
    found = DATASET.find(inci)
    assert found is not None
    first = found.qualitative[0]
    assert (first.authority, first.max_pct) == (authority, max_pct)
    assert "RégimA PIF" in first.citation


def test_cetearyl_olivate_is_conditional_on_being_non_irritating() -> None:
    found = DATASET.find("CETEARYL OLIVATE")
    assert found is not None and found.qualitative[0].conditional
