"""A pasted label ingredient list ("Aqua (Water), Glycerin, Parfum/Fragrance, …").

Label lists separate ingredients with commas, but commas also occur inside names'
parentheses and brackets ("May contain [+/-: CI 77491, CI 77492]"), and slashes join
synonyms of one ingredient ("Parfum/Fragrance", "Water/Aqua/Eau") or belong to the name
("PEG/PPG-18/18 Dimethicone") — so we split only on top-level commas (and semicolons,
"、", bullets) and never on slashes. Text after the list's closing full stop (claims,
"Made in France") is dropped. Labels carry no amounts: every row gets `Amount.missing`.
"""

from __future__ import annotations

import re
import unicodedata

from pifai.formulas.model import (
    Amount,
    FormulaInputError,
    Location,
    ParsedFormula,
    ParsedRow,
    RowProblem,
    Severity,
)

SOURCE = "pasted list"
MAX_LIST_CHARS = 20_000  # the longest label lists are ~2,000 characters
MAX_NAME_CHARS = 200  # a longer "ingredient" is prose that slipped into the list
_OPEN, _CLOSE = "([{", ")]}"
_LEAD = re.compile(
    r"^\s*(?:ingredients?|ingr\.?|composition|inci|全成分|成分|成份|zutaten|ingrédients)\s*[:：]\s*",
    re.IGNORECASE,
)
_MAY_CONTAIN = re.compile(
    r"^\s*[\[(]?\s*(?:may\s+contain|peut\s+contenir|kann\s+enthalten|可能含有|\+/-|±)"
    r"\s*[)\]]?\s*(?:\(\s*\+/-\s*\)|\+/-|±)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"\.\s+(?=\S)|。(?=.)")
_EDGE = re.compile(r"^[\s*•·.]+|[\s*•·;:。]+$")
_FULL_STOP = re.compile(r"(?<![\s.][A-Za-z])\.+$")  # "Tocopherol." but not "S.E."


def parse_inci_list(text: str) -> ParsedFormula:
    """Split a label list into rows (amounts missing, may-contain items flagged)."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not cleaned:
        raise FormulaInputError("the pasted ingredient list is empty", source=SOURCE)
    if len(cleaned) > MAX_LIST_CHARS:
        raise FormulaInputError(
            f"the pasted list is {len(cleaned):,} characters (limit {MAX_LIST_CHARS:,}); "
            "paste the ingredient list only",
            source=SOURCE,
        )
    items = split_inci_list(cleaned)
    if not items:
        raise FormulaInputError("no ingredient names found in the pasted list", source=SOURCE)
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for position, (name, may_contain) in enumerate(items, start=1):
        location = Location(SOURCE, row=position)
        if len(name) > MAX_NAME_CHARS:
            problems.append(
                RowProblem(
                    location,
                    f"item {position} is too long for a name: {name[:60]!r}…",
                    field="name",
                )
            )
            continue
        rows.append(
            ParsedRow(name, Amount.missing(), location, name, inci=name, may_contain=may_contain)
        )
    problems.append(
        RowProblem(
            Location(SOURCE),
            "a label list has no amounts; upload the formula with % w/w for item 3",
            Severity.WARNING,
            "amount",
        )
    )
    return ParsedFormula(SOURCE, tuple(rows), tuple(problems), format="inci_list")


def split_inci_list(text: str) -> list[tuple[str, bool]]:
    """(name, may_contain) for each ingredient, in label order."""
    text = _LEAD.sub("", text)
    separators = ",;、•" if "," in text or ";" in text else ",;、•\n"
    if "\n" not in separators:
        text = re.sub(r"\s*\n\s*", " ", text)
    out: list[tuple[str, bool]] = []
    rest_may_contain = False  # "May contain: A, B" without brackets runs to the end
    for raw in _split_top_level(text, separators):
        piece, ended = _cut_sentence(raw)
        names, flagged, runs_on = _expand(piece)
        rest_may_contain = rest_may_contain or runs_on
        out.extend((name, flagged or rest_may_contain) for name in names if name)
        if ended:
            break
    return out


def _split_top_level(text: str, separators: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def _cut_sentence(piece: str) -> tuple[str, bool]:
    """A top-level ". " ends the list; what follows is marketing text."""
    depth = 0
    for index, char in enumerate(piece):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and _SENTENCE_END.match(piece, index):
            return piece[:index], True
    return piece, False


def _expand(piece: str) -> tuple[list[str], bool, bool]:
    """One top-level piece → (names, may contain?, may-contain runs on to the end?).
    A bracketed may-contain group yields each of its members."""
    marker = _MAY_CONTAIN.match(piece)
    if marker is None:
        return [_clean(piece)], False, False
    whole = _FULL_STOP.sub("", _EDGE.sub("", piece)).strip()
    rest = _FULL_STOP.sub("", _EDGE.sub("", piece[marker.end() :])).strip()
    # "[+/-: A, B]" or "May contain (A, B)" close their group; "(+/-) A, B" runs on
    enclosed = whole[:1] in _OPEN and _first_close(whole) == len(whole) - 1
    bracketed = enclosed or (rest[:1] in _OPEN and rest[-1:] in _CLOSE)
    if rest[:1] in _OPEN and rest[-1:] in _CLOSE:
        rest = rest[1:-1]
    rest = re.sub(r"^\s*(?:\+/-|±)\s*[:：]?\s*", "", rest).rstrip("])}")
    return [_clean(part) for part in _split_top_level(rest, ",;、")], True, not bracketed


def _first_close(text: str) -> int:
    return next((i for i, char in enumerate(text) if char in _CLOSE), -1)


def _clean(name: str) -> str:
    name = _FULL_STOP.sub("", _EDGE.sub("", name)).strip()
    if name.count("(") > name.count(")"):
        name = name.replace("(", "", name.count("(") - name.count(")")).strip()
    if name.count("[") > name.count("]"):
        name = name.lstrip("[").strip()
    return re.sub(r"\s+", " ", name)
