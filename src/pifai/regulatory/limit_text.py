"""Reading the limit columns of TFDA lists and EU Annexes as written.

The official cells mix lettered per-scope items ("(a) 2.5 % (b) 0.5 %"), European decimal
commas ("0,5 %"), "expressed as" clauses ("以acid計", "(as free SO2)", "calculated as F")
and, in EU Annex III, fragrance-allergen disclosure clauses that are label requirements,
never limits (SPEC §9). These helpers are pure and keep the list's own words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pifai.product_types.scopes import Scope
from pifai.regulatory.model import Disclosure

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000]+")
_NUMBER = r"\d+(?:[.,]\d+)?"
_PCT = re.compile(rf"({_NUMBER})\s*%+")
_PPM = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+|{_NUMBER})\s*(?:ppm|mg/kg)", re.IGNORECASE)
_UPPER_BOUND = re.compile(rf"≤\s*({_NUMBER})\s*%")


def clean(text: str) -> str:
    """Normalise a cell: NFKC (full-width brackets, ％), no soft hyphens or tabs, one space
    between words, no blank lines."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    return " ".join(clean(text).split("\n"))


def to_float(number: str) -> float:
    """'0,5' and '0.5' are both one half: the EU writes decimal commas."""
    return float(number.replace(",", "."))


def percentages(text: str) -> list[float]:
    return [to_float(m.group(1)) for m in _PCT.finditer(text)]


def first_percentage(text: str) -> float | None:
    """The limit a segment states: the bound after '≤' when a range is given
    ("> 0,1 % ≤ 6 %"), else the first percentage; None when there is none."""
    bound = _UPPER_BOUND.search(text)
    if bound:
        return to_float(bound.group(1))
    found = _PCT.search(text)
    return to_float(found.group(1)) if found else None


def ppm_value(text: str) -> float | None:
    """A trace limit in ppm (mg/kg is the same unit); '1,000 ppm' is one thousand."""
    found = _PPM.search(text)
    if not found:
        return None
    raw = found.group(1)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return float(raw.replace(",", ""))
    return to_float(raw)


_EXPRESSED = (
    re.compile(r"以\s*([^計，,;；()]+?)\s*計"),
    re.compile(r"calculated\s+as\s+([A-Za-z0-9][\w\s-]*?)(?=[.)\n,;]|$| or )", re.IGNORECASE),
    re.compile(r"\((?:as|of)\s+([^)%]+?)\)", re.IGNORECASE),
    re.compile(r"%\s*\(?(acid)\)", re.IGNORECASE),
    re.compile(r"%\s*(?:\(?as|of)\s+(?!a\b)([A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?)", re.IGNORECASE),
)


def expressed_as(text: str) -> str | None:
    """What a limit is expressed as: 'acid' in '0.5 % (以acid計)' or '2.5% (acid)',
    'free SO2' in '(as free SO2)', 'F' in 'calculated as F.'."""
    for pattern in _EXPRESSED:
        found = pattern.search(text)
        if found:
            value = found.group(1).strip(" .")
            return value or None
    return None


# --- lettered items -------------------------------------------------------------------

_MARKER = re.compile(r"\(\s*([a-s])([0-9]?)\s*\)|(?<![\w(\[’'])([a-s])([0-9]?)\)")
_TRAILING_FOR = re.compile(r"\b[Ff]or\s*$")
_JOINER = re.compile(r"^(?:\s|,|&|、|and|to|for|For|:|：|-|–|—)*$")


@dataclass(frozen=True)
class Segment:
    letters: tuple[str, ...]  # () for text before the first lettered item
    text: str


def _clusters(text: str) -> list[list[tuple[str, int, int, bool]]]:
    """Adjacent markers ('(a) (b)', 'For (a) and (b):', '(a) to (e)') form one header;
    each marker is (letter, start, end, preceded by 'to')."""
    found: list[list[tuple[str, int, int, bool]]] = []
    for m in _MARKER.finditer(text):
        letter = m.group(1) or m.group(3)
        gap = text[found[-1][-1][2] : m.start()] if found else ""
        if found and _JOINER.match(gap):
            found[-1].append((letter, m.start(), m.end(), "to" in gap.split()))
        else:
            found.append([(letter, m.start(), m.end(), False)])
    return found


def split_lettered(text: str) -> list[Segment]:
    """Split '(a) x (b) y' into segments. A marker counts if it starts a line or does not
    jump ahead of the sequence (so '(a) (i) 8 %' keeps '(i)' as text, while a cell that
    opens with '(b) 1,0 %' is item b); a header may repeat earlier
    letters ('For (a) and (b): …', '(b)&(c)…', '(a) to (e):')."""
    text = clean(text)
    segments: list[Segment] = []
    highest = ord("a") - 1
    cursor, current = 0, tuple[str, ...]()
    for cluster in _clusters(text):
        accepted: list[str] = []
        end = -1
        for letter, marker_start, marker_end, ranged in cluster:
            line_start = not text[text.rfind("\n", 0, marker_start) + 1 : marker_start].strip()
            if ord(letter) > highest + 1 and not ranged and not line_start:
                break
            if ranged and accepted:
                accepted.extend(chr(c) for c in range(ord(accepted[-1]) + 1, ord(letter) + 1))
            else:
                accepted.append(letter)
            highest = max(highest, ord(letter))
            end = marker_end
        if not accepted:
            continue
        body = _TRAILING_FOR.sub("", text[cursor : cluster[0][1]]).strip(" \n:：;；,，")
        if body or current:
            segments.append(Segment(current, body))
        cursor, current = end, tuple(dict.fromkeys(accepted))
    tail = text[cursor:].strip(" \n:：;；,，")
    if tail or current:
        segments.append(Segment(current, tail))
    return segments


def letters_in(text: str) -> set[str]:
    return {letter for seg in split_lettered(text) for letter in seg.letters}


# --- disclosures ----------------------------------------------------------------------

_DISCLOSURE = re.compile(
    r"The presence of the substances?.{0,200}?list of ingredients.*?"
    r"in rinse-off products\.?",
    re.IGNORECASE | re.DOTALL,
)
_THRESHOLD = re.compile(rf"({_NUMBER})\s*%\s*in\s+(leave-on|rinse-off)", re.IGNORECASE)


def split_disclosures(text: str) -> tuple[tuple[Disclosure, ...], str]:
    """Take the 'must be indicated in the list of ingredients when its concentration
    exceeds 0,001 % leave-on / 0,01 % rinse-off' clause out of a conditions cell.

    Returns the disclosures and the rest of the text; the clause never becomes a limit.
    """
    text = clean(text)
    found: list[Disclosure] = []
    for clause in _DISCLOSURE.findall(text):
        wording = one_line(clause)
        for value, where in _THRESHOLD.findall(clause):
            scope = Scope.LEAVE_ON if where.lower() == "leave-on" else Scope.RINSE_OFF
            found.append(Disclosure(threshold_pct=to_float(value), scope=scope, text=wording))
    rest = clean(_DISCLOSURE.sub("", text))
    return tuple(found), rest


_OTHER = re.compile(r"^(?:\(?[a-s]\)\s*)?(?:other|others|其他)\b|^其他", re.IGNORECASE)


def is_other_products(scope_text: str) -> bool:
    """True for the lists' fall-back item ('Other products', '其他產品', '其他用途'): a
    Limit with scope None and such a scope_text applies where no scoped limit does."""
    return bool(_OTHER.match(clean(scope_text)))
