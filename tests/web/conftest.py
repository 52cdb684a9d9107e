"""Browser tests: a real `pifai serve` subprocess and Debian's Chromium driven by Playwright.

Nothing is downloaded: Chromium is the system one (`/usr/bin/chromium`, or
PIFAI_TEST_CHROMIUM). Its absence FAILS the tests with a clear message, since CI installs
it. Screenshots go to a temporary folder, or to docs/images when PIFAI_WEB_SCREENSHOTS=1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PIFAI_TEST_CHROMIUM", "/usr/bin/chromium")


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`pifai serve` on a free port with its own data folder and a fast password hash."""
    data_dir = tmp_path_factory.mktemp("pifai-web")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIFAI_")}
    env.update(
        {
            "PIFAI_DATA_DIR": str(data_dir),
            "PIFAI_PASSWORD_HASH_TIME_COST": "1",
            "PIFAI_PASSWORD_HASH_MEMORY_KIB": "8192",
            "PIFAI_PASSWORD_HASH_PARALLELISM": "1",
            "PIFAI_LOG_LEVEL": "WARNING",
        }
    )
    pifai = Path(sys.executable).with_name("pifai")
    log = data_dir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(pifai), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=data_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"pifai serve exited ({process.returncode}):\n{log.read_text()}")
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"pifai serve not ready after 90 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield Server(url, data_dir, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(`apt-get install chromium`) or set PIFAI_TEST_CHROMIUM; the browser tests "
            "never download a browser"
        )
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


@dataclass
class Session:
    """One person's browser context, with every page error collected."""

    context: BrowserContext
    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def new_session(browser: Browser, server: Server) -> Iterator[object]:
    sessions: list[Session] = []

    def make(lang: str = "zh-Hant") -> Session:
        context = browser.new_context(
            base_url=server.url, accept_downloads=True, viewport={"width": 1400, "height": 900}
        )
        context.set_default_timeout(20_000)
        context.add_init_script(f"window.localStorage.setItem('pifai.lang', '{lang}')")
        page = context.new_page()
        session = Session(context, page)
        page.on("pageerror", lambda exc: session.errors.append(f"pageerror: {exc}"))
        page.on(
            "console",
            lambda msg: (
                session.errors.append(f"console: {msg.text}")
                if msg.type == "error" and "Failed to load resource" not in msg.text
                else None
            ),
        )
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.context.close()
    problems = [e for s in sessions for e in s.errors]
    assert not problems, problems


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("PIFAI_WEB_SCREENSHOTS") == "1":
        target = ROOT / "docs" / "images"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path_factory.mktemp("web-shots")
