"""What the code editor (CodeMirror 6) adds to the editor page, and how soon the page can be typed in.

Starts the production web command (gunicorn, ASGI worker, DEBUG off,
collected static files, PostgreSQL) with the PyGotham deck imported, and
opens its editor page in Debian's Chromium at 1366x768 with a cold cache (a
new browser context each run):

* bytes, each file gzip -9 as it would travel: every script and stylesheet
  the page loaded (CodeMirror is imported by the page's modules, so it is
  among them);
* ready to type: from navigation start to the first animation frame in which
  the slide list is drawn and the slide's text is in its field (the editor's
  modules have run).

Run it on the branch before the change with `--save before.json`, then on
this one with `--against before.json` to print what was added, file by file:

    git archive main | tar -x -C /tmp/talks-main   # the page before, as a plain copy
    .venv/bin/python /tmp/talks-main/bench/editor_weight.py --save /tmp/before.json   # (this file copied there)
    .venv/bin/python bench/editor_weight.py --against /tmp/before.json

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
    const source = document.querySelector('[data-source]');
    if (document.querySelector('.slide-item') && source && source.value) {
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
    parser.add_argument("--save", help="write the page's files and sizes to this JSON file")
    parser.add_argument("--against", help="a JSON file --save wrote before the change: print what was added")
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

    sizes = {names.get(hashed, hashed): [len(body), gzipped(body)] for hashed, body in files.items()}
    total = sum(gzip_size for _, gzip_size in sizes.values())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, capture_output=True, text=True).stdout.strip()
    print(f"Editor page ({commit or 'a copy without git'}): {len(sizes)} scripts and stylesheets, {total:,} B gzip.")
    print(f"Ready to type: median {statistics.median(ready):.0f} ms (min {min(ready):.0f}, max {max(ready):.0f}), {len(ready)} cold loads.")
    if args.save:
        Path(args.save).write_text(json.dumps({"sizes": sizes, "ready": ready}))
    if args.against:
        before = json.loads(Path(args.against).read_text())["sizes"]
        before_total = sum(gzip_size for _, gzip_size in before.values())
        print(f"Before: {len(before)} files, {before_total:,} B gzip; added {total - before_total:,} B gzip.")
        print()
        print("| file | raw | gzip | gzip before |")
        print("|---|---|---|---|")
        for name in sorted(set(sizes) | set(before)):
            raw, now = sizes.get(name, [0, 0])
            was = before.get(name, [0, 0])[1]
            if now != was:
                print(f"| {name} | {raw:,} B | {now:,} B | {f'{was:,} B' if was else 'not loaded'} |")


if __name__ == "__main__":
    main()
