"""Opening a bundle refuses what would be unsafe or unbounded before reading it: duplicate
or unsafe entry names, sizes over the limits, entries the manifest does not list."""

from __future__ import annotations

import io
import zipfile

import pytest

from pifai.bundle.manifest import MANIFEST, BundleError, build, dumps
from pifai.bundle.reader import open_bundle
from tests.bundle.bundles import bundle_of, zipped

FILES = {"product.json": b"{}", "documents/1/a.txt": b"label text"}


def refusal(data: bytes, **limits: int) -> str:
    """Why ``open_bundle`` refuses ``data``."""
    with pytest.raises(BundleError) as refused, open_bundle(data, **limits):
        pass
    return str(refused.value)


def test_a_well_formed_bundle_opens_and_reads_each_entry() -> None:
    with open_bundle(bundle_of(FILES)) as bundle:
        assert bundle.read("documents/1/a.txt") == b"label text"
        assert set(bundle.listed) == set(FILES)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("duplicate", [MANIFEST, "product.json"])
def test_a_duplicate_entry_name_is_refused(duplicate: str) -> None:
    data = bundle_of(FILES, extra=[(duplicate, b"{}")])

    assert f"{duplicate}: appears more than once" in refusal(data)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("..\\..\\x", "backslash"),
        ("documents/1/..", "unsafe path"),
        ("../x", "unsafe path"),
        ("/etc/x", "absolute path"),
        ("C:/x", "absolute path"),
        ("documents/1/a\u202etxt.exe", "control or invisible character"),
    ],
)
def test_an_unsafe_entry_name_in_the_zip_is_refused(path: str, reason: str) -> None:
    data = bundle_of({**FILES, path: b"x"})

    assert reason in refusal(data)


def test_an_unsafe_path_listed_in_the_manifest_is_refused() -> None:
    listed = {**FILES, "..\\..\\x": b"x"}

    message = refusal(bundle_of(FILES, listed=listed))

    assert message.startswith("manifest.json: files[0]:")
    assert message.endswith("backslash in the path")


def test_a_document_over_the_per_file_limit_is_refused_from_its_declared_size() -> None:
    big = {**FILES, "documents/1/big.pdf": b"\0" * (2 * 1024 * 1024)}
    refused = "documents/1/big.pdf: unpacks to 2097152 bytes; the limit is 1048576"

    assert refused in refusal(bundle_of(big), max_file_bytes=1024 * 1024)


def test_a_bundle_over_the_total_limit_is_refused() -> None:
    assert "bytes; the limit is 100" in refusal(bundle_of(FILES), max_bytes=100)


def test_an_unlisted_entry_is_refused_before_it_is_read() -> None:
    # Stored uncompressed, then altered: reading it would fail on its CRC instead.
    buffer = io.BytesIO(bundle_of(FILES))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("extra.bin", b"x" * 100)
    corrupt = buffer.getvalue().replace(b"x" * 100, b"y" * 100)

    assert "extra.bin: in the bundle but not in the manifest" in refusal(corrupt)


def test_a_manifest_size_that_differs_from_the_zip_is_refused() -> None:
    manifest = build(FILES, "p")
    manifest["files"][0]["size"] = 1
    data = zipped([(MANIFEST, dumps(manifest)), *FILES.items()])

    assert "the zip says 10 bytes, the manifest 1" in refusal(data)


def test_an_altered_entry_is_refused_by_its_sum() -> None:
    data = bundle_of(FILES, listed={**FILES, "documents/1/a.txt": b"LABEL TEXT"})

    assert "documents/1/a.txt: SHA-256" in refusal(data)
