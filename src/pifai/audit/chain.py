"""The audit hash chain, as pure functions.

Each row's hash is SHA-256 over the previous row's hash and the row's own canonical JSON
content; rows of one chain are numbered 1, 2, 3 … so that editing a row breaks its hash,
and deleting one leaves a gap or breaks the next row's link.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
SYSTEM_CHAIN = "system"


def chain_for(org_id: uuid.UUID | None) -> str:
    return str(org_id) if org_id else SYSTEM_CHAIN


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass(frozen=True)
class AuditContent:
    chain: str
    seq: int
    org_id: uuid.UUID | None
    user_id: uuid.UUID | None
    action: str
    resource: str | None
    details: dict[str, Any]
    ip: str | None
    user_agent: str | None
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "seq": self.seq,
            "org_id": str(self.org_id) if self.org_id else None,
            "user_id": str(self.user_id) if self.user_id else None,
            "action": self.action,
            "resource": self.resource,
            "details": self.details,
            "ip": self.ip,
            "user_agent": self.user_agent,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
        }


def row_hash(prev_hash: str, content: AuditContent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(content.as_dict())).encode()).hexdigest()


@dataclass(frozen=True)
class StoredRow:
    id: uuid.UUID
    content: AuditContent
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    row_id: uuid.UUID
    reason: str


def verify_chain(rows: Iterable[StoredRow]) -> ChainBreak | None:
    """Check one chain's rows, given in ``seq`` order; return the first break found."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for row in rows:
        c = row.content
        if c.seq != expected_seq:
            return ChainBreak(c.chain, c.seq, row.id, f"sequence gap: expected {expected_seq}")
        if row.prev_hash != expected_prev:
            return ChainBreak(c.chain, c.seq, row.id, "prev_hash does not match previous row")
        if row_hash(row.prev_hash, c) != row.hash:
            return ChainBreak(c.chain, c.seq, row.id, "content does not match its hash")
        expected_prev = row.hash
        expected_seq += 1
    return None
