"""Raw formula names (and an optional CAS cell) to INCI, with a confidence that means something.

Cascade: exact INCI -> synonym (ours, CosIng INN / Ph. Eur.) -> Chinese name -> the same
after taking the name apart (concentration notes, parenthetical glosses, "A - B", form
words) -> fuzzy spelling -> CAS alone -> none. Blends ("X and Y", "X in carrier",
known trade-name mixtures) are reported unresolved: a blend has several INCIs, one answer
would be wrong.

Confidence is designed for one rule: >= 0.8 is trusted without review, and must then be
right at least 98 % of the time (tests/ingredients measure it on hand-labelled names).
So only exact, synonym and Chinese-name matches, with light clean-up, reach 0.8; every
heuristic step costs a fixed penalty, fuzzy matches rarely pass 0.8, and a CAS that
contradicts the name pulls the row back to review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pifai.ingredients.cas import parse_cas_cell
from pifai.ingredients.dictionary import IngredientDictionary, compact, fold, load_dictionary
from pifai.ingredients.model import Match, MatchMethod
from pifai.ingredients.zh_names import has_cjk, zh_key

TRUSTED = 0.8
# Confidence by how the name matched.
EXACT, COMPACT, SYNONYM, ALIAS, HEDGED = 1.0, 0.97, 0.95, 0.9, 0.7
CHINESE, CHINESE_TYPO, CAS_ONLY, CAS_SHARED = 0.95, 0.9, 0.85, 0.6
# Penalties for each clean-up step the name needed before it matched.
NOTE, GLOSS, INNER, PART, EXPAND, FORM, PLURAL, TRIM = 0.05, 0.02, 0.12, 0.1, 0.03, 0.25, 0.1, 0.25
DISAGREE_CAP, ONE_PART_CAP, CAS_CONFLICT_CAP, CAS_INVALID = 0.75, 0.7, 0.6, 0.15
FUZZY_CUTOFF, FUZZY_MAX, ZH_FUZZY_CUTOFF, ZH_FUZZY_MAX = 0.85, 0.85, 0.6, 0.6
FUZZY_SLOPE, TRUNCATED = 4.5, 0.4
MAX_NAME = 300  # longer is not an ingredient name (a pasted paragraph); never scanned

_JUNK = re.compile(r"Â(?=[®™©])|[®™©*†‡]|\u200b")
_NOTES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\(\s*see below\s*\)|\bsee below\b",
        r"(?<=\S)\s+p\s?h\b.*$",  # "... pH to 4.8-5.2" (not a leading "pH")
        r"\buntil\b.*$",
        r"\bq\.?\s?s\.?(?=\s|\)|$)",
        r"\d+(?:[.,]\d+)?\s*%",
        r"\b\d+(?:\.\d+)?\s*x\b|\b\d+\s*:\s*1\b",  # 200X, 200:1 concentrates
        r"\b(?:aqueous\s+)?(?:solution|soln|sol'n)\b\.?",
        r"\(\s*\)",
    )
]
_EXPANSIONS = [
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\bextr?\b\.?", "extract"),
        (r"\bessential oil\b", "oil"),
        (r"\b(?:essential|floral) water\b|\bhydrosol\b|\bdistillate\b", "water"),
        (r"\be\.?o\b\.?", "oil"),
        (r"\bh2o\b", "water"),
    )
]
_FORM_WORDS = re.compile(
    r"\b(?:powder(?:ed)?|liquid|(?:un)?refined|organic|(?:extra\s+)?virgin|cold[\s-]?pressed"
    r"|deodori[sz]ed|natural|pure|fine|dried|flakes?|granules?|crystals?|c/s"
    r"|usp|nf|food grade|cosmetic grade|premium)\b\.?",
    re.IGNORECASE,
)
_PAREN = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_DASH_PARTS = re.compile(r"\s+[-–—]\s+")
_BLEND_SEP = re.compile(r"\s*(?:/|\+|&|,|;|\(and\)|\band\b|\bwith\b)\s*", re.IGNORECASE)
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z]{2})-(?=[A-Za-z]{2})")
_CARRIER = re.compile(r"\s+in\s+(?=\S)", re.IGNORECASE)
# "oil soluble", "(WS)", "OS": an extract sold dissolved in a carrier, i.e. a blend
_SOLUBLE = re.compile(r"\b(?:oil|water)[\s-]?sol(?:uble)?\b|\b(?:os|ws)\b", re.IGNORECASE)
_SCENT = re.compile(r"(?<=\S)\s+(?:super)?(?:scent|fragrance(?:\s+oil)?|fo|perfume)$", re.I)
_WORDS = re.compile(r"[a-z0-9]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'/()\-]*[A-Za-z0-9)]")


@dataclass(frozen=True)
class _Hit:
    index: int
    method: MatchMethod
    confidence: float
    why: str

    def lowered(self, penalty: float, note: str) -> _Hit:
        return _Hit(self.index, self.method, self.confidence - penalty, f"{self.why}; {note}")


def _lookup(d: IngredientDictionary, text: str) -> _Hit | None:
    """One candidate string through the exact tables (no guessing)."""
    if has_cjk(text):
        key = zh_key(text)
        i = d.by_zh.get(key)
        if i is None:
            return None
        if zh_key(text, fix_typos=False) == key:
            return _Hit(i, MatchMethod.CHINESE, CHINESE, f"Chinese name '{text.strip()}'")
        return _Hit(i, MatchMethod.CHINESE, CHINESE_TYPO, "Chinese name after 已→己 typo fix")
    key = fold(text)
    if key in d.by_name:
        return _Hit(d.by_name[key], MatchMethod.EXACT, EXACT, "exact INCI")
    c = compact(key)
    if not c:
        return None
    if c in d.by_compact:
        return _Hit(d.by_compact[c], MatchMethod.EXACT, COMPACT, "INCI (spacing/punctuation)")
    if c in d.by_synonym:
        return _Hit(d.by_synonym[c], MatchMethod.SYNONYM, SYNONYM, f"common name '{key}'")
    if c in d.by_alias:
        return _Hit(d.by_alias[c], MatchMethod.SYNONYM, ALIAS, f"INN/Ph. Eur. name '{key}'")
    if c in d.by_hedged:
        why = f"usual meaning of '{key}' (hedged: confirm with supplier)"
        return _Hit(d.by_hedged[c], MatchMethod.SYNONYM, HEDGED, why)
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:-/.")


def _strip_notes(text: str) -> str:
    for rx in _NOTES:
        text = rx.sub(" ", text)
    return _squash(text)


def _variants(text: str) -> list[tuple[str, float, str]]:
    """Structural rewrites of a (note-stripped) name, each with its penalty and a note."""
    out: list[tuple[str, float, str]] = []
    outer = _squash(_PAREN.sub(" ", text))
    pen = 0.0
    if outer != text:
        pen = GLOSS
        out.append((outer, GLOSS, "parenthetical gloss dropped"))
        out += [(m.strip(), INNER, "matched the parenthetical") for m in _PAREN.findall(text)]
    expanded = outer
    for rx, repl in _EXPANSIONS:
        expanded = rx.sub(repl, expanded)
    if expanded != outer:
        pen += EXPAND
        out.append((expanded, pen, "abbreviation expanded"))
    formless = _squash(_FORM_WORDS.sub(" ", expanded))
    if formless not in (expanded, ""):
        pen += FORM
        out.append((formless, pen, "form words dropped"))
    if re.search(r"[^su]s$", formless, re.IGNORECASE):
        out.append((formless[:-1], pen + PLURAL, "plural"))
    if _SCENT.search(formless):
        out.append(("fragrance", pen + TRIM, "named as a scent / fragrance oil"))
    if has_cjk(text) and _LATIN.search(text):
        latin = _squash(" ".join(_LATIN.findall(text)))
        out += [(latin, PART, "Latin part"), (_squash(_LATIN.sub(" ", text)), PART, "zh part")]
    return [(t, p, n) for t, p, n in out if t]


def _best(d: IngredientDictionary, cands: list[tuple[str, float, str]]) -> _Hit | None:
    """Best hit over candidate strings; capped when two good hits name different things."""
    hits = []
    for text, pen, note in cands:
        h = _lookup(d, text)
        if h is not None:
            hits.append(h.lowered(pen, note) if pen else h)
    if not hits:
        return None
    hits.sort(key=lambda h: -h.confidence)
    top = hits[0]
    for other in hits[1:]:
        if other.confidence >= 0.5 and _different(d, top.index, other.index):
            rival = d.entry(other.index).inci
            if top.confidence > DISAGREE_CAP:
                return _Hit(top.index, top.method, DISAGREE_CAP, f"{top.why}; but also '{rival}'")
    return top


def _different(d: IngredientDictionary, a: int, b: int) -> bool:
    """Two entries are different ingredients unless they share a CAS (Aqua / Water)."""
    return a != b and not set(d.cas_of(a)) & set(d.cas_of(b))


def _blend(d: IngredientDictionary, texts: list[str]) -> str | None:
    """Why the name is a mixture (known trade blend, "X in carrier", "X and Y"), or None."""
    for text in texts:
        parts = [p.strip() for p in _BLEND_SEP.split(_WORD_HYPHEN.sub("/", text)) if p.strip()]
        for p in (text, *parts):
            b = d.blends.get(compact(p))
            if b is not None:
                comp = " + ".join(b.components)
                return f"raw-material blend {b.trade_name} ({b.supplier}): {comp}"
        carrier = [p.strip() for p in _CARRIER.split(text, maxsplit=1)]
        if len(carrier) == 2 and all(carrier):
            return f"'{carrier[0]}' in a carrier ('{carrier[1]}'): a blend"
        if _SOLUBLE.search(text):
            return "sold dissolved in a carrier (oil/water soluble grade): a blend"
        if len(parts) < 2:
            continue
        found = {p: h.index for p in parts if (h := _lookup(d, p)) is not None}
        for p in parts if found else ():
            near = d.fuzzy(fold(p), 0.9) if p not in found and len(compact(p)) >= 8 else []
            if near:
                found[p] = near[0][0]
        ids = set(found.values())
        if any(_different(d, a, b) for a in ids for b in ids):
            return "several ingredients: " + " + ".join(d.entry(i).inci for i in sorted(ids))
        unknown_codes = [p for p in parts if p not in found and len(compact(p)) <= 4]
        if found and unknown_codes:
            return f"several ingredients, '{unknown_codes[0]}' unknown: {text}"
    return None


def _fuzzy(d: IngredientDictionary, texts: list[tuple[str, float]]) -> _Hit | None:
    """Nearest spelling. Confidence from score, length and margin over the runner-up."""
    best: _Hit | None = None
    seen: set[str] = set()
    for text, penalty in texts:
        if text in seen:
            continue
        seen.add(text)
        if _lookup(d, text) is not None:
            continue  # an exact string is not a typo of itself
        if has_cjk(text):
            found = d.fuzzy_zh(zh_key(text), ZH_FUZZY_CUTOFF)
            if not found:
                continue
            i, score = found[0]
            runner = found[1][1] if len(found) > 1 else 0.0
            conf = min(ZH_FUZZY_MAX, 0.2 + (score - ZH_FUZZY_CUTOFF) * 1.2)
            conf *= 0.6 if score - runner < 0.05 else 1.0
            hit = _Hit(i, MatchMethod.CHINESE, conf, f"Chinese fuzzy {score:.2f}")
        else:
            latin = _fuzzy_latin(d, fold(text))
            if latin is None:
                continue
            hit = latin
        hit = _Hit(hit.index, hit.method, hit.confidence - penalty, hit.why)
        if best is None or hit.confidence > best.confidence:
            best = hit
    return best


def _fuzzy_latin(d: IngredientDictionary, key: str) -> _Hit | None:
    """Typo-level matches only: a query that is the candidate minus whole words is a
    truncation ("centella asiatica" of "... oil"? "... extract"?), not a typo."""
    n = len(compact(key))
    found = d.fuzzy(key, FUZZY_CUTOFF) if n >= 5 else []
    if not found:
        return None
    i, score = found[0]
    runner = next((s for j, s in found[1:] if _different(d, i, j)), 0.0)
    conf = 0.35 + (score - FUZZY_CUTOFF) * FUZZY_SLOPE
    conf *= 0.75 if n < 8 else 0.9 if n < 12 else 1.0
    margin = score - runner
    conf *= 0.6 if margin < 0.03 else 0.85 if margin < 0.06 else 1.0
    why = f"fuzzy {score:.2f} to '{d.entry(i).inci}'"
    if runner:
        why += f" (runner-up {runner:.2f})"
    words, target = set(_WORDS.findall(key)), set(_WORDS.findall(fold(d.entry(i).inci)))
    if words < target:
        conf, why = min(conf, TRUNCATED), f"{why}; looks truncated"
    return _Hit(i, MatchMethod.FUZZY, min(conf, FUZZY_MAX), why)


def _code_like(word: str, text: str) -> bool:
    """Supplier codes and trade names: digits, or capitals in an otherwise mixed-case name."""
    return any(c.isdigit() for c in word) or (
        len(word) > 1 and word.isupper() and not text.isupper()
    )


def _trimmed(text: str, pen: float) -> list[tuple[str, float, str]]:
    """Drop one or two code-like leading / trailing words ("WSK snow mushroom extract",
    "Isoamyl Laurate PELEMOL 9512"); ordinary words are never dropped ("Opuntia Tuna")."""
    words = text.split()
    out = []
    for k in (1, 2):
        if len(words) - k >= 2:
            if all(_code_like(w, text) for w in words[:k]):
                out.append((" ".join(words[k:]), pen + TRIM, f"first {k} word(s) ignored"))
            if all(_code_like(w, text) for w in words[-k:]):
                out.append((" ".join(words[:-k]), pen + TRIM, f"last {k} word(s) ignored"))
    return out


@dataclass(frozen=True)
class _Outcome:
    hit: _Hit | None
    reason: str = ""
    blend: bool = False


def _resolve(d: IngredientDictionary, raw: str) -> _Outcome:
    """The name alone: a hit, or the reason there is none."""
    text = _squash(_JUNK.sub(" ", unicodedata.normalize("NFKC", raw)))
    if not compact(text):
        return _Outcome(None, "empty or no letters")
    if len(text) > MAX_NAME:
        return _Outcome(None, f"name too long ({len(text)} characters) for an ingredient")
    notes = _strip_notes(text) or text
    first = _best(d, [(text, 0.0, ""), (notes, NOTE, "concentration/processing note removed")])
    if first is not None:
        return _Outcome(first)
    outer = _squash(_PAREN.sub(" ", notes))
    reason = _blend(d, list(dict.fromkeys([text, notes, outer])))
    if reason is not None:
        return _Outcome(None, reason, blend=True)
    cands = _variants(notes)
    parts = [p for p in _DASH_PARTS.split(notes) if p.strip()]
    if len(parts) > 1:
        for p in parts:
            cands.append((p, PART, "one side of 'A - B'"))
            cands += [(t, pen + PART, n) for t, pen, n in _variants(p)]
    hit = _best(d, cands)
    if hit is None:
        split = [p for p in _BLEND_SEP.split(outer) if p.strip()]
        one = _best(d, [(p, PART, "one of several parts") for p in split]) if split[1:] else None
        if one is not None:
            hit = _Hit(one.index, one.method, min(one.confidence, ONE_PART_CAP), one.why)
    rewrites = [(t, p) for t, p, n in cands if n in ("abbreviation expanded", "form words dropped")]
    if hit is None:
        hit = _best(d, [c for t, p in [(outer, 0.0), *rewrites] for c in _trimmed(t, p)])
    if hit is None or hit.confidence < 0.6:
        fuzzy = _fuzzy(d, [(notes, 0.0), (outer, GLOSS), *rewrites])
        if fuzzy is not None and (hit is None or fuzzy.confidence > hit.confidence):
            hit = fuzzy
    return _Outcome(hit, "" if hit else "no INCI, synonym, Chinese name or close spelling")


def normalise(
    name: str, cas: str | None = None, *, dictionary: IngredientDictionary | None = None
) -> Match:
    """Identify one formula line. `cas` may hold several numbers ("65-85-0/532-32-1")."""
    d = dictionary if dictionary is not None else load_dictionary()
    out = _resolve(d, name or "")
    numbers = parse_cas_cell(cas)
    valid = [c.value for c in numbers if c.valid]
    invalid = [c.value for c in numbers if not c.valid]
    cas_valid = None if not numbers else not invalid
    notes = [f"CAS {', '.join(invalid)} fails the check digit"] if invalid else []
    hit, conflict = out.hit, False
    if hit is not None and numbers:
        hit, conflict = _check_cas(d, hit, valid, notes)
        if invalid:
            hit = _Hit(hit.index, hit.method, hit.confidence - CAS_INVALID, hit.why)
    elif hit is None and not out.blend:
        hit = _cas_only(d, valid)
        if hit is not None and invalid:
            hit = hit.lowered(CAS_INVALID, "another CAS in the cell is invalid")
    if hit is None:
        why = "; ".join([out.reason or "not identified", *notes])
        return Match(name, None, MatchMethod.NONE, 0.0, why, cas, cas_valid, False)
    conf = round(min(1.0, max(0.0, hit.confidence)), 3)
    why = "; ".join([hit.why, *notes])
    return Match(name, d.entry(hit.index), hit.method, conf, why, cas, cas_valid, conflict)


def _check_cas(
    d: IngredientDictionary, hit: _Hit, valid: list[str], notes: list[str]
) -> tuple[_Hit, bool]:
    """Reconcile a name match with the valid CAS numbers given: agree, conflict or neutral."""
    own = set(d.cas_of(hit.index))
    agree = [c for c in valid if c in own]
    if agree:
        unique = any(len(d.by_cas.get(c, ())) == 1 for c in agree)
        conf = max(hit.confidence, 0.85) if unique and hit.confidence >= 0.5 else hit.confidence
        notes.append(f"CAS {agree[0]} agrees")
        return _Hit(hit.index, hit.method, min(1.0, conf + 0.02), hit.why), False
    known = [c for c in valid if c in d.by_cas]
    if not known:
        if valid:
            notes.append("CAS not in dictionary")
        return hit, False
    by_cas = _cas_only(d, known)
    if hit.method is MatchMethod.FUZZY and by_cas is not None:
        # a valid CAS beats a guessed spelling, but the disagreement still needs a look
        resembles = d.entry(hit.index).inci
        return by_cas.lowered(0.25, f"name only resembles '{resembles}'"), False
    owner = d.entry(_cas_pick(d, d.by_cas[known[0]])).inci
    notes.append(f"CAS {known[0]} belongs to '{owner}'")
    conf = min(hit.confidence - 0.3, CAS_CONFLICT_CAP)
    return _Hit(hit.index, hit.method, conf, hit.why), True


def _cas_pick(d: IngredientDictionary, ids: tuple[int, ...]) -> int:
    """Preferred entry among those sharing a CAS: the most specific, then the shortest."""
    return min(ids, key=lambda i: (len(d.cas_of(i)), len(d.entry(i).inci), i))


def _cas_only(d: IngredientDictionary, valid: list[str]) -> _Hit | None:
    for c in valid:
        ids = d.by_cas.get(c)
        if ids:
            i = _cas_pick(d, ids)
            if len(ids) == 1:
                return _Hit(i, MatchMethod.CAS, CAS_ONLY, f"identified by CAS {c} alone")
            n = len(ids) - 1
            return _Hit(i, MatchMethod.CAS, CAS_SHARED, f"CAS {c} alone; shared by {n} other(s)")
    return None
