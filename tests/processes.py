"""Real processes for the tests that need them: the onboard server, the task worker.

They run this checkout with the test run's own Python, in an environment without the test
run's Django settings, and are stopped (their whole process group) however the test ends.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The test run's own switches, which a separate process must not inherit.
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "PYTEST_CURRENT_TEST"}


def environment(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, "PYTHON": sys.executable, **{k: str(v) for k, v in values.items()}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env, timeout=120) -> str:
    """`manage.py <args>` in a process of its own; its output, or a failure with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def production_setting(expression: str, **values) -> str:
    """What `expression` (of `settings`) is under the production settings, in a process of its own
    (placeholder secrets; it opens no database), with `values` added to its environment."""
    env = environment(
        DJANGO_SETTINGS_MODULE="pms.settings_production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="localhost",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        **values,
    )
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@contextlib.contextmanager
def running(command: list[str], *, env, log: Path):
    """`command` in the background (its own process group, output to `log`) for the block."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_until(condition, *, timeout: float, what: str, log: Path | None = None, process=None, interval=0.5):
    """Poll `condition()` until it is truthy (and return it), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        with contextlib.suppress(OSError):
            value = condition()
            if value:
                return value
        time.sleep(interval)
    output = log.read_text()[-4000:] if log and log.exists() else ""
    if process is not None and process.poll() is not None:
        raise AssertionError(f"the process stopped (exit {process.returncode}) before {what}.\n{output}")
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s.\n{output}")
