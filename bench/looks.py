"""The projector's weight with a deck's own look, and how soon its first slide is drawn in its own fonts.

Starts the production web command (gunicorn, ASGI worker, DEBUG off,
collected static files, PostgreSQL) with each shared talk folder imported
whole (stylesheets and fonts), and a small deck on the default theme, then
opens each deck's projector in Debian's Chromium at 1280x720 with a cold
cache (a new browser context each run):

* bytes, each file gzip -9 as it would travel: the projector's JS + CSS
  without the deck's own stylesheet and fonts (the page's modules and
  stylesheets, the look's static files included), then the deck's own
  stylesheet and the fonts the first slide loaded, reported apart;
* first slide in its fonts: from navigation start to the first animation
  frame in which the page shows a step and every font face that step's text
  uses has loaded (`document.fonts.check`), beside the first slide drawn at
  all. Fonts are shown with font-display: swap, so the text is drawn at once
  in a fallback and never invisible.

    .venv/bin/python bench/looks.py [--runs 10] [--database NAME] [--port PORT]

Needs the local PostgreSQL server, /usr/bin/chromium and ../shared/decks.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import gzip
import statistics
import sys

import psycopg
from support import ADMIN_DATABASE_URL, PROJECT_DIR, SECRET_KEY, manage, production_env

DATABASE = "talks_bench_looks"
SHARED = PROJECT_DIR.parent / "shared" / "decks"
DECKS = ["2018_10_DjangoConUS", "2019_01_DocsDownUnder", "2019_02_PyCascades", "2019_10_PyGotham"]

# Runs before the page's scripts: the first frame with a step, and the first with its fonts loaded.
PROBE = """
(() => {
  const families = (step) => {
    const found = new Set();
    for (const element of [step, ...step.querySelectorAll('*')]) {
      if (![...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim())) continue;
      const style = getComputedStyle(element);
      found.add(`${style.fontStyle} ${style.fontWeight} 20px ${style.fontFamily}`);
    }
    return [...found];
  };
  const look = (time) => {
    const step = document.querySelector('[data-projector][data-position] [data-step][data-current]');
    if (step && window.__firstSlide === undefined) window.__firstSlide = time;
    if (step && families(step).every((font) => document.fonts.check(font))) {
      window.__firstSlideInFonts = time;
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


def prepare(database):
    env = production_env(database)
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(
        env, "shell", "--no-imports", "-c",
        "from django.contrib.auth.models import User; from decks.models import Deck, Slide; "
        "owner = User.objects.create_user('bench', 'b@example.com', 'x'); "
        "deck = Deck.objects.create(owner=owner, title='Default', slug='default-theme', visibility='public'); "
        "Slide.objects.create(deck=deck, position=0, source='#= The default theme')",
    )  # fmt: skip
    for name in DECKS:
        manage(env, "import_deck", str(SHARED / name), "--owner", "bench", "--slug", name.lower())
    manage(env, "shell", "--no-imports", "-c", "from decks.models import Deck; Deck.objects.update(visibility='public')")


def kind_of(response):
    path = response.url.split("?", 1)[0]
    if "/look/" in path and path.endswith(".css"):
        return "deck stylesheet"
    if "/fonts/" in path:
        return "fonts"
    if response.request.resource_type in ("script", "stylesheet"):
        return "js+css"
    return None


def measure(browser, url, runs):
    first, in_fonts, weight = [], [], None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.add_init_script(PROBE)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__firstSlideInFonts !== undefined", timeout=15000)
        first.append(page.evaluate("window.__firstSlide"))
        in_fonts.append(page.evaluate("window.__firstSlideInFonts"))
        if weight is None:
            page.wait_for_load_state("networkidle")
            weight = {}
            for response in responses:
                kind = kind_of(response)
                if kind and response.status == 200:
                    body = response.body()
                    totals = weight.setdefault(kind, [0, 0, 0])
                    totals[0] += len(body)
                    totals[1] += len(gzip.compress(body, compresslevel=9))
                    totals[2] += 1
        context.close()
    return weight, first, in_fonts


def kb(value):
    return f"{value / 1024:.1f} KB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database", default=DATABASE, help="a database of its own, dropped and made afresh")
    parser.add_argument("--port", type=int, help="the web server's port (default: a free one)")
    args = parser.parse_args()
    prepare(args.database)
    sys.path.insert(0, str(PROJECT_DIR))
    from playwright.sync_api import sync_playwright

    from tests.web_server import WebServer

    database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    server = WebServer(port=args.port, workers=2, database_url=database_url, env={"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "warning"})
    rows = []
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for slug in ["default-theme", *(name.lower() for name in DECKS)]:
            rows.append((slug, *measure(browser, f"{server.url}/talks/{slug}/", args.runs)))
        browser.close()
    print("| deck | projector JS+CSS, without the deck's own (files, gzip) | deck stylesheet (raw, gzip) | fonts of the first slide (files, raw) | first slide drawn (median) | first slide in its fonts (median, max) |")
    print("|---|---|---|---|---|---|")
    for slug, weight, first, in_fonts in rows:
        code = weight.get("js+css", [0, 0, 0])
        sheet = weight.get("deck stylesheet")
        fonts = weight.get("fonts")
        print(
            f"| {slug} | {code[2]}, {kb(code[1])} | {f'{kb(sheet[0])}, {kb(sheet[1])}' if sheet else '—'} | "
            f"{f'{fonts[2]}, {kb(fonts[0])}' if fonts else '—'} | {statistics.median(first):.0f} ms | "
            f"{statistics.median(in_fonts):.0f} ms, {max(in_fonts):.0f} ms |"
        )


if __name__ == "__main__":
    main()
