"""Claim vocabularies in Chinese and English (SPEC §11).

Strong functional claims (R1) need the claimed active covered by the toxicology of item 10;
generic claims never fire R1; medical claims are prohibited on any cosmetic (Act Art. 10 ¶2).
The lists restate SPEC §11 and common label wording; they are not the TFDA criteria for
false, exaggerated or medical claims (化粧品標示宣傳廣告涉及虛偽誇大或醫療效能認定準則),
which we have not read. English terms match whole words, case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimTerm:
    key: str
    en: tuple[str, ...]  # regular expressions, whole words
    zh: tuple[str, ...]  # substrings

    def found_in(self, text: str) -> bool:
        if any(term in text for term in self.zh):
            return True
        return any(re.search(rf"\b(?:{p})\b", text, re.IGNORECASE) for p in self.en)


STRONG = (
    ClaimTerm("whitening", ("whiten(?:s|ing)?",), ("美白",)),
    ClaimTerm("anti_wrinkle", (r"anti[-\s]?wrinkles?",), ("抗皺", "除皺", "去皺")),
    ClaimTerm("firming", ("firming",), ("緊緻", "緊實")),
    ClaimTerm("spot_fading", (r"spot[-\s]?fading", r"fades?\s+(?:dark\s+)?spots"), ("淡斑",)),
    ClaimTerm("brightening", ("brighten(?:s|ing)?",), ("亮白", "提亮")),
    ClaimTerm("anti_aging", (r"anti[-\s]?age(?:ing)?", r"anti[-\s]?aging"), ("抗老", "抗衰")),
    ClaimTerm("repair", ("repair(?:s|ing)?",), ("修護", "修復")),
    ClaimTerm("regenerating", ("regenerat(?:e|es|ing|ion)",), ("再生",)),
)
GENERIC = (
    ClaimTerm("moisturising", ("moisturi[sz](?:e|es|ing)",), ("保濕",)),
    ClaimTerm("cleansing", ("cleans(?:e|es|ing)",), ("清潔",)),
    ClaimTerm("soothing", ("sooth(?:e|es|ing)",), ("舒緩",)),
    ClaimTerm("nourishing", ("nourish(?:es|ing)?",), ("滋養",)),
    ClaimTerm("refreshing", ("refresh(?:es|ing)?",), ("清爽",)),
    ClaimTerm("protecting", ("protect(?:s|ing)?",), ("保護", "防護")),
)
MEDICAL = (
    ClaimTerm("treats", ("treat(?:s|ing)?",), ("治療", "醫治")),
    ClaimTerm("cures", ("cur(?:e|es|ing)",), ("治癒", "根治")),
    ClaimTerm("heals", ("heal(?:s|ing)?",), ("療效",)),
    ClaimTerm("anti_inflammatory", (r"anti[-\s]?inflammatory",), ("消炎", "抗發炎")),
    ClaimTerm("acne_scar_repair", (r"acne[-\s]scars?\s+repair(?:s|ing)?",), ("痘疤修復",)),
    # Acting on acne or a skin disease is a medical effect; "for acne-prone skin" is not.
    ClaimTerm(
        "anti_acne",
        (r"anti[-\s]?acne", r"(?:clears?|eliminat\w*|remov\w*)\s+acne"),
        ("抗痘", "祛痘", "治痘", "消除粉刺", "去除粉刺"),
    ),
    ClaimTerm(
        "skin_disease",
        ("eczema", "dermatitis", "psoriasis"),
        ("濕疹", "皮膚炎", "異位性皮膚炎", "乾癬"),
    ),
)
SENSITIVE_SKIN = ClaimTerm("sensitive_skin", (r"sensitive\s+skin",), ("敏感肌", "敏感性肌膚"))


def _matches(terms: tuple[ClaimTerm, ...], text: str) -> list[str]:
    return [term.key for term in terms if term.found_in(text)]


def strong_claims(text: str) -> list[str]:
    return _matches(STRONG, text)


def generic_claims(text: str) -> list[str]:
    return _matches(GENERIC, text)


def medical_claims(text: str) -> list[str]:
    return _matches(MEDICAL, text)


def claims_sensitive_skin(text: str) -> bool:
    return SENSITIVE_SKIN.found_in(text)
