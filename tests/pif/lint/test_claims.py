from __future__ import annotations

import pytest

from pifai.pif.lint import claims


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Whitening essence", "whitening"),
        ("美白精華", "whitening"),
        ("An anti-wrinkle serum", "anti_wrinkle"),
        ("抗皺霜", "anti_wrinkle"),
        ("firming lotion", "firming"),
        ("fades dark spots", "spot_fading"),
        ("淡斑", "spot_fading"),
        ("brightening", "brightening"),
        ("anti-ageing cream", "anti_aging"),
        ("抗老", "anti_aging"),
        ("repairs the barrier", "repair"),
        ("修護", "repair"),
        ("regenerating night cream", "regenerating"),
    ],
)
def test_strong_claims_are_recognised_in_both_languages(text: str, key: str) -> None:
    assert claims.strong_claims(text) == [key]


@pytest.mark.parametrize(
    "text",
    ["moisturising cream", "保濕", "gentle cleansing", "舒緩", "nourishing", "清爽", "protecting"],
)
def test_generic_claims_are_not_strong(text: str) -> None:
    assert claims.strong_claims(text) == []
    assert claims.generic_claims(text) != []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("treats eczema", "treats"),
        ("治療青春痘", "treats"),
        ("cures dryness", "cures"),
        ("anti-inflammatory gel", "anti_inflammatory"),
        ("消炎", "anti_inflammatory"),
        ("acne scar repair", "acne_scar_repair"),
    ],
)
def test_medical_claims_are_recognised(text: str, key: str) -> None:
    assert key in claims.medical_claims(text)


@pytest.mark.parametrize("text", ["hair treatment mask", "healthy-looking skin", "manicure set"])
def test_cosmetic_words_containing_medical_stems_are_not_medical(text: str) -> None:
    assert claims.medical_claims(text) == []


def test_sensitive_skin_in_chinese_and_english() -> None:
    assert claims.claims_sensitive_skin("適合敏感肌")
    assert claims.claims_sensitive_skin("For Sensitive  Skin")
    assert not claims.claims_sensitive_skin("for dry skin")
