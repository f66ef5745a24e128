"""Start a ``localstripe`` server (a fake Stripe API) as a child process.

Used by ``make run`` and the tests when no real Stripe keys are configured:
point ``STRIPE_API_BASE`` at the URL returned here. localstripe keeps its
objects in memory (``--from-scratch``: nothing is loaded from an earlier run).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 (our own http://127.0.0.1 URL)
        f"{url}/v1/balance", headers={"Authorization": "Bearer sk_test_local"}
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_localstripe(*, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """(process, base URL) of a running localstripe; the caller terminates the process."""
    port = port or free_port()
    executable = Path(sys.executable).with_name("localstripe")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "localstripe"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited with {process.returncode}")
        if _answers(url):
            return process, url
        time.sleep(0.1)  # polling a child process's readiness, not timing a test
    process.kill()
    raise RuntimeError(f"localstripe did not answer on {url} within {STARTUP_TIMEOUT}s")


def stop_localstripe(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
