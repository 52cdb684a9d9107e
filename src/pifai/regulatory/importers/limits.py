"""Per-scope limits from a list row: product-type column + maximum column (+ conditions).

Shared by the TFDA and EU importers. Lettered items pair up ("(a)立即沖洗產品 … (a) 2.5 %");
an unlettered limit under lettered product types applies to each of them; EU hair-dye
entries state the on-head maximum in the conditions column ("after mixing under oxidative
conditions … must not exceed 2 %"), which is a real limit. What cannot be read is kept as
text and noted, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.scope_map import (
    ScopeMatch,
    excluded_by,
    match_scope,
    only_in,
    sentences,
)
from pifai.regulatory.limit_text import (
    Segment,
    clean,
    expressed_as,
    first_percentage,
    one_line,
    split_lettered,
)
from pifai.regulatory.model import Limit

_PCT_AT = re.compile(r"\d+(?:[.,]\d+)?\s*%+")
_GARBLED = re.compile(r"(?<![\d.,])\d\s+\d+\s*%")  # '0 15%' (III/235): 15 % or 0.15 %?
_NOT_A_LIMIT = re.compile(
    r"^\s*(?:pH|maximum [\w\s-]*content|[\w\s-]*impurity|level of)", re.IGNORECASE
)
_AFTER_MIXING = re.compile(
    r"after mixing.{0,120}?not exceed\s*(\d+(?:[.,]\d+)?\s*%[^\n.]*)", re.IGNORECASE | re.S
)


@dataclass
class ParsedLimits:
    limits: list[Limit] = field(default_factory=list)
    allowed: frozenset[Scope] = frozenset()
    excluded: frozenset[Scope] = frozenset()
    notes: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)  # limit-cell text that is not a limit


def _values(text: str) -> list[tuple[float, str | None]]:
    """(max %, expressed as) pairs of one segment; two when each percentage carries its own
    basis ('2% (以free base計)3.6% (以sulfate salt計)')."""
    starts = [m.start() for m in _PCT_AT.finditer(text)]
    if not starts:
        return []
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    if len(pieces) > 1:
        bases = [expressed_as(p) for p in pieces]
        values = [first_percentage(p) for p in pieces]
        if all(bases) and len(set(bases)) == len(bases):
            return [(v, b) for v, b in zip(values, bases, strict=True) if v is not None]
    value = first_percentage(text)
    return [] if value is None else [(value, expressed_as(pieces[0]))]


def _own_phrase(text: str) -> str:
    """The scope words a limit cell carries itself ('0,0015 % Rinse-off products',
    '1.0% in fine fragrance', 'leave-on products: 0.1%')."""
    text = re.sub(r"\([^)]*\)", " ", _PCT_AT.sub(" ", text))
    text = re.sub(r"^\s*(?:in|for)\b", " ", text.strip(" :;,"), flags=re.I)
    return one_line(text).strip(" :;,.")


def _limit(
    out: ParsedLimits, value: float | None, phrase: str, basis: str | None, text: str
) -> None:
    match = match_scope(phrase)
    if match.kind == "unmapped":
        out.notes.append(f"scope not mapped, kept as text: {one_line(phrase)!r}")
    elif match.also:
        also = ", ".join(s.value for s in match.also)
        out.notes.append(
            f"scope {one_line(phrase)!r} also names {also}; limit kept for "
            f"{match.scope.value if match.scope else ''}"
        )
    out.limits.append(Limit(value, match.scope, one_line(phrase), basis, one_line(text)))


def _targets(seg: Segment, pt: dict[str, str], general_pt: str) -> list[tuple[str, str]]:
    """(letter, product-type phrase) pairs a limit segment applies to."""
    own = [letter for letter in seg.letters if letter in pt]
    if own:
        return [(letter, pt[letter]) for letter in own]
    if pt and not seg.letters:
        return list(pt.items())
    own_phrase = _own_phrase(seg.text)
    own_kind = match_scope(own_phrase).kind
    general_kind = match_scope(general_pt).kind
    if own_kind in {"scope", "other"} and (seg.letters or general_kind in {"none", "all"}):
        return [("", own_phrase)]
    if seg.letters and own_phrase and general_kind in {"none", "all"}:
        return [("", own_phrase)]  # '(a) 1.0% in fine fragrance' under 'All cosmetic products'
    return [("", general_pt)]


def _split_pt(product_type: str, out: ParsedLimits) -> tuple[dict[str, str], str]:
    pt: dict[str, str] = {}
    general: list[str] = []
    excluded: set[Scope] = set()
    for seg in split_lettered(product_type):
        kept = []
        for sentence in sentences(seg.text):
            scopes = excluded_by(sentence)
            if scopes and not seg.letters:
                excluded |= scopes
            else:
                kept.append(sentence)
        text = " ".join(kept)
        if seg.letters:
            for letter in seg.letters:
                pt[letter] = f"{pt[letter]} {text}".strip() if letter in pt else text
        elif text:
            general.append(text)
    general_text = " ".join(general)
    everything = re.match(
        r"^all (?:cosmetic )?products.*?(?:exception of|except)\s*(.+)$", general_text, re.I
    )
    if everything:
        scopes = excluded_by(f"Not to be used in {everything.group(1)}")
        if scopes:
            excluded |= scopes
    out.excluded = frozenset(excluded)
    return pt, general_text


def parse_limits(product_type: str, maximum: str, other: str = "") -> ParsedLimits:
    """Limits, allowed and excluded scopes, and notes for one row."""
    out = ParsedLimits()
    pt, general_pt = _split_pt(product_type, out)
    covered: set[str] = set()
    for seg in split_lettered(maximum):
        if _GARBLED.search(seg.text):
            out.notes.append(f"limit text not parsed (ambiguous number): {seg.text!r}")
            for _, phrase in _targets(seg, pt, general_pt):
                _limit(out, None, phrase, None, seg.text)
            continue
        if _NOT_A_LIMIT.match(seg.text):
            out.conditions.append(one_line(seg.text))
            continue
        for value, basis in _values(seg.text):
            for letter, phrase in _targets(seg, pt, general_pt):
                covered.add(letter)
                _limit(out, value, phrase, basis, seg.text)
    _after_mixing(other, pt, general_pt, covered, out)
    _unlimited_items(pt, out)
    out.limits = list(dict.fromkeys(out.limits))
    out.allowed = _allowed(pt, general_pt, out)
    return out


def _after_mixing(
    other: str, pt: dict[str, str], general_pt: str, covered: set[str], out: ParsedLimits
) -> None:
    for seg in split_lettered(other):
        found = _AFTER_MIXING.search(seg.text)
        if not found:
            continue
        for letter, phrase in _targets(seg, pt, general_pt):
            if letter in covered:
                continue
            value = first_percentage(found.group(1))
            covered.add(letter)
            _limit(out, value, phrase, expressed_as(found.group(1)), found.group(0))


def _unlimited_items(pt: dict[str, str], out: ParsedLimits) -> None:
    """A lettered product type with no value ('(a) Oral products' beside '(b) 0,02 %')
    is recorded as a limit without amount, so a fall-back 'other products' limit is not
    applied to it; only when its scope is not limited elsewhere in the row."""
    limited = {limit.scope for limit in out.limits}
    texts = {limit.scope_text for limit in out.limits}
    for phrase in pt.values():
        match = match_scope(phrase)
        if one_line(phrase) in texts or match.kind != "scope" or match.scope in limited:
            continue
        out.limits.append(Limit(None, match.scope, one_line(phrase)))
        limited.add(match.scope)


def _allowed(pt: dict[str, str], general_pt: str, out: ParsedLimits) -> frozenset[Scope]:
    """Where the ingredient may be used at all: the product types named, when every one
    of them maps to a scope ('Rinse-off products', '(a) 氧化性染髮 (b) 非氧化性染髮')."""
    phrases = list(pt.values()) or ([general_pt] if general_pt else [])
    if not phrases:
        phrases = [limit.scope_text for limit in out.limits]
        if not phrases or any(limit.scope is None for limit in out.limits):
            return frozenset()
    matches: list[ScopeMatch] = [match_scope(p) for p in phrases]
    if all(m.kind == "scope" and m.scope is not None for m in matches):
        return frozenset(m.scope for m in matches if m.scope is not None)
    return frozenset()


def condition_scopes(conditions: str) -> tuple[frozenset[Scope], frozenset[Scope]]:
    """(excluded, only-allowed) scopes stated by unlettered condition sentences
    ('不得使用於噴霧類產品。', 'Not to be used in oral products', '限使用於立即沖洗產品')."""
    excluded: set[Scope] = set()
    allowed: set[Scope] = set()
    for seg in split_lettered(conditions):
        if seg.letters:
            continue
        for sentence in sentences(clean(seg.text)):
            excluded |= excluded_by(sentence) or set()
            allowed |= only_in(sentence) or set()
    return frozenset(excluded), frozenset(allowed)
