"""The CLP Annex VI importer against ECHA's real table and against broken copies of it."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest

from pifai.toxicology.importers.clp import (
    DEFAULT_OUT,
    ClpDataset,
    ClpEntry,
    ClpFormatError,
    main,
    parse_clp,
    to_gzip_json,
)

CLP_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "hazard_lists" / "clp.csv"
needs_shared = pytest.mark.skipif(not CLP_CSV.is_file(), reason="shared/data not present")

DISCLAIMER = (
    "DISCLAIMER:\nThis is an unofficial excel table containing the substances with harmonised "
    "classification and labelling up until the 20th Adaptation to Technical Progress, i.e. "
    "Commission Delegated Regulation (EU) No 2023/1435 amending …"
)
HEADER = [
    "Index No",
    "International Chemical Identification",
    "EC No",
    "CAS No",
    "Classification",
    "",
    "Labelling",
    "",
    "",
    "Specific Conc. Limits, M-factors",
    "Notes",
    "ATP inserted/ATP Updated",
]
SUB_HEADER = [
    "",
    "",
    "",
    "",
    "Hazard Class and Category Code(s)",
    "Hazard Statement Code(s)",
    "Pictogram, Signal Word Code(s)",
    "Hazard statement Code(s)",
    "Suppl. Hazard statement Code(s)",
    "",
    "",
    "",
]


def _row(index_no: str, name: str, cas: str, classes: str, codes: str) -> list[str]:
    return [index_no, name, "231-150-7", cas, classes, codes, "", codes, "", "", "", "CLP00"]


def _write(path: Path, rows: list[list[str]], *, preamble: str = DISCLAIMER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([preamble] + [""] * 11)
    writer.writerow([""] * 12)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dataset() -> ClpDataset:
    if not CLP_CSV.is_file():
        pytest.skip("shared/data not present")
    return parse_clp(CLP_CSV)


def _by_index(dataset: ClpDataset, index_no: str) -> ClpEntry:
    (entry,) = [e for e in dataset.entries if e.index_no == index_no]
    return entry


def _by_cas(dataset: ClpDataset, cas: str) -> ClpEntry:
    (entry,) = [e for e in dataset.entries if cas in e.cas]
    return entry


# --- the real table ------------------------------------------------------------------


@needs_shared
def test_all_entries_are_read_with_their_version_and_source(dataset: ClpDataset) -> None:
    assert len(dataset.entries) == 4372
    assert dataset.version == "ATP20"
    assert dataset.source == (
        "ECHA, CLP Regulation (EC) 1272/2008 Annex VI, harmonised classification up to ATP 20 "
        "(Delegated Regulation (EU) 2023/1435); unofficial ECHA table via "
        "fyusuf-a/technical-lists"
    )
    assert dataset.source_file_sha256 == hashlib.sha256(CLP_CSV.read_bytes()).hexdigest()


@needs_shared
def test_index_numbers_are_unique(dataset: ClpDataset) -> None:
    numbers = [e.index_no for e in dataset.entries]
    assert len(numbers) == len(set(numbers))


@needs_shared
def test_every_cas_of_atp20_passes_its_check_digit(dataset: ClpDataset) -> None:
    assert dataset.rejected == ()


@needs_shared
def test_mercuric_chloride(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "7487-94-7")
    assert entry.index_no == "080-010-00-X"
    assert entry.h_codes == ("H341", "H361f", "H300", "H372", "H314", "H400", "H410")
    assert entry.classes == (
        "Muta. 2",
        "Repr. 2",
        "Acute Tox. 2",
        "STOT RE 1",
        "Skin Corr. 1B",
        "Aquatic Acute 1",
        "Aquatic Chronic 1",
    )


@needs_shared
def test_reference_marks_are_stripped_but_kept_as_printed(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "7487-94-7")
    assert "H361f ***" in entry.h_codes_as_printed
    assert "H372 **" in entry.h_codes_as_printed
    assert "Acute Tox. 2 *" in entry.classes_as_printed


@needs_shared
def test_titanium_dioxide_is_carc_2_by_inhalation_in_powder_form(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "13463-67-7")
    assert entry.classes == ("Carc. 2",)
    assert entry.h_codes == ("H351",)
    assert entry.h_codes_as_printed == ("H351 (Inhalation)",)
    assert "in powder form" in entry.name
    assert entry.atp == "ATP14"


@needs_shared
def test_beryllium_is_carcinogenic_by_inhalation(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "7440-41-7")
    assert entry.h_codes[0] == "H350i"
    assert entry.classes[0] == "Carc. 1B"


@needs_shared
def test_the_beryllium_compounds_group_entry_is_kept_without_cas(dataset: ClpDataset) -> None:
    entry = _by_index(dataset, "004-002-00-2")
    assert entry.cas == ()
    assert entry.name.startswith("beryllium compounds with the exception of")
    assert "H350i" in entry.h_codes
    assert entry.notes == "A"


@needs_shared
def test_sodium_hydroxide_is_corrosive_with_its_specific_limits(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "1310-73-2")
    assert entry.h_codes == ("H314",)
    assert entry.classes == ("Skin Corr. 1A",)
    assert entry.scl.splitlines()[1].startswith("Skin Corr. 1B; H314:")


@needs_shared
def test_boric_acid_lists_both_cas_numbers_and_h360fd(dataset: ClpDataset) -> None:
    entry = _by_index(dataset, "005-007-00-2")
    assert entry.cas == ("10043-35-3", "11113-50-1")
    assert entry.ec == ("233-139-2", "234-343-4")
    assert entry.h_codes == ("H360FD",)
    assert entry.name == "boric acid [1]\nboric acid [2]"


@needs_shared
def test_cas_cells_separated_by_semicolons_are_split(dataset: ClpDataset) -> None:
    entry = _by_cas(dataset, "36483-57-5")
    assert entry.cas == ("36483-57-5", "1522-92-5")


@needs_shared
def test_a_marks_only_line_gives_no_class_and_no_code(dataset: ClpDataset) -> None:
    entry = _by_index(dataset, "603-227-00-9")
    assert entry.classes == ("Aquatic Acute 1", "Aquatic Chronic 1")
    assert entry.h_codes == ("H400", "H410")
    assert entry.classes_as_printed[0] == "****"


@needs_shared
def test_regenerating_equals_the_shipped_file(dataset: ClpDataset) -> None:
    shipped = json.loads(gzip.decompress(DEFAULT_OUT.read_bytes()))
    assert shipped == json.loads(json.dumps(dataset.to_json()))


@needs_shared
def test_main_writes_identical_bytes_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    assert main([str(CLP_CSV), "--out", str(first)]) == 0
    assert main([str(CLP_CSV), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[4:8] == b"\x00\x00\x00\x00"  # gzip MTIME field


# --- small files: what the importer refuses or records -------------------------------


def test_a_file_without_the_header_row_names_the_file_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "no_header.csv", [_row("004-001-00-7", "beryllium", "", "", "")])
    with pytest.raises(ClpFormatError, match=r"no_header\.csv.*'Index No'"):
        parse_clp(path)


def test_a_header_without_cas_column_names_it(tmp_path: Path) -> None:
    header = ["CAS" if cell == "CAS No" else cell for cell in HEADER]
    path = _write(tmp_path / "no_cas.csv", [header, SUB_HEADER])
    with pytest.raises(ClpFormatError, match=r"no_cas\.csv.*'CAS No'"):
        parse_clp(path)


def test_a_header_without_hazard_statement_codes_names_it(tmp_path: Path) -> None:
    sub = [cell.replace("Hazard Statement", "Hazard Phrase") for cell in SUB_HEADER]
    path = _write(tmp_path / "no_codes.csv", [HEADER, sub])
    with pytest.raises(ClpFormatError, match="'Hazard Statement Code\\(s\\)'"):
        parse_clp(path)


def test_a_preamble_without_the_atp_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "no_atp.csv", [HEADER, SUB_HEADER], preamble="DISCLAIMER:")
    with pytest.raises(ClpFormatError, match=r"no_atp\.csv.*ATP"):
        parse_clp(path)


def test_a_cas_with_a_wrong_check_digit_is_rejected_with_its_reason(tmp_path: Path) -> None:
    rows = [HEADER, SUB_HEADER, _row("004-001-00-7", "x", "7440-41-7\n7440-41-8", "", "")]
    dataset = parse_clp(_write(tmp_path / "bad_cas.csv", rows))
    assert dataset.entries[0].cas == ("7440-41-7",)
    (rejected,) = dataset.rejected
    assert (rejected.index_no, rejected.value) == ("004-001-00-7", "7440-41-8")
    assert rejected.reason == "CAS check digit does not match"


def test_an_unreadable_cas_cell_is_rejected_not_dropped(tmp_path: Path) -> None:
    rows = [HEADER, SUB_HEADER, _row("004-001-00-7", "x", "see notes", "", "")]
    dataset = parse_clp(_write(tmp_path / "odd_cas.csv", rows))
    assert dataset.entries[0].cas == ()
    assert dataset.rejected[0].reason == "no CAS number recognised in cell"


def test_a_row_without_index_number_is_rejected(tmp_path: Path) -> None:
    rows = [HEADER, SUB_HEADER, _row("", "stray note", "", "", "")]
    dataset = parse_clp(_write(tmp_path / "stray.csv", rows))
    assert dataset.entries == ()
    assert dataset.rejected[0].reason == "row without an Annex VI index number"


def test_an_undefined_h_code_suffix_stops_the_import(tmp_path: Path) -> None:
    rows = [HEADER, SUB_HEADER, _row("004-001-00-7", "x", "", "Carc. 1B", "H350x")]
    with pytest.raises(ClpFormatError, match=r"004-001-00-7.*H350x"):
        parse_clp(_write(tmp_path / "odd_code.csv", rows))


def test_to_gzip_json_is_deterministic(tmp_path: Path) -> None:
    rows = [HEADER, SUB_HEADER, _row("004-001-00-7", "beryllium", "7440-41-7", "Carc. 1B", "H350i")]
    dataset = parse_clp(_write(tmp_path / "one.csv", rows))
    assert to_gzip_json(dataset) == to_gzip_json(parse_clp(tmp_path / "one.csv"))
    assert json.loads(gzip.decompress(to_gzip_json(dataset)))["entries"][0]["h_codes"] == ["H350i"]
