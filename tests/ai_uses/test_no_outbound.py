"""Must-show 4: with no key and no RAG service configured, `pifai build` and the API's
main flow (product, item 3 upload and analysis, assessment, item 6 structuring, SA draft)
attempt no outbound connection. A socket guard records every connect and name lookup to a
host that is not local, and fails it."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from pifai.ai_uses.clients import override
from pifai.rag.settings import RagSettings
from tests.ai_uses.fakes import platform_settings
from tests.factories.accounts import register
from tests.factories.products import create_product
from tests.factories.tasks import poll_task
from tests.toxicology.api.helpers import analysed_product

ROOT = Path(__file__).resolve().parents[2]
LOCAL_NAMES = {"localhost", "testserver", "t", ""}

GUARD = """
import ipaddress, os, socket
_log = os.environ["PIFAI_TEST_OUTBOUND_LOG"]
def _local(host):
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
def _refuse(what):
    with open(_log, "a") as f:
        f.write(what + "\\n")
    raise OSError("outbound connection refused by the test guard: " + what)
_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
        _refuse(f"connect {address!r}")
    return _connect(self, address)
socket.socket.connect = connect
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        _refuse(f"getaddrinfo {host!r}")
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
"""


def _is_local(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host is None or host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def socket_guard() -> Iterator[list[str]]:
    """Every non-local connect or name lookup is recorded and refused."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: Any) -> None:
        inet = sock.family in (socket.AF_INET, socket.AF_INET6)
        if inet and not _is_local(address[0]):
            attempts.append(f"connect {address!r}")
            raise OSError(f"outbound connection refused by the test guard: {address!r}")

    def connect(sock: socket.socket, address: Any) -> None:
        check(sock, address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local(host):
            attempts.append(f"getaddrinfo {host!r}")
            raise OSError(f"name lookup refused by the test guard: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo


def test_the_guard_catches_an_outbound_attempt() -> None:
    with socket_guard() as attempts, socket.socket() as sock:
        with contextlib.suppress(OSError):
            socket.create_connection(("api.anthropic.com", 443), timeout=0.1)
        with contextlib.suppress(OSError):
            sock.connect(("192.0.2.1", 443))

    assert attempts == ["getaddrinfo 'api.anthropic.com'", "connect ('192.0.2.1', 443)"]


def _guarded_python(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Python with the guard loaded first (``sitecustomize``), no PIFAI_/ANTHROPIC_ env."""
    (tmp_path / "guard").mkdir(exist_ok=True)
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIFAI_", "ANTHROPIC_"))}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(tmp_path / "guard"), *sys.path]),
            "PIFAI_TEST_OUTBOUND_LOG": str(tmp_path / "outbound.log"),
            "PIFAI_DATA_DIR": str(tmp_path),
            "PIFAI_LOG_LEVEL": "ERROR",
        }
    )
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )


def test_the_subprocess_guard_is_loaded(tmp_path: Path) -> None:
    probe = "import socket, contextlib\nwith contextlib.suppress(OSError):\n"
    probe += "    socket.getaddrinfo('example.com', 443)\n"

    _guarded_python(tmp_path, "-c", probe)

    assert (tmp_path / "outbound.log").read_text() == "getaddrinfo 'example.com'\n"


def test_pifai_build_attempts_no_outbound_connection(tmp_path: Path) -> None:
    log = tmp_path / "outbound.log"
    args = ["build", str(ROOT / "examples/face-cream.csv"), "-t", "face_cream"]

    done = _guarded_python(tmp_path, "-m", "pifai.cli.main", *args, "--out", str(tmp_path / "out"))

    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert (tmp_path / "out" / "pif.pdf").exists()
    assert not log.exists(), log.read_text()


async def test_the_api_flow_attempts_no_outbound_connection(served: httpx.AsyncClient) -> None:
    quiet = override(
        ai_settings=lambda: platform_settings(None),
        rag_settings=lambda: RagSettings(_env_file=None),  # type: ignore[call-arg]
    )
    with quiet, socket_guard() as attempts:
        owner = await register(served)
        product, analysis = await analysed_product(served, owner)
        structured = await served.post(
            f"/api/v1/products/{product['id']}/pif/6/structure",
            json={"text": "1. Heat to 80 °C\n2. Cool"},
            headers=owner.headers,
        )
        structure = await poll_task(served, owner.headers, structured.headers["Location"])
        review = await served.post(
            f"/api/v1/products/{product['id']}/sa-review", headers=owner.headers
        )
        drafted = await served.post(
            f"/api/v1/sa/reviews/{review.json()['id']}/draft", headers=owner.headers
        )
        draft = await poll_task(served, owner.headers, drafted.headers["Location"])
        other = await create_product(served, owner)

    assert attempts == []
    assert analysis["result"]["path"] == "deterministic"
    assert structure["result"]["path"] == draft["result"]["path"] == "deterministic"
    assert other["id"]
