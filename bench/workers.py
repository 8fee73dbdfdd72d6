"""Compare gunicorn's native ASGI worker with uvicorn-worker.

Starts the production web command (2 workers, PostgreSQL, collected static
files) once per worker class and loads it with wrk from a second process on
127.0.0.1: the projector page of the PyGotham deck and a hashed static file.

    python3 -m uv run --group bench python bench/workers.py [--seconds 10] [--connections 8]

Needs Debian's wrk and the local PostgreSQL server. Prints a Markdown table
for docs/benchmarks.md.
"""

import argparse
import json
import re
import subprocess

from support import PROJECT_DIR, manage, prepare_app, production_env, start_web

DATABASE = "talks_bench_workers"
ENV = production_env(DATABASE)
WORKER_CLASSES = {"gunicorn asgi": "asgi", "uvicorn-worker": "uvicorn_worker.UvicornWorker"}


def prepare():
    prepare_app(ENV, DATABASE)
    manage(
        ENV, "shell", "--no-imports", "-c",
        "from decks.models import Deck; Deck.objects.filter(slug='pygotham').update(visibility='public')",
    )  # fmt: skip
    manifest = json.loads((PROJECT_DIR / "staticfiles" / "staticfiles.json").read_text())
    return "/talks/pygotham/", "/static/" + manifest["paths"]["css/site.css"]


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, latency.get("50"), latency.get("99"), int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()

    page, static_file = prepare()
    rows = []
    for label, worker_class in WORKER_CLASSES.items():
        server = start_web(ENV, options.port, GUNICORN_WORKER_CLASS=worker_class)
        try:
            base = f"http://127.0.0.1:{options.port}"
            for name, path in [("projector page", page), ("static file", static_file)]:
                wrk(base + path, 2, options.connections)  # warm-up
                rate, p50, p99, errors = wrk(base + path, options.seconds, options.connections)
                rows.append((label, name, rate, p50, p99, errors))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"wrk -t2 -c{options.connections} -d{options.seconds}s, 2 gunicorn workers, PostgreSQL, same machine")
    print("| worker | target | requests/s | p50 | p99 | non-2xx |")
    print("|---|---|---:|---:|---:|---:|")
    for label, name, rate, p50, p99, errors in rows:
        print(f"| {label} | {name} | {rate:,.0f} | {p50} | {p99} | {errors} |")


if __name__ == "__main__":
    main()
