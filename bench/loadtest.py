"""A load test: gunicorn with two workers on demo data, driven by wrk on loopback.

The app servers run the production settings (bench/settings.py only swaps the static
file storage), behind what they are told is the TLS proxy (`X-Forwarded-Proto: https`).
A force manager signs in through the real sign-in form; wrk then requests the action list
with that session for a fixed time, at a fixed number of connections.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The issue's bar for the action list.
MIN_RPS, MAX_P99_MS = 300, 100


@dataclass
class LoadResult:
    connections: int
    seconds: int
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def server_env(database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
    }


def prepare_demo_database(database_url: str) -> None:
    """Migrate and load `make run`'s demo data (the demo loader wants DJANGO_DEBUG=1)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    for command in (
        ["migrate", "--verbosity", "0"],
        ["createcachetable"],
        ["load_reference_data"],
        ["load_demo_data"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it answered /healthz")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form, as a browser would; returns the Cookie header a browser
    then sends: the session and the CSRF cookie (rotated on signing in)."""
    opener = urllib.request.build_opener(_NoRedirect)
    https = {"X-Forwarded-Proto": "https"}
    with opener.open(urllib.request.Request(base + "/sign-in/", headers=https)) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        page = response.read().decode()
    csrf_cookie = next(
        c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    origin = "https://" + base.split("://", 1)[1]
    request = urllib.request.Request(
        base + "/sign-in/",
        data=data,
        headers={**https, "Cookie": f"csrftoken={csrf_cookie}", "Origin": origin},
    )
    try:
        opener.open(request)
        raise SystemExit("signing in did not redirect")
    except urllib.error.HTTPError as answer:  # the 302 after a successful sign-in
        if answer.code != 302:
            raise SystemExit(f"signing in answered {answer.code}") from None
        cookies = answer.headers.get_all("Set-Cookie") or []
    jar = {"csrftoken": csrf_cookie}
    jar.update(c.split(";")[0].split("=", 1) for c in cookies)
    return f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        raise SystemExit(f"wrk printed a latency this cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def run_wrk(url: str, cookie: str, connections: int, seconds: int) -> LoadResult:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
         "-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return LoadResult(
        connections=connections,
        seconds=seconds,
        requests=requests,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        # The latency distribution's own lines ("    50%   15.06ms"), not a "71.50%" above.
        p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)),
        p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)),
        errors=errors,
    )


def load_test(database_url: str, port: int, seconds: int) -> list[LoadResult]:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package)")
    prepare_demo_database(database_url)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=server_env(database_url, port),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_healthy(base, server)
        cookie = sign_in(base, "cambs-manager", "demo-password")
        url = base + "/actions/"
        run_wrk(url, cookie, 10, 3)  # warm up both workers
        return [run_wrk(url, cookie, c, seconds) for c in (10, 50)]
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_load(results: list[LoadResult]) -> None:
    print("\n### Load test: the action list (force manager, demo data), gunicorn, 2 workers\n")
    print("| connections | seconds | requests | req/s | p50 ms | p99 ms | errors | limit |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        if r.connections == 10:
            ok = r.rps >= MIN_RPS and r.p99_ms < MAX_P99_MS and r.errors == 0
            limit = f">= {MIN_RPS}/s, p99 < {MAX_P99_MS} ms, no errors: {'yes' if ok else 'NO'}"
        else:
            limit = "(for comparison with the issue's 50 users)"
        print(
            f"| {r.connections} | {r.seconds} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.1f} | "
            f"{r.p99_ms:.1f} | {r.errors} | {limit} |"
        )
