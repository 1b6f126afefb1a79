"""Helpers for the browser tests: a Streamlit server on a free port and Debian's headless chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
ARTIFACTS = ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(script: Path, port: int) -> list[str]:
    """`streamlit run` as a user starts it: headless, on a local port, no file watcher."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip


def healthy(url: str, proc: subprocess.Popen, timeout: float) -> bool:
    """Wait until the server answers its health check; False if it exits or the time runs out."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def until(condition, timeout: float = 20, what: str = "the condition"):
    """Poll `condition()` until it returns something truthy, and return it; fail after `timeout` seconds.

    For what the page gives no event for (a canvas drawn by WebGL, a chart laid out again): the wait ends as soon
    as it holds, never after a fixed sleep."""
    deadline = time.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    """End a server the tests started: asked to stop, then killed if it has not within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, args: list[str] | None = None):
    """Run the dashboard on a free local port (with `args` after the usual flags); yield its base URL."""
    port = free_port()
    log = open(ARTIFACTS / f"server-{port}.log", "w")  # noqa: SIM115 - closed below
    # Each server its own empty store, so tests never write into the app's own store file.
    store_dir = tempfile.mkdtemp(prefix="atlas-store-")
    env = {"ATLAS_DATABASE_URL": f"sqlite:///{store_dir}/store.sqlite3", **(env or {})}
    proc = subprocess.Popen(
        serve_command(ROOT / "streamlit_app.py", port) + (args or []), cwd=ROOT, env={**os.environ, **env}, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        if not healthy(url, proc, 60):
            raise RuntimeError(f"streamlit did not start; see {log.name}")
        yield url
    finally:
        stop(proc)
        log.close()


def wait_ready(page, selector: str | None = None, timeout: float = 30_000) -> None:
    """Wait until the script has finished and, if given, the element is visible."""
    page.wait_for_selector(READY, timeout=timeout)
    if selector:
        page.wait_for_selector(selector, state="visible", timeout=timeout)
    page.wait_for_selector(READY, timeout=timeout)


def exceptions(page) -> list[str]:
    """Texts of the Streamlit exception boxes on the page."""
    return [e.inner_text() for e in page.query_selector_all("[data-testid=stException]")]
