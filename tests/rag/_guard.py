"""A guard that fails any outbound network attempt: a connection or a name look-up for a
non-local address. Local ones (the test databases) pass."""

from __future__ import annotations

import socket
from typing import Any

import pytest

LOCAL = {"127.0.0.1", "::1", "localhost", "testserver", "t"}


class OutboundAttempt(AssertionError):
    pass


def guard_outbound(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Install the guard for this test; returns the list of refused attempts."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in LOCAL:
            attempts.append(f"connect {address}")
            raise OutboundAttempt(f"outbound connection to {address}")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and str(host) not in LOCAL:
            attempts.append(f"resolve {host}")
            raise OutboundAttempt(f"name look-up of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def unconfigure_rag(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PIFAI_RAG_* anywhere (environment or .env), as on a fresh install."""
    from pifai.rag import settings as rag_settings

    for name in ("BASE_URL", "API_KEY", "TENANT_ID"):
        monkeypatch.delenv(f"PIFAI_RAG_{name}", raising=False)
    monkeypatch.setitem(rag_settings.RagSettings.model_config, "env_file", None)
    rag_settings.get_rag_settings.cache_clear()
