from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pifai.ingredients.dictionary import (
    COSING_SOURCE,
    DATA_FILE,
    build_payload,
    compact,
    fold,
    load_dictionary,
    payload_bytes,
    read_payload,
)
from pifai.ingredients.synonyms import COMMON_NAMES, HEDGED_NAMES, RAW_MATERIAL_BLENDS
from pifai.ingredients.zh_names import ZH_NAMES, has_cjk, zh_key

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
COSING = SHARED / "cosing" / "cosing_ingredients.csv.gz"
IDENTIFIERS = SHARED / "cosing" / "ingredients.csv"


def test_shipped_file_header_and_hash() -> None:
    payload = read_payload(DATA_FILE)
    assert payload["source"] == COSING_SOURCE == "EU CosIng inventory (export 2021-12-15)"
    assert payload["count"] == len(payload["entries"]) == 30070
    assert {i["file"] for i in payload["inputs"]} == {
        "cosing/cosing_ingredients.csv.gz",
        "cosing/ingredients.csv",
    }
    body = json.dumps(payload["entries"], ensure_ascii=False, separators=(",", ":")).encode()
    assert hashlib.sha256(body).hexdigest() == payload["entries_sha256"]


@pytest.mark.skipif(not COSING.exists(), reason="shared CosIng data not present")
def test_build_is_reproducible() -> None:
    """The shipped file equals a fresh build from the shared inputs (same facts, same bytes)."""
    fresh = build_payload(COSING, IDENTIFIERS)
    shipped = read_payload(DATA_FILE)
    assert fresh["entries_sha256"] == shipped["entries_sha256"]
    assert payload_bytes(fresh) == payload_bytes(shipped)


def test_load_is_cached_and_sized() -> None:
    d = load_dictionary()
    assert load_dictionary() is d
    assert len(d) == 30070
    assert len(d.by_cas) > 10_000


def test_entry_facts() -> None:
    e = load_dictionary().get("phenoxyethanol")
    assert e is not None
    assert e.inci == "PHENOXYETHANOL"
    assert e.ingredient_id.startswith("cosing:")
    assert "122-99-6" in e.cas_numbers and "204-589-7" in e.ec_numbers
    assert "PRESERVATIVE" in e.functions
    assert e.source.startswith(COSING_SOURCE)
    assert "苯氧乙醇" in e.zh_names


def test_gap_filled_entries_say_so() -> None:
    d = load_dictionary()
    filled = [e for e in d.entries() if "gap filled" in e.source]
    assert 0 < len(filled) < 100
    assert all(e.cas_numbers or e.ec_numbers for e in filled)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("WATER（AQUA)", "water (aqua)"),
        ("Caprylic/ Capric Triglyceride", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("  Glycerin  ", "GLYCERIN"),
        ("Ｇｌｙｃｅｒｉｎ", "glycerin"),
        ("PEG–100 Stearate", "peg-100 stearate"),
        ("Alcohol Denat.", "ALCOHOL DENAT"),
        ("water\\aqua\\eau", "Water/Aqua/Eau"),
        ("[Sesame]", "(sesame)"),
    ],
)
def test_fold(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_compact_ignores_spacing_and_punctuation() -> None:
    assert compact("Hydroxyethyl Cellulose") == compact("HYDROXYETHYLCELLULOSE")
    assert compact("Coco Betaine") == compact("COCO-BETAINE")


def test_every_synonym_and_blend_targets_a_dictionary_entry() -> None:
    d = load_dictionary()
    assert len(COMMON_NAMES) + len(HEDGED_NAMES) >= 300
    for table in (COMMON_NAMES, HEDGED_NAMES):
        missing = {k: v for k, v in table.items() if d.get(v) is None}
        assert not missing
        assert not [k for k in table if fold(k) in d.by_name], "a synonym may not be an INCI"
    for blend in RAW_MATERIAL_BLENDS:
        assert blend.source and len(blend.components) >= 2
        assert all(d.get(c) is not None for c in blend.components)
        assert not blend.typical_percent or len(blend.typical_percent) == len(blend.components)


def test_chinese_names_cover_150_ingredients_in_both_scripts() -> None:
    d = load_dictionary()
    assert all(d.get(inci) is not None for _, _, inci in ZH_NAMES)
    assert all(has_cjk(t) and has_cjk(s) for t, s, _ in ZH_NAMES)
    assert len({inci for _, _, inci in ZH_NAMES}) >= 150
    both = {inci for t, s, inci in ZH_NAMES if t != s}
    assert len(both) >= 100  # names that really differ between the scripts
    assert d.by_zh[zh_key("透明質酸鈉")] == d.by_zh[zh_key("透明质酸钠")]


def test_zh_key_folds_typos_and_extract_suffixes() -> None:
    assert zh_key("1,2 已二醇") == zh_key("1,2-己二醇")
    assert zh_key("积雪草提取液") == zh_key("积雪草提取物") == zh_key("积雪草萃取")
    assert zh_key("1,2 已二醇", fix_typos=False) != zh_key("1,2-己二醇")
