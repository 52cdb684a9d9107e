from __future__ import annotations

import pytest

from pifai.files.crypto import DecryptionFailed, FileKeyError, FileKeys, decrypt, encrypt
from pifai.kit.downloads import content_disposition


def test_a_blob_round_trips_and_hides_its_content() -> None:
    keys = FileKeys.parse(FileKeys.generate_spec())
    secret = "配方：苯氧乙醇 0.9 %".encode()

    blob = encrypt(keys, secret, associated=b"org/file")

    assert secret not in blob
    assert decrypt(keys, blob, associated=b"org/file") == secret


def test_a_blob_moved_to_another_place_does_not_decrypt() -> None:
    keys = FileKeys.parse(FileKeys.generate_spec())
    blob = encrypt(keys, b"formula", associated=b"org-a/file")

    with pytest.raises(DecryptionFailed, match="altered"):
        decrypt(keys, blob, associated=b"org-b/file")


def test_a_flipped_byte_is_detected() -> None:
    keys = FileKeys.parse(FileKeys.generate_spec())
    blob = bytearray(encrypt(keys, b"formula", associated=b"k"))
    blob[-1] ^= 0x01

    with pytest.raises(DecryptionFailed):
        decrypt(keys, bytes(blob), associated=b"k")


def test_rotation_keeps_old_blobs_readable_and_encrypts_with_the_new_key() -> None:
    old = FileKeys.generate_spec("k1")
    new = FileKeys.generate_spec("k2")
    before = encrypt(FileKeys.parse(old), b"v1", associated=b"k")
    rotated = FileKeys.parse(f"{new},{old}")

    after = encrypt(rotated, b"v2", associated=b"k")

    assert decrypt(rotated, before, associated=b"k") == b"v1"
    assert b"k2" in after[:12]
    with pytest.raises(DecryptionFailed, match="k2"):
        decrypt(FileKeys.parse(old), after, associated=b"k")


@pytest.mark.parametrize("spec", ["", "k1", "k1:not-base64!", "k1:c2hvcnQ="])
def test_bad_key_configuration_is_refused_with_the_reason(spec: str) -> None:
    with pytest.raises((FileKeyError, ValueError)):
        FileKeys.parse(spec)


def test_download_names_keep_chinese_in_filename_star() -> None:
    header = content_disposition("保濕乳霜 配方.xlsx")

    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E4%BF%9D" in header
    assert header.encode("ascii")  # the header itself stays ASCII
