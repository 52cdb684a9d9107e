from __future__ import annotations

import statistics
import time

import pytest

from pifai.ingredients.dictionary import load_dictionary
from pifai.ingredients.model import MatchMethod
from pifai.ingredients.normalise import TRUSTED, normalise


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    load_dictionary()


@pytest.mark.parametrize(
    ("name", "inci", "method"),
    [
        ("Glycerin", "GLYCERIN", MatchMethod.EXACT),
        ("  PHENOXYETHANOL ", "PHENOXYETHANOL", MatchMethod.EXACT),
        ("Hydroxyethyl Cellulose", "HYDROXYETHYLCELLULOSE", MatchMethod.EXACT),
        ("Sesamum Indicum (Sesame) Seed Oil", "SESAMUM INDICUM SEED OIL", MatchMethod.EXACT),
        ("Shea Butter", "BUTYROSPERMUM PARKII BUTTER", MatchMethod.SYNONYM),
        ("Vitamin E", "TOCOPHEROL", MatchMethod.SYNONYM),
        ("glycerine", "GLYCERIN", MatchMethod.SYNONYM),
        ("Water/Aqua/Eau", "WATER", MatchMethod.SYNONYM),
        ("WATER（AQUA)", "WATER", MatchMethod.SYNONYM),
        ("Fragrance", "PARFUM", MatchMethod.SYNONYM),
        ("glycerol", "GLYCERIN", MatchMethod.SYNONYM),  # also CosIng's INN
        ("透明質酸鈉", "SODIUM HYALURONATE", MatchMethod.CHINESE),
        ("透明质酸钠", "SODIUM HYALURONATE", MatchMethod.CHINESE),
        ("积雪草提取液", "CENTELLA ASIATICA EXTRACT", MatchMethod.CHINESE),
        ("1,2-己二醇", "1,2-HEXANEDIOL", MatchMethod.CHINESE),
    ],
)
def test_trusted_methods(name: str, inci: str, method: MatchMethod) -> None:
    m = normalise(name)
    assert (m.inci, m.method) == (inci, method)
    assert m.confidence >= TRUSTED
    assert m.cas_valid is None and not m.cas_conflict


def test_exact_is_one_and_explained() -> None:
    m = normalise("Niacinamide")
    assert m.confidence == 1.0 and m.explanation == "exact INCI"
    assert m.entry is not None and "98-92-0" in m.entry.cas_numbers


def test_supplier_typo_in_chinese_is_tolerated() -> None:
    m = normalise("1,2 已二醇")  # the face-mist sheet's own typo for 己二醇
    assert m.inci == "1,2-HEXANEDIOL" and m.method is MatchMethod.CHINESE
    assert 0.8 <= m.confidence < 0.95 and "已→己" in m.explanation


def test_chinese_fuzzy_is_never_trusted() -> None:
    m = normalise("苯氧乙纯")  # one wrong character in 苯氧乙醇
    assert m.inci == "PHENOXYETHANOL" and m.method is MatchMethod.CHINESE
    assert m.confidence < TRUSTED


@pytest.mark.parametrize(
    ("name", "inci"),
    [("dimethicon", "DIMETHICONE"), ("cerbomer", "CARBOMER"), ("arganine", "ARGININE")],
)
def test_lookfantastic_typos(name: str, inci: str) -> None:
    m = normalise(name)
    assert m.inci == inci and m.method is MatchMethod.FUZZY
    assert 0 < m.confidence < TRUSTED  # short names: found, but sent to review


def test_long_typo_can_be_trusted() -> None:
    m = normalise("Tropaelum Majus Flower/leaf/Stem Extract")
    assert m.inci == "TROPAEOLUM MAJUS FLOWER/LEAF/STEM EXTRACT" and m.confidence >= TRUSTED


def test_truncated_names_are_not_guessed_confidently() -> None:
    for name in ("prunus amygdalus dulcis", "centella asiatica", "ethylhexyl"):
        assert normalise(name).confidence < 0.5


@pytest.mark.parametrize(
    ("name", "inci"),
    [
        ("Citric acid 50% solution (see below) pH to 4.8-5.2", "CITRIC ACID"),
        ("Glycerin 99.7%", "GLYCERIN"),
        ("Lactic Acid q.s. (90% solution)", "LACTIC ACID"),
        ("北美金缕梅提取物5%", "HAMAMELIS VIRGINIANA EXTRACT"),
        ("水95%", "WATER"),
    ],
)
def test_concentration_notes_are_stripped(name: str, inci: str) -> None:
    m = normalise(name)
    assert m.inci == inci and m.confidence >= TRUSTED


def test_snow_mushroom_is_low_confidence_or_none() -> None:
    m = normalise("WSK snow mushroom ext 1% soln. (see below)")
    assert m.inci in (None, "TREMELLA FUCIFORMIS EXTRACT")
    assert m.confidence < 0.5


@pytest.mark.parametrize(
    "name",
    [
        "Phenoxyethanol and Ethylhexylglycerin",
        "Euxyl PE 9010",
        "Preservative/Euxyl K712",
        "Olivem 1000 (2 part material)",
        "OlivemÂ® 1000",
        "Vegetable Ceramides in glycerin",
        "Papaya Extract (oil soluble)",
        "Pink Himalayan Salt / Sugar / Walnut / Coconut Husk",
    ],
)
def test_blends_are_unresolved(name: str) -> None:
    m = normalise(name)
    assert m.entry is None and m.method is MatchMethod.NONE and m.confidence == 0.0


def test_known_blend_names_its_declared_composition() -> None:
    m = normalise("euxyl PE 9010")
    assert "PHENOXYETHANOL + ETHYLHEXYLGLYCERIN" in m.explanation and "Schülke" in m.explanation


def test_hyaluronic_acid_is_not_silently_its_salt() -> None:
    assert normalise("Hyaluronic Acid").inci == "HYALURONIC ACID"
    m = normalise("Hyaluronic Acid Powder")
    assert m.inci == "SODIUM HYALURONATE" and m.confidence < TRUSTED


@pytest.mark.parametrize("name", ["", "   ", "§§§###", "---", "()"])
def test_empty_and_garbled_names(name: str) -> None:
    m = normalise(name)
    assert (m.entry, m.method, m.confidence) == (None, MatchMethod.NONE, 0.0)


def test_garbage_words_are_not_matched() -> None:
    for name in ("Emulsifier/non-ionic/palm free", "Lipidthix", "qwxzv plorb"):
        m = normalise(name)
        assert m.confidence < 0.5, name


def test_very_long_name_does_not_hang() -> None:
    start = time.perf_counter()
    for name in ("x" * 5000, "Glycerin " * 600, "甘油" * 2500):
        m = normalise(name)
        assert m.entry is None and m.confidence == 0.0
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------------- CAS


def test_cas_agreement_keeps_or_raises_confidence() -> None:
    m = normalise("Glycerin", "56-81-5")
    assert m.confidence == 1.0 and m.cas_valid is True and not m.cas_conflict
    fuzzy = normalise("dimethicon", "63148-62-9")
    assert fuzzy.inci == "DIMETHICONE" and fuzzy.confidence >= TRUSTED


def test_cas_only() -> None:
    m = normalise("K30", "9003-39-8")  # the supplier sheet's PVP line
    assert (m.inci, m.method) == ("PVP", MatchMethod.CAS)
    assert 0.7 <= m.confidence < 0.95
    shared = normalise("", "7732-18-5")  # WATER and AQUA share it
    assert shared.inci in ("WATER", "AQUA") and shared.confidence < TRUSTED


def test_cas_conflict_is_flagged_and_lowered() -> None:
    m = normalise("Glycerin", "122-99-6")  # phenoxyethanol's CAS
    assert m.inci == "GLYCERIN" and m.cas_valid is True and m.cas_conflict
    assert m.confidence < TRUSTED and "PHENOXYETHANOL" in m.explanation


def test_invalid_check_digit_is_reported_and_lowers_confidence() -> None:
    m = normalise("Caprylyl Glycol", "117-86-8")  # the RégimA sheet's typo of 1117-86-8
    assert m.inci == "CAPRYLYL GLYCOL" and m.cas_valid is False
    assert m.confidence < 1.0 and "check digit" in m.explanation
    none = normalise("", "117-86-8")
    assert none.entry is None and none.cas_valid is False


def test_cas_cell_with_several_numbers_and_placeholders() -> None:
    m = normalise("Carbomer (NOS)", "9007-16-3 ; 9007-20-9; 9003-01-4; 76050-42-5")
    assert m.inci == "CARBOMER" and m.cas_valid is True and not m.cas_conflict
    slash = normalise("FRAGRANCE", "/")
    assert slash.inci == "PARFUM" and slash.cas_valid is None


def test_blend_stays_unresolved_even_with_a_cas() -> None:
    m = normalise("Phenoxyethanol and Ethylhexylglycerin", "122-99-6")
    assert m.entry is None


def test_given_dictionary_is_used() -> None:
    d = load_dictionary()
    assert normalise("Glycerin", dictionary=d).entry == d.get("GLYCERIN")


# ---------------------------------------------------------------------------- speed

FORMULA = [
    ("Aqua", "7732-18-5"),
    ("Glycerin", "56-81-5"),
    ("Butylene Glycol", "107-88-0"),
    ("Caprylic/Capric Triglyceride", None),
    ("Cetearyl Alcohol", None),
    ("Shea Butter", None),
    ("Simmondsia Chinensis (Jojoba) Seed Oil", None),
    ("Niacinamide", "98-92-0"),
    ("Panthenol", "81-13-0"),
    ("Sodium Hyaluronate", None),
    ("Tocopherol", "59-02-9"),
    ("Xanthan Gum", None),
    ("Carbomer", None),
    ("Sodium Hydroxide", None),
    ("Phenoxyethanol", "122-99-6"),
    ("Ethylhexylglycerin", None),
    ("Disodium EDTA", None),
    ("Parfum", None),
    ("Citric acid 50% solution", None),
    ("Aloe Vera Gel Juice (1X)", None),
    ("Allantoin", None),
    ("1,2 已二醇", None),
    ("积雪草提取液", None),
    ("Dimethicone", None),
    ("Cetyl Alcohol", None),
    ("Glyceryl Stearate", None),
    ("PEG-100 Stearate", None),
    ("Squalane", None),
    ("Olivem 1000", None),
    ("Caesalpina Spinosa Fruit Extract", None),
]


def test_thirty_ingredient_formula_is_fast_when_warm() -> None:
    assert len(FORMULA) == 30
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for name, cas in FORMULA:
            normalise(name, cas)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.1  # a few ms on the reference machine
