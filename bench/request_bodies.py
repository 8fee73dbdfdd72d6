"""What a stranger's large request body costs the web command: disk, memory and bytes read before the answer.

    .venv/bin/python bench/request_bodies.py [--project DIR] [--database talks_bench_bodies]

Runs the Procfile's web command (gunicorn's ASGI worker, one worker, a
TMPDIR of its own) of this checkout, or of `--project` (another checkout,
e.g. an older commit unpacked with `git archive`, run with this
virtualenv), on a fresh PostgreSQL database. Then it sends, from a socket
and with no cookie, the bodies of issue 20: 300 MiB declared in
Content-Length to the link exchange, 300 MiB chunked to a live endpoint, a
40 MiB multipart upload without a CSRF cookie, and 300 MiB in a GET. For
each: the answer, how many bytes had gone out when it came, the bytes of
temporary files the worker held at most (sampled every 2 ms from /proc)
and the growth of its peak resident memory (VmHWM).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.bodies import WorkerMeasure, send_body  # noqa: E402
from tests.web_server import WebServer  # noqa: E402

MiB = 1024 * 1024
HUGE = 300 * MiB


def multipart(size, boundary="b0undary"):
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail, len(head) + size + len(tail)


def cases():
    head, tail, total = multipart(40 * MiB)
    return [
        ("300 MiB declared, POST /l/", dict(path="/l/", size=HUGE, headers={"Content-Type": "application/json"})),
        (
            "300 MiB chunked, POST live/state",
            dict(path="/talks/any/live/state", size=HUGE, chunked=True, headers={"Content-Type": "application/json"}),
        ),
        (
            "40 MiB multipart, no CSRF cookie, POST /decks/import/",
            dict(
                path="/decks/import/", size=total, prefix=head, suffix=tail,
                headers={"Content-Type": "multipart/form-data; boundary=b0undary"},
            ),
        ),
        ("300 MiB in a GET /healthz", dict(path="/healthz", size=HUGE, method="GET")),
    ]


def fresh_database(name):
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--database", default="talks_bench_bodies")
    args = parser.parse_args()
    url = fresh_database(args.database)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "k" * 50}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=args.project, env=env, check=True)
    print("| body | answer | sent before the answer | temporary files held | peak memory growth | answered after |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        server = WebServer(workers=1, cwd=args.project, database_url=url, env={"TMPDIR": folder, "LOG_LEVEL": "warning"})
        with server:
            for name, request in cases():
                started = time.monotonic()
                with WorkerMeasure(server, folder) as worker:
                    reply = send_body(server, **request)
                took = time.monotonic() - started
                print(
                    f"| {name} | {reply.status} | {reply.sent_before_answer / MiB:,.1f} MiB "
                    f"| {worker.most_held / MiB:,.1f} MiB | {worker.memory_growth / MiB:,.1f} MiB | {took:.2f} s |"
                )


if __name__ == "__main__":
    main()
