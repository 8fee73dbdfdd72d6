"""Weight and first paint of the projector and presenter pages of PyGotham.

Starts the production web command (gunicorn, ASGI worker, DEBUG off,
collected static files, PostgreSQL) with the shared PyGotham deck imported,
then loads each page in Debian's Chromium:

* bytes: the HTML document, and the JS + CSS it loads (the module graph and
  the stylesheets), raw and gzip -9; images are not counted (the projector
  loads only the first slides' ones);
* time to first slide painted: from navigation start to the first animation
  frame in which the page shows a step (the page module sets data-position),
  with a cold cache (new browser context) and warm (the same page reloaded);
  Chromium's first-contentful-paint is given beside it;
* second-screen sync: a presenter and the projector window it opened, in
  one browser; the time from a key press in one window to the other window
  showing the new step, both ways (a frame is 16.7 ms at 60 Hz).

    .venv/bin/python bench/pages.py [--runs 15]

Needs the local PostgreSQL server and /usr/bin/chromium. Prints Markdown for
docs/benchmarks.md.
"""

import argparse
import gzip
import os
import statistics
import sys

from support import PROJECT_DIR, SECRET_KEY, prepare_app, production_env

DATABASE = "talks_bench_pages"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PAGES = {"projector": "/talks/pygotham/", "presenter": "/talks/pygotham/presenter/"}

# Runs in the page before its own scripts: notes the first frame that shows a step.
FIRST_SLIDE_PROBE = """
(() => {
  const look = (time) => {
    if (document.querySelector('[data-projector][data-position], [data-presenter][data-position]')) {
      window.__firstSlideFrame = time;
    } else {
      requestAnimationFrame(look);
    }
  };
  requestAnimationFrame(look);
})();
"""


# Both windows note times on one clock (time origin + now) for the sync measure.
SYNC_PROBE = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.__keyTimes = [];
  window.__shownTimes = [];
  // A popup keeps the window of its first about:blank document but gets a
  // new document: listen on the window, observe the document once it is there.
  window.addEventListener('keydown', () => window.__keyTimes.push(now()), true);
  window.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => window.__shownTimes.push(now())).observe(document, {
      subtree: true, attributes: true, attributeFilter: ['data-position'],
    });
  });
})();
"""


def prepare():
    prepare_app(production_env(DATABASE), DATABASE)


def session_cookie():
    """A signed-in session of the deck's owner, made the way tests make one."""
    os.environ.update(DEBUG="0", SECRET_KEY=SECRET_KEY, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="talks_site.settings")
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def weigh(responses):
    """{"html"|"js+css": [raw bytes, gzip bytes, files]} of the responses a page load received."""
    totals = {"html": [0, 0, 0], "js+css": [0, 0, 0]}
    for kind, body in responses:
        key = "html" if kind == "document" else "js+css" if kind in {"script", "stylesheet"} else None
        if key:
            totals[key][0] += len(body)
            totals[key][1] += len(gzip.compress(body, compresslevel=9))
            totals[key][2] += 1
    return totals


def measure(browser, url, cookie, runs):
    cold, warm, paint = [], [], []
    weight = None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": url}])
        context.add_init_script(FIRST_SLIDE_PROBE)
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append((response.request.resource_type, response)))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__firstSlideFrame !== undefined")
        cold.append(page.evaluate("window.__firstSlideFrame"))
        paint.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"))
        if weight is None:
            weight = weigh([(kind, response.body()) for kind, response in responses if response.status == 200])
        page.reload(wait_until="load")
        page.wait_for_function("() => window.__firstSlideFrame !== undefined")
        warm.append(page.evaluate("window.__firstSlideFrame"))
        context.close()
    return weight, cold, warm, paint


def measure_sync(browser, server_url, cookie, presses):
    """Milliseconds from a key in one window to the step shown in the other, each way."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": server_url}])
    context.add_init_script(SYNC_PROBE)
    presenter = context.new_page()
    presenter.goto(server_url + PAGES["presenter"])
    presenter.wait_for_selector("[data-presenter][data-position]")
    with presenter.expect_popup() as popup:
        presenter.keyboard.press("w")
    projector = popup.value
    projector.wait_for_selector("[data-projector][data-position]")
    delays = {"presenter → projector": [], "projector → presenter": []}
    for number in range(presses):
        for source, target, way in [(presenter, projector, "presenter → projector"), (projector, presenter, "projector → presenter")]:
            source.evaluate("window.__keyTimes = []")
            target.evaluate("window.__shownTimes = []")
            source.keyboard.press("ArrowRight" if number % 4 < 2 else "ArrowLeft")
            target.wait_for_function("() => window.__shownTimes.length > 0")
            delays[way].append(target.evaluate("window.__shownTimes[0]") - source.evaluate("window.__keyTimes[0]"))
    context.close()
    return delays


def milliseconds(values):
    # Chromium reports no first-contentful-paint for a load now and then.
    ordered = sorted(value for value in values if value == value)
    missing = f", {len(values) - len(ordered)} not reported" if len(ordered) < len(values) else ""
    return f"{statistics.median(ordered):.0f} ms (min {ordered[0]:.0f}, max {ordered[-1]:.0f}{missing})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    prepare()
    cookie = session_cookie()
    sys.path.insert(0, str(PROJECT_DIR))
    from playwright.sync_api import sync_playwright

    from tests.web_server import WebServer

    server = WebServer(workers=2, database_url=DATABASE_URL, env={"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "warning"})
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        rows = []
        for name, path in PAGES.items():
            weight, cold, warm, paint = measure(browser, server.url + path, cookie, args.runs)
            rows.append((name, weight, cold, warm, paint))
        sync = measure_sync(browser, server.url, cookie, presses=50)
        browser.close()

    print(f"{args.runs} loads of each page, 1280x720.\n")
    print("| page | HTML raw | HTML gzip | JS+CSS files | JS+CSS raw | JS+CSS gzip |")
    print("|---|---|---|---|---|---|")
    for name, weight, *_ in rows:
        html, assets = weight["html"], weight["js+css"]
        print(
            f"| {name} | {html[0] / 1024:.1f} KB | {html[1] / 1024:.1f} KB | {assets[2]} "
            f"| {assets[0] / 1024:.1f} KB | {assets[1] / 1024:.1f} KB |"
        )
    print("\n| page | first slide painted, cold cache | warm cache | first-contentful-paint, cold |")
    print("|---|---|---|---|")
    for name, _, cold, warm, paint in rows:
        print(f"| {name} | {milliseconds(cold)} | {milliseconds(warm)} | {milliseconds(paint)} |")
    print("\n| key pressed in | other window shows the step after (median, min–max) | p95 |")
    print("|---|---|---|")
    for way, delays in sync.items():
        p95 = sorted(delays)[int(len(delays) * 0.95) - 1]
        print(f"| {way} | {milliseconds(delays)} | {p95:.1f} ms |")


if __name__ == "__main__":
    main()
