"""Editor round trips: autosave of one slide, and the live preview.

Starts the production web command (gunicorn, PostgreSQL, DEBUG off) on its own
database, imports the shared PyGotham deck, logs in, and makes 200 edits the
way the editor does: for each, the preview request and then the autosave of
that slide (which locks the deck, bumps its version and records a revision of
the whole deck). Each is timed from the client, over HTTP on 127.0.0.1. The
whole deck's state is fetched after each save as well, and timed: the editor
did that after every save until a save answered with what the page needs.

    .venv/bin/python bench/editor.py [--edits 200] [--port 8766]

Needs the local PostgreSQL server. Prints a Markdown table for
docs/benchmarks.md.
"""

import argparse
import re
import statistics
import time

import httpx
from support import percentile, prepare_app, production_env, start_web

DATABASE = "talks_bench_editor"
PASSWORD = "benchmark password 8f2d"
ENV = production_env(DATABASE)


def cookies_from(response):
    """Cookies set by a response. Production cookies are Secure, and httpx keeps
    those only for https, so over plain HTTP on 127.0.0.1 they are carried by hand."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(client):
    response = client.get("/accounts/login/")
    cookies = cookies_from(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    response = client.post(
        "/accounts/login/",
        data={"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
    )
    assert response.status_code == 302, response.status_code
    cookies.update(cookies_from(response))
    return cookies["csrftoken"], "; ".join(f"{name}={value}" for name, value in cookies.items())


def run(base, edits):
    with httpx.Client(base_url=base, timeout=30) as client:
        token, cookie = log_in(client)
        headers = {"X-CSRFToken": token, "Cookie": cookie}
        state = client.get("/decks/pygotham/edit/state/", headers=headers).json()
        version, slides = state["version"], state["slides"]
        preview_times, save_times, state_times, answer_sizes = [], [], [], []
        for number in range(edits + 10):
            slide = slides[number % len(slides)]
            source = slide["source"] + f"\n.grey[edit {number}]"
            body = {"source": source, "notes": slide["notes"]}
            start = time.perf_counter()
            response = client.post("/decks/pygotham/edit/preview/", json=body, headers=headers)
            preview_time = time.perf_counter() - start
            assert response.status_code == 200 and response.json()["steps"], response.text[:200]
            start = time.perf_counter()
            response = client.post(
                f"/decks/pygotham/edit/slides/{slide['id']}/", json={"version": version, **body}, headers=headers
            )
            save_time = time.perf_counter() - start
            assert response.status_code == 200, response.text[:200]
            version = response.json()["version"]
            answer_size = len(response.content)
            start = time.perf_counter()
            response = client.get("/decks/pygotham/edit/state/", headers=headers)
            state_time = time.perf_counter() - start
            assert response.status_code == 200 and response.json()["version"] == version, response.text[:200]
            if number >= 10:  # the first ten warm up the workers
                preview_times.append(preview_time * 1000)
                save_times.append(save_time * 1000)
                state_times.append(state_time * 1000)
                answer_sizes.append(answer_size)
        return preview_times, save_times, state_times, answer_sizes, version


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--port", type=int, default=8766)
    options = parser.parse_args()

    prepare_app(ENV, DATABASE, PASSWORD)
    server = start_web(ENV, options.port)
    try:
        base = f"http://127.0.0.1:{options.port}"
        preview_times, save_times, state_times, answer_sizes, version = run(base, options.edits)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"{options.edits} edits of the PyGotham deck (142 slides), one slide each, deck ended at version {version}")
    print("| round trip | median | p99 | max |")
    print("|---|---:|---:|---:|")
    rows = [
        ("preview of one slide", preview_times),
        ("autosave of one slide", save_times),
        ("the whole deck's state", state_times),
    ]
    for label, times in rows:
        print(
            f"| {label} | {statistics.median(times):.1f} ms | {percentile(times, 0.99):.1f} ms | {max(times):.1f} ms |"
        )
    print(f"autosave answer: median {statistics.median(answer_sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
