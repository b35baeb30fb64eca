"""A real server: `streamlit run serve.py` on 127.0.0.1, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (apt-get install chromium); `make test` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@contextmanager
def serving(command: list[str], probe: str, log_path: Path,
            env: dict[str, str] | None = None) -> Iterator[None]:
    """Run `command` until the URL `probe` answers; stop it afterwards."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 120  # seconds: a loaded machine starts it slowly
            while True:
                try:
                    urllib.request.urlopen(probe, timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        pytest.fail(f"{command[2]} did not start; see {log_path}")
                    time.sleep(0.3)
            yield
        finally:  # a loaded machine may take a while to stop it: then it is killed
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def running_app(db: Path, log_path: Path, *, port: int | None = None,
                secrets: Path | None = None, entry: str = "serve.py") -> Iterator[str]:
    """`streamlit run serve.py` (as `make run`; or `entry`, app.py) on a free port of 127.0.0.1
    over `db`; yields its address. Without `secrets` (a secrets.toml with [auth]) it is a
    demo, allowed on this copy."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    extra = ["--secrets.files", str(secrets)] if secrets else []
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / entry),
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra]
    env = {"PEERDASH_DB": str(db), "PEERDASH_DEMO_ANY_DATABASE": "true"}
    with serving(command, f"{url}/_stcore/health", log_path, env):
        yield url


def _copy(sample: Path, folder: Path) -> Path:
    shutil.copy(sample, folder / "served.duckdb")
    return folder / "served.duckdb"


@pytest.fixture(scope="session")
def server(sample_path: Path, tmp_path_factory) -> Iterator[str]:
    """One server for the session, on its own copy of the sample database."""
    folder = tmp_path_factory.mktemp("served")
    with running_app(_copy(sample_path, folder), folder / "streamlit.log") as url:
        yield url


@pytest.fixture
def fresh_server(sample_path: Path, tmp_path: Path) -> Iterator[str]:
    """A server that has answered no request yet."""
    with running_app(_copy(sample_path, tmp_path), tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture(params=["serve.py", "app.py"])
def fresh_server_either_way(request: pytest.FixtureRequest, sample_path: Path,
                            tmp_path: Path) -> Iterator[str]:
    """The same, started by `streamlit run serve.py` (make run: made ready before its first
    reader) and by `streamlit run app.py` (which a deployment may still use)."""
    with running_app(_copy(sample_path, tmp_path), tmp_path / "streamlit.log",
                     entry=request.param) as url:
        yield url


@pytest.fixture
def page(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        tab = browser.new_page(viewport={"width": 1500, "height": 1100})
        yield tab
        browser.close()
