"""Product types, defined once and used everywhere (check, assessment, reports).

Each type names its regulatory scopes and, for the safety assessment, the exposure class
whose SCCS exposure value applies (SPEC §10; the values and their citations live in the
toxicology basis register, not here). ``exposure_class`` None means no sourced class
exists yet: the assessment falls back as SPEC §10 says and reports it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pifai.product_types.scopes import Scope as S


@dataclass(frozen=True)
class ProductType:
    key: str
    name_en: str
    name_zh: str
    scopes: frozenset[S]
    exposure_class: str | None
    aliases: tuple[str, ...] = ()
    specific_purpose: str | None = None  # Art. 5 category needing a permit

    @property
    def leave_on(self) -> bool:
        return S.LEAVE_ON in self.scopes


def _t(
    key: str,
    en: str,
    zh: str,
    scopes: set[S],
    exposure: str | None,
    aliases: tuple[str, ...] = (),
    specific: str | None = None,
) -> ProductType:
    return ProductType(key, en, zh, frozenset(scopes), exposure, aliases, specific)


PRODUCT_TYPES: tuple[ProductType, ...] = (
    _t(
        "face_cream",
        "Face cream",
        "臉部乳霜",
        {S.LEAVE_ON, S.FACE},
        "face_cream",
        (
            "face moisturiser",
            "face moisturizer",
            "moisturizer",
            "night cream",
            "day cream",
            "乳霜",
            "面霜",
            "保濕霜",
            "晚霜",
        ),
    ),
    _t(
        "face_serum",
        "Face serum",
        "精華液",
        {S.LEAVE_ON, S.FACE},
        "face_cream",
        ("serum", "essence", "精華"),
    ),
    _t(
        "eye_cream",
        "Eye cream",
        "眼霜",
        {S.LEAVE_ON, S.FACE, S.EYE_AREA},
        "face_cream",
        ("eye gel", "眼部精華"),
    ),
    _t(
        "face_mask_leave_on",
        "Face mask (sheet / leave-on)",
        "面膜(免沖洗)",
        {S.LEAVE_ON, S.FACE},
        "face_cream",
        ("sheet mask", "面膜"),
    ),
    _t(
        "face_mask_rinse_off",
        "Face mask (rinse-off, e.g. clay)",
        "沖洗式面膜",
        {S.RINSE_OFF, S.FACE},
        None,
        ("clay mask", "wash-off mask", "泥膜"),
    ),
    _t(
        "face_cleanser",
        "Face cleanser",
        "洗面乳",
        {S.RINSE_OFF, S.FACE},
        None,
        ("cleanser", "facial wash", "cleansing gel", "潔顏乳", "洗顏"),
    ),
    _t(
        "cleansing_oil",
        "Cleansing oil / make-up remover",
        "卸妝油",
        {S.RINSE_OFF, S.FACE},
        "make_up_remover",
        ("make-up remover", "makeup remover", "卸妝"),
    ),
    _t(
        "toner",
        "Toner / face mist",
        "化妝水",
        {S.LEAVE_ON, S.FACE},
        "face_cream",
        ("face mist", "mist", "lotion (toner)", "爽膚水", "噴霧"),
    ),
    _t(
        "body_lotion",
        "Body lotion",
        "身體乳液",
        {S.LEAVE_ON, S.BODY},
        "body_lotion",
        ("body cream", "body butter", "body oil", "身體乳", "乳液"),
    ),
    _t("hand_cream", "Hand cream", "護手霜", {S.LEAVE_ON, S.BODY}, "hand_cream", ("hand lotion",)),
    _t(
        "shower_gel",
        "Shower gel / body wash",
        "沐浴乳",
        {S.RINSE_OFF, S.BODY},
        "shower_gel",
        ("body wash", "shower cream", "bath foam", "bubble bath", "沐浴露", "沐浴精"),
    ),
    _t(
        "hand_soap",
        "Liquid hand soap",
        "洗手乳",
        {S.RINSE_OFF, S.BODY},
        "hand_wash_soap",
        ("hand wash", "foaming hand wash", "洗手液"),
    ),
    _t("body_scrub", "Body scrub", "身體去角質", {S.RINSE_OFF, S.BODY}, None, ("scrub", "磨砂")),
    _t("shampoo", "Shampoo", "洗髮精", {S.RINSE_OFF, S.HAIR}, "shampoo", ("洗髮乳", "洗髮露")),
    _t(
        "hair_conditioner",
        "Hair conditioner (rinse-off)",
        "潤髮乳",
        {S.RINSE_OFF, S.HAIR},
        "hair_conditioner",
        ("conditioner", "潤絲", "護髮乳"),
    ),
    _t(
        "hair_styling",
        "Hair styling / leave-in",
        "造型產品",
        {S.LEAVE_ON, S.HAIR},
        "hair_styling",
        ("hair spray", "hair oil", "leave-in conditioner", "hair gel", "髮油", "髮膠", "定型液"),
    ),
    _t(
        "hair_dye_oxidative",
        "Oxidative hair dye",
        "染髮劑(氧化型)",
        {S.RINSE_OFF, S.HAIR, S.HAIR_DYE},
        None,
        ("hair dye", "hair colour", "hair color", "染髮劑", "染髮"),
        "hair_dye",
    ),
    _t(
        "liquid_foundation",
        "Liquid foundation",
        "粉底液",
        {S.LEAVE_ON, S.FACE},
        "liquid_foundation",
        ("foundation", "bb cream", "cc cream", "粉底"),
    ),
    _t(
        "lipstick",
        "Lipstick / lip balm",
        "口紅",
        {S.LEAVE_ON, S.LIPS},
        "lipstick",
        ("lip balm", "lip salve", "lip gloss", "護唇膏", "唇膏", "唇蜜"),
    ),
    _t("mascara", "Mascara", "睫毛膏", {S.LEAVE_ON, S.EYE_AREA}, "mascara", ("睫毛液",)),
    _t("eyeliner", "Eyeliner", "眼線", {S.LEAVE_ON, S.EYE_AREA}, "eyeliner", ("眼線筆", "眼線液")),
    _t(
        "eye_shadow",
        "Eye shadow",
        "眼影",
        {S.LEAVE_ON, S.EYE_AREA},
        "eye_make_up",
        ("eye make-up", "eye makeup"),
    ),
    _t(
        "nail_polish",
        "Nail polish",
        "指甲油",
        {S.LEAVE_ON, S.NAIL},
        None,
        ("nail lacquer", "nail varnish"),
    ),
    _t(
        "deodorant",
        "Deodorant (non-spray)",
        "體香劑",
        {S.LEAVE_ON, S.BODY, S.DEODORANT},
        "deodorant_non_spray",
        ("roll-on deodorant", "deodorant stick", "止汗劑", "滾珠"),
    ),
    _t(
        "deodorant_spray",
        "Deodorant spray",
        "體香噴霧",
        {S.LEAVE_ON, S.BODY, S.DEODORANT, S.SPRAY},
        "deodorant_spray",
        ("antiperspirant spray",),
    ),
    _t(
        "sunscreen",
        "Sunscreen",
        "防曬產品",
        {S.LEAVE_ON, S.FACE, S.BODY, S.SUNSCREEN},
        None,
        ("sun cream", "sunblock", "spf", "防曬乳", "防曬霜"),
        "sunscreen",
    ),
    _t(
        "toothpaste",
        "Toothpaste",
        "牙膏",
        {S.RINSE_OFF, S.ORAL, S.MUCOUS_MEMBRANES},
        "toothpaste",
        ("dentifrice",),
    ),
    _t(
        "mouthwash",
        "Mouthwash",
        "漱口水",
        {S.RINSE_OFF, S.ORAL, S.MUCOUS_MEMBRANES},
        "mouthwash",
        ("mouth rinse",),
    ),
    _t(
        "baby_lotion",
        "Baby lotion (children under 3)",
        "嬰兒乳液",
        {S.LEAVE_ON, S.BODY, S.CHILDREN_UNDER_3},
        None,
        ("baby cream", "baby body lotion", "寶寶乳液"),
    ),
    _t(
        "baby_wash",
        "Baby wash / shampoo (children under 3)",
        "嬰兒沐浴乳",
        {S.RINSE_OFF, S.BODY, S.HAIR, S.CHILDREN_UNDER_3},
        None,
        ("baby shampoo", "baby bath"),
    ),
    _t(
        "wet_wipes",
        "Cosmetic wet wipes",
        "濕紙巾(化粧品)",
        {S.LEAVE_ON, S.FACE, S.BODY},
        None,
        ("wipes", "cleansing wipes", "濕巾"),
    ),
    _t(
        "hand_sanitiser",
        "Hand sanitiser gel (cosmetic)",
        "乾洗手",
        {S.LEAVE_ON, S.BODY},
        None,  # used many times a day: the hand-cream row would understate it (no SCCS row)
        ("hand sanitizer", "hand gel"),
    ),
)

_BY_KEY = {t.key: t for t in PRODUCT_TYPES}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().replace("_", " ").split())


_BY_NAME: dict[str, ProductType] = {}
for _type in PRODUCT_TYPES:
    for _name in (_type.key, _type.name_en, _type.name_zh, *_type.aliases):
        _BY_NAME.setdefault(_fold(_name), _type)


class UnknownProductType(ValueError):
    def __init__(self, given: str) -> None:
        known = ", ".join(sorted(_BY_KEY))
        super().__init__(f"unknown product type {given!r}; known types: {known}")
        self.given = given


def find_product_type(name: str) -> ProductType:
    """By key, English or Chinese name or alias (case- and width-insensitive)."""
    found = _BY_NAME.get(_fold(name))
    if found is None:
        raise UnknownProductType(name)
    return found


def product_type_keys() -> list[str]:
    return sorted(_BY_KEY)
