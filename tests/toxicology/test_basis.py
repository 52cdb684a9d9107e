"""The basis register: complete, cited, and the only place safety constants live."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pifai.toxicology import basis as basis_module
from pifai.toxicology.basis import ToxicologyError, basis, exposure_classes, register

SOURCE_DIR = Path(basis_module.__file__).parent
NOTES = Path(__file__).resolve().parents[3] / "shared" / "notes" / "sccs-facts.md"
ALLOWED = {0, 1, 100}  # zero, one and the percent conversion


def _numeric_literals(tree: ast.AST) -> list[tuple[int, float]]:
    """(line, value) of every number, with a unary minus folded into its constant."""
    negated = {
        id(node.operand)
        for node in ast.walk(tree)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    }
    return [
        (node.lineno, -node.value if id(node) in negated else node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ]


def _registered_numbers() -> set[float]:
    numbers = {e.value for e in register()}
    numbers |= {a.value for e in register() for a in e.alternatives}
    return numbers


@pytest.mark.parametrize("path", sorted(SOURCE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_every_numeric_literal_is_in_the_register(path: Path) -> None:
    known = _registered_numbers()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stray = [(line, v) for line, v in _numeric_literals(tree) if v not in ALLOWED | known]
    assert stray == [], f"{path.name}: numbers not documented in the basis register: {stray}"


def test_the_literal_scan_catches_an_undocumented_constant() -> None:
    tree = ast.parse("SAFETY_FACTOR = 3.7\nLOW = -2\nPCT = 100\n")
    known = _registered_numbers()
    stray = [v for _, v in _numeric_literals(tree) if v not in ALLOWED | known]
    assert stray == [3.7, -2]


def test_keys_are_unique() -> None:
    keys = [e.key for e in register()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", register(), ids=lambda e: e.key)
def test_every_entry_says_why_where_and_how_sure(entry: basis_module.BasisEntry) -> None:
    assert entry.unit and entry.why and entry.citation and entry.grade


def test_citations_name_known_sources() -> None:
    for entry in register():
        if entry.grade.startswith("secondary"):
            named = set(re.findall(r"\b([A-Z])\b", entry.citation)) & set(basis_module.SOURCES)
            assert named, entry.key


def test_lookup_of_unknown_key_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="no basis register entry"):
        basis("mos.threshold_typo")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("body_weight_kg", 60),
        ("dap.default_pct", 100),
        ("dap.reduced_pct", 10),
        ("dap.rule.mw_above_da", 500),
        ("dap.rule.log_pow_below", -1),
        ("dap.rule.log_pow_above", 4),
        ("mos.threshold", 100),
        ("oral_absorption.default_pct", 50),
        ("ttc.cramer_i", 30),
        ("ttc.cramer_ii", 1.5),
        ("ttc.cramer_iii", 1.5),
        ("ttc.genotoxic_alert", 0.0025),
        ("exposure.aggregate.e_product", 269),
        ("exposure.aggregate.amount", 17.4),
    ],
)
def test_spec_values(key: str, value: float) -> None:
    assert basis(key).value == value


def test_plain_noael_is_recorded_as_the_alternative_oral_absorption() -> None:
    labels = {
        a.label.split(":")[0]: a.value for a in basis("oral_absorption.default_pct").alternatives
    }
    assert labels["plain NOAEL"] == 100


def test_reference_system_dap_values_are_alternatives_not_defaults() -> None:
    alternatives = {a.value for a in basis("dap.default_pct").alternatives}
    assert alternatives == {50, 5}


def test_fallback_is_the_largest_sourced_exposure() -> None:
    sourced = [e.value for e in register() if e.key.endswith(".e_product")]
    assert basis("exposure.fallback").value == max(sourced) == 269


def test_per_person_ttc_alternatives_are_per_kg_times_body_weight() -> None:
    bw = basis("body_weight_kg").value
    for key in ("ttc.cramer_i", "ttc.cramer_iii", "ttc.genotoxic_alert"):
        entry = basis(key)
        (per_person,) = entry.alternatives
        assert per_person.value == pytest.approx(entry.value * bw)


# The rows of sccs-facts.md, by the label the notes use, against our exposure classes.
NOTES_LABELS = {
    "Shower gel": "shower_gel",
    "Shampoo": "shampoo",
    "Hair styling products": "hair_styling",
    "Body lotion": "body_lotion",
    "Face cream": "face_cream",
    "Hand cream": "hand_cream",
    "Liquid foundation": "liquid_foundation",
    "Lipstick / lip salve": "lipstick",
    "Deodorant non-spray": "deodorant_non_spray",
    "Deodorant spray": "deodorant_spray",
    "Toothpaste (adult)": "toothpaste",
    "Mouthwash": "mouthwash",
    "Hair conditioner": "hair_conditioner",
    "Make-up remover": "make_up_remover",
    "Eye make-up": "eye_make_up",
    "Mascara": "mascara",
    "Eyeliner": "eyeliner",
    "Hand wash soap (appears only in Table 5)": "hand_wash_soap",
}


def _notes_rows() -> dict[str, list[float]]:
    """Label → numbers of each exposure row in the notes' Table 3A / 3B sections."""
    text = NOTES.read_text(encoding="utf-8")
    rows: dict[str, list[float]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and cells[0] in NOTES_LABELS:
            rows[cells[0]] = [float(c.split()[0]) for c in cells[1:] if re.match(r"^\d", c)]
    return rows


@pytest.mark.skipif(not NOTES.is_file(), reason="shared/notes/sccs-facts.md not present")
def test_exposure_rows_match_the_notes() -> None:
    rows = _notes_rows()
    assert set(rows) == set(NOTES_LABELS)
    for label, cls in NOTES_LABELS.items():
        numbers = rows[label]
        # 3A rows: q_x, q_x/bw, f_ret, E g/d, E/bw; 3B rows: q_x, f_ret, E g/d, E/bw.
        amount, retention = numbers[0], numbers[2] if len(numbers) == 5 else numbers[1]
        assert basis(f"exposure.{cls}.amount").value == amount, label
        assert basis(f"exposure.{cls}.retention").value == retention, label
        assert basis(f"exposure.{cls}.e_product").value == numbers[-1], label


def test_every_sourced_class_has_three_entries() -> None:
    for cls in exposure_classes():
        for part in ("e_product", "amount", "retention"):
            assert basis(f"exposure.{cls}.{part}").citation.startswith("SCCS/1647/22")
