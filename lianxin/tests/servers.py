"""Real servers a test run starts on loopback: Redis (Debian's redis-server) and an S3-compatible
server (moto's server mode). Where one is not installed the test is skipped, unless CI requires it
(LIANXIN_REQUIRE_SERVERS=1, set by .ci/run): then it fails."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require(program: str) -> str:
    """The program's path; a skip (or, in CI, a failure) where it is not installed."""
    found = shutil.which(program) or (
        program if os.path.isabs(program) and os.path.exists(program) else None
    )
    if found:
        return found
    if os.environ.get("LIANXIN_REQUIRE_SERVERS") == "1":
        pytest.fail(f"{program} is required (LIANXIN_REQUIRE_SERVERS=1) but not installed")
    pytest.skip(f"{program} is not installed")


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {seconds} s")


@contextmanager
def running(command: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def redis_server(tmp: Path) -> Iterator[str]:
    """A throwaway Redis on a free port, nothing persisted; its URL."""
    program, port = require("redis-server"), free_port()
    command = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp)]  # fmt: skip
    with running(command, port):
        yield f"redis://127.0.0.1:{port}/0"


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server in its own process; its endpoint URL."""
    moto = Path(sys.executable).with_name("moto_server")
    port = free_port()
    with running([require(str(moto)), "-H", "127.0.0.1", "-p", str(port)], port):
        yield f"http://127.0.0.1:{port}"
