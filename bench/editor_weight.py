"""What the code editor (CodeMirror 6) adds to the editor page, and how soon the page can be typed in.

Starts the production web command (gunicorn, ASGI worker, DEBUG off,
collected static files, PostgreSQL) with the PyGotham deck imported, and
opens its editor page in Debian's Chromium at 1366x768 with a cold cache (a
new browser context each run):

* bytes, each file gzip -9 as it would travel: every script and stylesheet
  the page loaded, then the same files as they are on the base branch
  (`git show BASE:static/…`; a file new since is 0 there): the difference is
  the weight the code editor added;
* ready to type: from navigation start to the first animation frame in which
  the slide's code editor is in the page and the save status reads "All
  changes saved".

    .venv/bin/python bench/editor_weight.py [--runs 10] [--base main]

Needs the local PostgreSQL server, /usr/bin/chromium and ../shared/decks.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import gzip
import json
import statistics
import subprocess
import sys
from pathlib import Path

from pages import session_cookie
from support import PROJECT_DIR, SECRET_KEY, prepare_app, production_env

DATABASE = "talks_bench_editor_weight"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

PROBE = """
(() => {
  const look = (time) => {
    const status = document.querySelector('[data-status]');
    if (document.querySelector('[data-code-for=slide-source] .cm-content') && status && status.textContent === 'All changes saved') {
      window.__readyToType = time;
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


def gzipped(data):
    return len(gzip.compress(data, compresslevel=9))


def on_base(base, path):
    shown = subprocess.run(["git", "show", f"{base}:static/{path}"], cwd=PROJECT_DIR, capture_output=True)
    return shown.stdout if shown.returncode == 0 else b""


def original_names():
    """Hashed static name -> the file's name in static/, from the manifest collectstatic wrote."""
    from django.conf import settings

    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())["paths"]
    return {hashed: name for name, hashed in manifest.items()}


def measure(browser, url, cookie, runs):
    ready, files = [], None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": url}])
        context.add_init_script(PROBE)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__readyToType !== undefined", timeout=20000)
        ready.append(page.evaluate("window.__readyToType"))
        if files is None:
            page.wait_for_load_state("networkidle")
            files = {
                response.url.split("/static/", 1)[1].split("?", 1)[0]: response.body()
                for response in responses
                if response.request.resource_type in ("script", "stylesheet") and response.status == 200 and "/static/" in response.url
            }
        context.close()
    return files, ready


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--base", default="main")
    args = parser.parse_args()
    prepare_app(production_env(DATABASE), DATABASE)
    import pages

    pages.DATABASE_URL = DATABASE_URL
    cookie = session_cookie()
    names = original_names()
    sys.path.insert(0, str(PROJECT_DIR))
    from playwright.sync_api import sync_playwright

    from tests.web_server import WebServer

    server = WebServer(workers=2, database_url=DATABASE_URL, env={"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "warning"})
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        files, ready = measure(browser, f"{server.url}/decks/pygotham/edit/", cookie, args.runs)
        browser.close()

    rows, now_total, base_total = [], 0, 0
    for hashed, body in sorted(files.items(), key=lambda item: names.get(item[0], item[0])):
        name = names.get(hashed, hashed)
        now, before = gzipped(body), on_base(args.base, name)
        before_size = gzipped(before) if before else 0
        now_total += now
        base_total += before_size
        if now != before_size:
            rows.append((name, len(body), now, before_size))
    commit = subprocess.run(["git", "rev-parse", "--short", args.base], cwd=PROJECT_DIR, capture_output=True, text=True).stdout.strip()
    print(
        f"Editor page: {len(files)} scripts and stylesheets, {now_total:,} B gzip; the same files on {args.base} "
        f"({commit}): {base_total:,} B; added {now_total - base_total:,} B."
    )
    print()
    print(f"| file | raw | gzip | gzip on {args.base} |")
    print("|---|---|---|---|")
    for name, raw, now, before in rows:
        print(f"| {name} | {raw:,} B | {now:,} B | {f'{before:,} B' if before else 'new'} |")
    print()
    print(f"Ready to type: median {statistics.median(ready):.0f} ms (min {min(ready):.0f}, max {max(ready):.0f}), {len(ready)} cold loads.")


if __name__ == "__main__":
    main()
