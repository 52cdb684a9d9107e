"""Product-type phrases of the TFDA lists and EU Annexes → our Scope vocabulary.

The lists name where a limit applies in their own words ("(a)立即沖洗產品(口腔製劑除外)",
"Leave-on hair products", "眼部化粧品"). A phrase that names exactly one of our scopes maps
to it; a phrase we cannot map stays unmapped (the caller keeps the words and notes it),
never guessed. A phrase naming two scopes ("Rinse-off hair products") keeps the more
specific one by ``PRIORITY`` and reports the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pifai.product_types.scopes import Scope
from pifai.regulatory.limit_text import clean, is_other_products

S = Scope

# Body part / product category before the rinse-off / leave-on axis: a limit for
# "rinse-off hair products" is kept as a hair limit (more specific, and stricter when two
# hair limits both match a product).
PRIORITY: tuple[Scope, ...] = (
    S.HAIR_DYE,
    S.ORAL,
    S.CHILDREN_UNDER_3,
    S.EYE_AREA,
    S.LIPS,
    S.NAIL,
    S.MUCOUS_MEMBRANES,
    S.SUNSCREEN,
    S.DEODORANT,
    S.HAIR,
    S.FACE,
    S.BODY,
    S.SPRAY,
    S.RINSE_OFF,
    S.LEAVE_ON,
)

_KEYWORDS: dict[Scope, str] = {
    S.HAIR_DYE: r"hair[ -]?dye(?:s|ing)?|hair due|hair day|染髮",
    S.ORAL: r"oral|口腔|tooth ?paste|toothpastes|牙膏|mouth ?wash(?:es)?|mouth rinse|"
    r"mouth spray|漱口水|tooth whitening|牙齒美白|dental",
    S.CHILDREN_UNDER_3: r"children (?:under|below) (?:3|three) years(?: of age)?|"
    r"三歲以下(?:孩童|兒童)?",
    S.EYE_AREA: r"eyes?|eyelash(?:es)?|eyebrows?|mascara|eye ?liner|eye ?shadow|眼部?|睫毛|眉",
    S.LIPS: r"lips?|lipsticks?|lip salves?|唇部?",
    S.NAIL: r"nails?|fingernails|toenails|cuticle|指甲|趾甲",
    S.MUCOUS_MEMBRANES: r"mucous membranes?|黏膜",
    S.SUNSCREEN: r"sunscreens?|sun protection|防曬",
    S.DEODORANT: r"deodorants?|anti-?perspirants?|制臭劑?|止汗(?:劑)?",
    S.HAIR: r"hair|head|shampoos?|洗髮|潤髮|髮用?|燙髮|hair waving|hair straighten(?:ing|er)s?",
    S.FACE: r"face|facial|臉部?|面部",
    S.BODY: r"body|hand|身體",
    S.SPRAY: r"sprays?|aerosols?(?: dispensers)?|propellant|噴霧(?:類|劑型)?|"
    r"applications that may lead to exposure of the end-user[’']s lungs by inhalation|"
    r"可能吸入肺部",
    S.RINSE_OFF: r"rinse[ -]?off|(?<!非)立即沖洗|soaps?|香皂|shower gels?|bath|沐浴|hand wash|洗手",
    S.LEAVE_ON: r"leave[ -]?on|非立即沖洗",
}
_PATTERNS = {
    scope: re.compile(rf"(?<![A-Za-z])(?:{rx})(?![A-Za-z])", re.IGNORECASE)
    for scope, rx in _KEYWORDS.items()
}
_LIST_SPLIT = re.compile(r"[、;；/,，]|\band\b|及|和|與")
_INCLUDING = re.compile(r",?\s*\bincluding\b.*$", re.IGNORECASE)
_EXCEPT = re.compile(
    r"\([^()]*(?:除外|except|other than|excluding)[^()]*\)|"
    r"(?:,\s*)?(?:except|with the exception of|other than|excluding|但)\b.*$|除[^外]*外",
    re.IGNORECASE,
)
_ALL = re.compile(r"^all (?:cosmetic )?products|^所有|^全部", re.IGNORECASE)

Kind = Literal["scope", "other", "all", "none", "unmapped"]


@dataclass(frozen=True)
class ScopeMatch:
    scope: Scope | None
    kind: Kind
    also: tuple[Scope, ...] = ()  # further scopes the phrase names (dropped from Limit)


# A hair dye is a hair product: '染髮' / 'hair dye' does not also name 'hair'.
_IMPLIED: dict[Scope, frozenset[Scope]] = {S.HAIR_DYE: frozenset({S.HAIR})}


def _found(text: str) -> list[Scope]:
    found = [scope for scope in PRIORITY if _PATTERNS[scope].search(text)]
    implied = {s for scope in found for s in _IMPLIED.get(scope, ())}
    return [scope for scope in found if scope not in implied]


def match_scope(phrase: str) -> ScopeMatch:
    """Map one product-type phrase. Exception clauses ('(口腔製劑除外)', 'except …') are
    dropped first; a list naming different scopes ('牙膏、洗手液、香皂…') is unmapped."""
    text = clean(phrase).replace("\n", " ")
    if not text:
        return ScopeMatch(None, "none")
    if is_other_products(text):
        return ScopeMatch(None, "other")
    core = _INCLUDING.sub("", _EXCEPT.sub("", text)).strip(" ,.;")
    if _ALL.match(core) and not _found(_ALL.sub("", core)):
        return ScopeMatch(None, "all")
    parts = [p for p in (x.strip() for x in _LIST_SPLIT.split(core)) if p]
    chosen: list[Scope] = []
    extra: list[Scope] = []
    for part in parts:
        scopes = _found(part)
        if not scopes:
            return ScopeMatch(None, "unmapped")
        chosen.append(scopes[0])
        extra.extend(scopes[1:])
    if not chosen or len(set(chosen)) > 1:
        return ScopeMatch(None, "unmapped")
    also = tuple(s for s in dict.fromkeys(extra) if s != chosen[0])
    return ScopeMatch(chosen[0], "scope", also)


_FILLER = re.compile(
    r"\b(?:products?|preparations?|in|on|for|the|applied|intended|to|be|used|cosmetics?|"
    r"care|type|use|make-?up)\b|產品|化粧品|類|之|部位|接觸|用途|製劑|使用|的|孩童|兒童",
    re.IGNORECASE,
)


def strict_scope(part: str) -> Scope | None:
    """A phrase that is nothing but one scope's words (with filler such as 'products'):
    used where a wrong mapping would forbid too much ('not to be used in …')."""
    text = clean(part).strip(" .。,")
    scopes = _found(text)
    if len(scopes) != 1:
        return None
    rest = _FILLER.sub(" ", _PATTERNS[scopes[0]].sub(" ", text))
    return None if re.search(r"[A-Za-z0-9\u4e00-\u9fff]", rest) else scopes[0]


_NOT_EN = re.compile(r"^not to be used (?:in|on|for) (.+)$", re.IGNORECASE)
_NOT_ZH = re.compile(r"^不得使用於(.+)$")
_ONLY = re.compile(r"^(?:限(?:使用)?於|only (?:for|in) )(.+)$", re.IGNORECASE)
_PARTS = re.compile(r",\s*|\band (?:in )?|\bor\b|、|與|及|和")
_HAS_EXCEPTION = re.compile(r"除外|除.+外|但|except|other than|exception|nappy|尿布", re.I)


def _scopes_of(chunk: str) -> frozenset[Scope] | None:
    if _HAS_EXCEPTION.search(chunk):
        return None
    found: set[Scope] = set()
    for part in (p for p in _PARTS.split(chunk) if p.strip()):
        scope = strict_scope(part)
        if scope is None:
            return None
        found.add(scope)
    return frozenset(found) or None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.。;；])\s*|\n", clean(text)) if s.strip()]


def excluded_by(sentence: str) -> frozenset[Scope] | None:
    """Scopes a 'Not to be used in …' / '不得使用於…' sentence forbids outright, or None
    when the sentence is qualified or names anything we cannot map exactly."""
    body = sentence.strip(" .。;；")
    found = _NOT_EN.match(body) or _NOT_ZH.match(body)
    return _scopes_of(found.group(1)) if found else None


def only_in(sentence: str) -> frozenset[Scope] | None:
    """Scopes a '限使用於…' / 'Only for …' sentence confines the ingredient to."""
    found = _ONLY.match(sentence.strip(" .。;；"))
    return _scopes_of(found.group(1)) if found else None
