"""The INCI dictionary shipped with the package, and its lookup indexes.

The data file (data/inci_dictionary.json.gz) holds structured facts taken from the EU
CosIng inventory: INCI name, CAS, EC, functions, INN / Ph. Eur. names, with CAS/EC gaps
filled from a newer identifier list. It is built by scripts/build_ingredient_dictionary.py
(see `build_payload`); the build is deterministic so a test can rebuild and compare. Our
own synonyms and Chinese names are merged in at load time, so editing those tables needs
no rebuild.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from pifai.ingredients.cas import parse_cas_cell
from pifai.ingredients.model import DictionaryEntry
from pifai.ingredients.synonyms import (
    COMMON_NAMES,
    HEDGED_NAMES,
    RAW_MATERIAL_BLENDS,
    RawMaterialBlend,
)
from pifai.ingredients.zh_names import ZH_NAMES, zh_key

FORMAT = "pifai-inci-dictionary/1"
COSING_SOURCE = "EU CosIng inventory (export 2021-12-15)"
GAP_SOURCE = "CosIng identifiers, beauteeru/cosmetic-ingredients-dataset (2025-08-27)"
_GAP_FILLED = f"{COSING_SOURCE}; CAS/EC gap filled from {GAP_SOURCE}"
DATA_FILE = Path(__file__).parent / "data" / "inci_dictionary.json.gz"

_FOLD_TABLE = str.maketrans(
    {
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
        "\\": "/",
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
        **{c: "'" for c in "\u2018\u2019\u201b\u2032`\u00b4"},
    }
)
_WS = re.compile(r"\s+")
_SEP_SPACES = re.compile(r"\s*([/,\-])\s*")
_OPEN_SPACE = re.compile(r"\s*\(\s*")
_CLOSE_SPACE = re.compile(r"\s*\)\s*")
_NON_ALNUM = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_EC = re.compile(r"(?<![\d-])\d{3}-\d{3}-\d(?![\d-])")
_BRACKET_NOTE = re.compile(r"\s*[\[{(][^\]})]*[\]})]\s*")


def fold(text: str) -> str:
    """Lookup key: NFKC (full-width forms), case, dashes, quotes, brackets and spacing folded.

    "WATER（AQUA)" and "water (aqua)" give the same key; punctuation is kept otherwise,
    so "Caprylic/Capric Triglyceride" stays distinct from "Caprylic Capric ...".
    """
    s = text if text.isascii() else unicodedata.normalize("NFKC", text)
    s = _WS.sub(" ", s.casefold().translate(_FOLD_TABLE))
    if " " in s:
        s = _CLOSE_SPACE.sub(")", _OPEN_SPACE.sub("(", _SEP_SPACES.sub(r"\1", s)))
    return s.strip(" .;,")


def compact(text: str) -> str:
    """Looser key: letters and digits only ("Hydroxyethyl Cellulose" = HYDROXYETHYLCELLULOSE)."""
    return _NON_ALNUM.sub("", fold(text))


class IngredientDictionary:
    """Entries plus the indexes the normaliser walks: name, compact name, synonym, zh, CAS.

    Entries are materialised lazily: building 30k frozen dataclasses up front would cost
    more than the whole index.
    """

    def __init__(
        self,
        rows: list[list[Any]],
        functions: list[str],
        header: dict[str, Any],
        *,
        common: dict[str, str] | None = None,
        hedged: dict[str, str] | None = None,
        zh: Iterable[tuple[str, str, str]] | None = None,
        blends: Iterable[RawMaterialBlend] | None = None,
    ) -> None:
        self.header = header
        self._rows = rows
        self._functions = functions
        self._cache: dict[int, DictionaryEntry] = {}
        self.by_name: dict[str, int] = {}
        for i, row in enumerate(rows):
            self.by_name.setdefault(fold(row[1]), i)  # build order puts the preferred dup first
        self.by_compact: dict[str, int] = {}
        for key, i in self.by_name.items():
            self.by_compact.setdefault(_NON_ALNUM.sub("", key), i)
        self.by_alias = _unique_index(
            (compact(a), i)
            for i, row in enumerate(rows)
            for a in row[5]
            if fold(a) not in self.by_name
        )
        self.by_cas: dict[str, tuple[int, ...]] = {}
        for i, row in enumerate(rows):
            for c in row[2]:
                self.by_cas[c] = (*self.by_cas.get(c, ()), i)
        self._extra_syn: dict[int, list[str]] = {}
        self._extra_zh: dict[int, list[str]] = {}
        self.by_synonym = self._names(COMMON_NAMES if common is None else common)
        fuzzy_names = {(fold(n), i) for i, ns in self._extra_syn.items() for n in ns}
        self.by_hedged = self._names(HEDGED_NAMES if hedged is None else hedged)
        zh_pairs: list[tuple[str, int]] = []
        for trad, simp, inci in ZH_NAMES if zh is None else zh:
            target = self.by_name.get(fold(inci))
            if target is None:
                continue
            for name in dict.fromkeys((trad, simp)):
                zh_pairs.append((zh_key(name), target))
                self._extra_zh.setdefault(target, []).append(name)
        self.by_zh = _unique_index(zh_pairs)
        self.blends = {
            compact(b.trade_name): b for b in (RAW_MATERIAL_BLENDS if blends is None else blends)
        }
        fuzzy = sorted({*self.by_name.items(), *fuzzy_names}, key=lambda t: (len(t[0]), t[0]))
        self._fuzzy_keys = [k for k, _ in fuzzy]  # INCI + common names (not hedged), by length
        self._fuzzy_ids = [i for _, i in fuzzy]
        self._fuzzy_lens = [len(k) for k, _ in fuzzy]
        self._zh_keys = list(self.by_zh)
        self._zh_ids = [self.by_zh[k] for k in self._zh_keys]

    def _names(self, table: dict[str, str]) -> dict[str, int]:
        """Index a name -> INCI table by compact key, skipping names that are INCIs."""
        pairs = []
        for name, inci in table.items():
            target = self.by_name.get(fold(inci))
            if target is not None and fold(name) not in self.by_name:
                pairs.append((compact(name), target))
                self._extra_syn.setdefault(target, []).append(name)
        return _unique_index(pairs)

    def fuzzy(self, key: str, cutoff: float) -> list[tuple[int, float]]:
        """Nearest folded names to `key`: (entry, score 0..1), best per entry, best first.

        Prefilter: only names whose length allows the Indel ratio to reach `cutoff`
        (lossless for that scorer), then rapidfuzz over that slice. Candidates whose digits
        differ from the query's are dropped: "PEG-10" is not a typo of "PEG-100".
        """
        n = len(key)
        lo = bisect_left(self._fuzzy_lens, math.floor(n * cutoff / (2 - cutoff)))
        hi = bisect_right(self._fuzzy_lens, math.ceil(n * (2 - cutoff) / cutoff))
        found = process.extract(
            key, self._fuzzy_keys[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=12
        )
        digits = _DIGITS.findall(key)
        best: dict[int, float] = {}
        for choice, score, pos in found:
            i = self._fuzzy_ids[lo + pos]
            if _DIGITS.findall(choice) == digits and score / 100 > best.get(i, 0.0):
                best[i] = score / 100
        return sorted(best.items(), key=lambda t: -t[1])

    def fuzzy_zh(self, key: str, cutoff: float) -> list[tuple[int, float]]:
        """Nearest Chinese names (keys from `zh_key`), best per entry, best first."""
        found = process.extract(
            key, self._zh_keys, scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=8
        )
        best: dict[int, float] = {}
        for _, score, pos in found:
            i = self._zh_ids[pos]
            best[i] = max(best.get(i, 0.0), score / 100)
        return sorted(best.items(), key=lambda t: -t[1])

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, i: int) -> DictionaryEntry:
        """Entry number `i` (index values are entry numbers)."""
        e = self._cache.get(i)
        if e is None:
            ref, inci, cas, ec, fn_idx, aliases, gap = self._rows[i]
            e = DictionaryEntry(
                ingredient_id=f"cosing:{ref}",
                inci=inci,
                cas_numbers=tuple(cas),
                ec_numbers=tuple(ec),
                functions=tuple(self._functions[f] for f in fn_idx),
                synonyms=(*aliases, *self._extra_syn.get(i, ())),
                zh_names=tuple(self._extra_zh.get(i, ())),
                source=_GAP_FILLED if gap else COSING_SOURCE,
            )
            self._cache[i] = e
        return e

    def entries(self) -> Iterator[DictionaryEntry]:
        return (self.entry(i) for i in range(len(self._rows)))

    def cas_of(self, i: int) -> tuple[str, ...]:
        return tuple(self._rows[i][2])

    def get(self, inci: str) -> DictionaryEntry | None:
        """The entry whose INCI name folds to the same key, if any."""
        i = self.by_name.get(fold(inci))
        return None if i is None else self.entry(i)


def _unique_index(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """key -> entry; a key claimed by two different entries is dropped as ambiguous."""
    index: dict[str, int] = {}
    bad: set[str] = set()
    for key, i in pairs:
        if not key or key in bad:
            continue
        if key in index and index[key] != i:
            bad.add(key)
            del index[key]
            continue
        index[key] = i
    return index


# --------------------------------------------------------------------------- build


def _split_functions(cell: str) -> list[str]:
    return sorted({f.strip() for f in cell.split(",") if f.strip()})


def _clean_alias(cell: str) -> list[str]:
    """INN / Ph. Eur. cells: "Hyaluronate Sodium [USAN:JAN]", "alcoholum / ethanolum"."""
    out = []
    for part in re.split(r"\s+/\s+|;", cell):
        name = _BRACKET_NOTE.sub(" ", part).strip()
        if len(name) >= 3:
            out.append(name)
    return out


def _cas_values(cell: str) -> list[str]:
    return [c.value for c in parse_cas_cell(cell)]


def _ec_values(cell: str) -> list[str]:
    seen: list[str] = []
    for m in _EC.findall(unicodedata.normalize("NFKC", cell).translate(_FOLD_TABLE)):
        if m not in seen:
            seen.append(m)
    return seen


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_payload(cosing_gz: Path, identifiers_csv: Path) -> dict[str, Any]:
    """Structured facts from the two inputs; same inputs give the same payload."""
    with gzip.open(cosing_gz, "rt", encoding="utf-8", newline="") as fh:
        cosing = list(csv.DictReader(fh))
    with identifiers_csv.open(encoding="utf-8", newline="") as fh:
        ids = {(r["substanceId"].strip(), r["name"].strip().lower()): r for r in csv.DictReader(fh)}
    rows: list[tuple[tuple[Any, ...], list[Any]]] = []
    functions: set[str] = set()
    filled = 0
    for r in cosing:
        inci = re.sub(r"\s+", " ", r["inci_name"]).strip()
        if not inci:
            continue
        cas, ec = _cas_values(r["cas_no"]), _ec_values(r["ec_no"])
        gap = ids.get((r["cosing_ref_no"].strip(), inci.lower()))
        from_gap = 0
        if gap and not cas and _cas_values(gap["casNo"]):
            cas, from_gap = _cas_values(gap["casNo"]), 1
        if gap and not ec and _ec_values(gap["ecNo"]):
            ec, from_gap = _ec_values(gap["ecNo"]), 1
        filled += from_gap
        fns = _split_functions(r["function"])
        functions.update(fns)
        aliases = [a for c in (r["inn_name"], r["ph_eur_name"]) for a in _clean_alias(c)]
        date = "/".join(reversed(r["update_date"].split("/")))  # DD/MM/YYYY -> sortable
        order = (fold(inci), not cas, _neg(date), int(r["cosing_ref_no"]))
        rows.append((order, [r["cosing_ref_no"].strip(), inci, cas, ec, fns, aliases, from_gap]))
    rows.sort(key=lambda t: t[0])
    fn_list = sorted(functions)
    fn_index = {f: i for i, f in enumerate(fn_list)}
    entries = [[*e[:4], [fn_index[f] for f in e[4]], *e[5:]] for _, e in rows]
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
    return {
        "format": FORMAT,
        "source": COSING_SOURCE,
        "inputs": [
            {
                "file": "cosing/cosing_ingredients.csv.gz",
                "what": COSING_SOURCE,
                "origin": "Kaw-Aii/skintwinformx@6779ddd1b1de4570e19f9116e87c3f353ae88bdb",
                "rows": len(cosing),
                "sha256": _sha256(cosing_gz),
            },
            {
                "file": "cosing/ingredients.csv",
                "what": GAP_SOURCE,
                "origin": "beauteeru/cosmetic-ingredients-dataset"
                "@7050d3cdca3582f1a036d35ba41ea2eaed361613",
                "rows": len(ids),
                "sha256": _sha256(identifiers_csv),
            },
        ],
        "entry_fields": ["ref", "inci", "cas", "ec", "functions", "aliases", "gap_filled"],
        "count": len(entries),
        "gap_filled": filled,
        "entries_sha256": hashlib.sha256(body).hexdigest(),
        "functions": fn_list,
        "entries": entries,
    }


def _neg(date: str) -> str:
    """Sort key putting the most recent DD/MM/YYYY first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def payload_bytes(payload: dict[str, Any]) -> bytes:
    """Canonical JSON of a payload (what the gzip file holds)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0).encode()


def write_payload(payload: dict[str, Any], path: Path = DATA_FILE) -> None:
    """Write the gzip file with a fixed mtime so equal payloads give equal files here."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload_bytes(payload))
    path.write_bytes(buf.getvalue())


def read_payload(path: Path = DATA_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


# --------------------------------------------------------------------------- load


@lru_cache(maxsize=1)
def load_dictionary() -> IngredientDictionary:
    """The shipped dictionary, indexed once per process (a fraction of a second, then free)."""
    payload = read_payload(DATA_FILE)
    header = {k: v for k, v in payload.items() if k not in ("entries", "functions")}
    return IngredientDictionary(payload["entries"], payload["functions"], header)
