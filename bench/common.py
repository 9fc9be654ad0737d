"""Shared plumbing for benchmarks: a throw-away portal served by gunicorn on loopback, locust
runs against it, and the one-line JSON summary every benchmark ends with."""

import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(var_dir: Path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LAUREL_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@contextmanager
def fresh_database(env: dict):
    """Point `env` at an empty database for one run: a temporary PostgreSQL database when
    DATABASE_URL names a PostgreSQL server (dropped afterwards), else SQLite in LAUREL_VAR_DIR."""
    url = env.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    parts = urlsplit(url)
    name = f"laurel_bench_{secrets.token_hex(4)}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str, capture: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=capture,
        text=True,
    )
    if result.returncode:
        sys.stderr.write((result.stderr or "")[-4000:])
        raise SystemExit(f"manage.py {args[0]} failed with exit status {result.returncode}")
    return result.stdout if capture else ""


def pinned(core: int, command: list[str]) -> list[str]:
    """Run on one core where taskset exists, so server and load generator do not compete."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(core), *command]
    return command


@contextmanager
def gunicorn(env: dict, workers: int = 2, core: int = 0):
    port = free_port()
    command = pinned(
        core,
        [
            str(VENV_BIN / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
    )
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def run_locust(
    locustfile: Path, host: str, user_class: str, users: int, seconds: int, env: dict, core=1
) -> dict:
    """A bounded headless locust run on loopback; returns its stats rows by request name."""
    out_dir = Path(tempfile.mkdtemp(prefix="laurel-locust-"))
    command = pinned(
        core,
        [
            str(VENV_BIN / "locust"),
            "--headless",
            "--locustfile",
            str(locustfile),
            "--host",
            host,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "20",
            "--csv",
            str(out_dir / "stats"),
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
    )
    result = subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=True, text=True)
    if not (out_dir / "stats_stats.csv").exists():
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"locust wrote no statistics (exit status {result.returncode})")
    rows = {}
    with (out_dir / "stats_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
            }
    failures = out_dir / "stats_failures.csv"
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:5]:
            print(f"  failure: {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    shutil.rmtree(out_dir, ignore_errors=True)
    return rows


def emit(name: str, figures: dict, reference: dict, targets: dict) -> None:
    """The closing JSON line: every figure, the reference figures, and the targets."""
    print(
        json.dumps(
            {"benchmark": name, "figures": figures, "reference": reference, "targets": targets},
            sort_keys=True,
        )
    )
