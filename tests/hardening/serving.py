"""gunicorn on loopback over a drill database, and a threaded HTTP client that measures it.

The server runs kb's production settings (DEBUG off, collected static files through whitenoise), as
`make serve` does, except HTTPS redirection, which plain loopback HTTP cannot follow.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.hardening.child_db import PROJECT, ChildDatabase

_collected = threading.Lock()


def production_env(database: ChildDatabase) -> dict[str, str]:
    return database.env(
        DJANGO_SETTINGS_MODULE="kb.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )


def collect_static(database: ChildDatabase) -> None:
    """`collectstatic` once per process (the manifest whitenoise serves under DEBUG off)."""
    with _collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=PROJECT,
            env=production_env(database),
            check=True,
            capture_output=True,
        )


class Server:
    """A running gunicorn master; ``url`` is where it answers."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry))
        return sorted(pids)

    def workers_rss_kb(self) -> int:
        """The resident memory of all workers together, in kB."""
        total = 0
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_gunicorn(database: ChildDatabase, workers: int = 2, threads: int = 1) -> Server:
    """Start gunicorn on a free loopback port and wait until the home page answers."""
    collect_static(database)
    port = _free_port()
    log = database.folder / f"gunicorn-{port}.log"
    command = [sys.executable, "-m", "gunicorn", "kb.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "120"]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=production_env(database), stdout=sink, stderr=sink
        )
    server = Server(process, port, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            if get(port, "/")[0] == 200 and len(server.worker_pids()) == workers:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise AssertionError(f"gunicorn did not answer: {log.read_text()[-2000:]}")


def get(port: int, path: str, connection: http.client.HTTPConnection | None = None):
    """(status, body) of GET ``path``."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    return response.status, response.read()


@dataclass
class Load:
    """What a load run saw: latencies of good answers (s), and every error."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    def percentile(self, share: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(share) - 1]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": len(self.errors),
            "requests_per_s": round(self.requests / self.seconds, 1),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
        }


def run_load(port: int, paths: list[str], connections: int, seconds: float) -> Load:
    """``connections`` threads GET ``paths`` in turn for ``seconds``; non-200 answers are errors."""
    load = Load(seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        number = offset
        while time.monotonic() < deadline:
            path = paths[number % len(paths)]
            number += 1
            started = time.perf_counter()
            try:
                status, _body = get(port, path, connection)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                with lock:
                    load.errors.append(f"{path}: {type(error).__name__}: {error}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    load.latencies.append(elapsed)
                else:
                    load.errors.append(f"{path}: HTTP {status}")
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load


def public_paths(database: ChildDatabase) -> list[str]:
    """Home, a theme, a talk and a search page of what the database holds."""
    from urllib.parse import quote

    theme = database.query(
        "select slug from notes_tag where is_theme order by position, id limit 1"
    )
    talk = database.query("select slug from notes_talk where public order by id limit 1")
    paths = ["/", "/search/?q=model"]
    if theme:
        paths.append(f"/themes/{quote(theme[0][0])}/")
    if talk:
        paths.append(f"/talks/{quote(talk[0][0])}/")
    return paths


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
