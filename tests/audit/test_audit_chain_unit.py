from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from pifai.audit.chain import (
    GENESIS_HASH,
    AuditContent,
    StoredRow,
    row_hash,
    verify_chain,
)


def _chain(n: int) -> list[StoredRow]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        content = AuditContent(
            chain="org",
            seq=seq,
            org_id=None,
            user_id=None,
            action=f"a{seq}",
            resource=None,
            details={"k": seq},
            ip=None,
            user_agent=None,
            created_at=datetime(2026, 12, 3, 8, 0, seq, tzinfo=UTC),
        )
        digest = row_hash(prev, content)
        rows.append(StoredRow(id=uuid.uuid4(), content=content, prev_hash=prev, hash=digest))
        prev = digest
    return rows


def test_an_intact_chain_verifies() -> None:
    assert verify_chain(_chain(5)) is None


def test_an_edited_row_is_named() -> None:
    rows = _chain(5)
    rows[2] = replace(rows[2], content=replace(rows[2].content, details={"k": 999}))

    found = verify_chain(rows)

    assert found is not None and found.seq == 3 and found.row_id == rows[2].id
    assert "hash" in found.reason


def test_a_deleted_row_leaves_a_gap() -> None:
    rows = _chain(5)
    del rows[1]

    found = verify_chain(rows)

    assert found is not None and found.seq == 3 and "gap" in found.reason


def test_a_recomputed_row_breaks_the_next_link() -> None:
    rows = _chain(4)
    edited = replace(rows[1].content, action="forged")
    rows[1] = replace(rows[1], content=edited, hash=row_hash(rows[1].prev_hash, edited))

    found = verify_chain(rows)

    assert found is not None and found.seq == 3 and "prev_hash" in found.reason
