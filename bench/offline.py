"""Bytes of the stage features and time until a deck is ready offline.

Starts the production web command (gunicorn, ASGI worker, DEBUG off,
collected static files, PostgreSQL) on a fresh database holding a generated
deck: `--images` slides, each a picture of random pixels (PNG, which cannot
compress noise), `--image-kb` KB each. Then, in Debian's Chromium:

* bytes: the service worker, and the JS + CSS each page loads (the module
  graph and the stylesheets, site.css included), raw and gzip -9, with the
  modules the stage features added (wake lock, pace, rehearsal, offline
  readiness) shown apart; measured with service workers blocked, so every
  file comes from the server once;
* ready offline: from navigation start of the presenter view, signed in, in a
  new browser context (empty caches), to the page reporting that the service
  worker holds every page and image of the deck ("ready offline: N/N
  images"), over loopback.

    .venv/bin/python bench/offline.py [--runs 5] [--images 60] [--image-kb 240]

Needs the local PostgreSQL server and /usr/bin/chromium. Prints Markdown for
docs/benchmarks.md.
"""

import argparse
import gzip
import io
import os
import random
import statistics
import sys

import psycopg
from PIL import Image
from support import ADMIN_DATABASE_URL, PROJECT_DIR, SECRET_KEY, manage, production_env

DATABASE = "talks_bench_offline"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
SLUG = "pictures"
PAGES = {
    "projector": f"/talks/{SLUG}/",
    "presenter": f"/talks/{SLUG}/presenter/",
    "follow": f"/talks/{SLUG}/follow/",
}
STAGE_MODULES = ("wake-lock.js", "pace.js", "rehearsal.js", "offline-readiness.js")
BUDGET_KB = {"projector": 15, "presenter": 25}

# Notes the moment the page says the deck is ready offline.
READY_PROBE = """
window.addEventListener('DOMContentLoaded', () => {
  new MutationObserver(() => {
    if (document.documentElement.dataset.offlineCopy === 'ready' && window.__readyAt === undefined) {
      window.__readyAt = performance.now();
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-offline-copy'] });
});
"""


def noise_png(kilobytes, seed):
    """A PNG of random pixels about `kilobytes` KB large (noise does not compress)."""
    rng = random.Random(seed)
    pixels = kilobytes * 1024 // 3
    width = 640
    height = max(1, pixels // width)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


def prepare(images, image_kb):
    env = production_env(DATABASE)
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    os.environ.update(
        DEBUG="0", SECRET_KEY=SECRET_KEY, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="talks_site.settings"
    )
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from decks.models import Asset, Deck, Slide

    owner = User.objects.create_user("bench", "b@example.com", "x")
    deck = Deck.objects.create(owner=owner, title="Pictures", slug=SLUG, visibility=Deck.Visibility.UNLISTED)
    Slide.objects.bulk_create(
        Slide(deck=deck, position=number, source=f"@= picture-{number}.png", notes=f"Picture {number}.")
        for number in range(images)
    )
    total = 0
    for number in range(images):
        buffer = io.BytesIO()
        noise_png(image_kb, number).save(buffer, "PNG")
        asset = Asset(deck=deck, name=f"picture-{number}.png", content_type="image/png")
        asset.set_data(buffer.getvalue())
        asset.save()
        total += asset.size
    client = Client()
    client.force_login(owner)
    return (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value), total


def site_cookie(cookie, url):
    # For the whole site: a cookie set for a page's URL only goes to that path.
    origin = "/".join(url.split("/")[:3])
    return [{"name": cookie[0], "value": cookie[1], "url": origin + "/"}]


def weigh(browser, url, cookie):
    """{file name: (raw, gzip)} of the JS and CSS a page loads."""
    context = browser.new_context(service_workers="block")
    context.add_cookies(site_cookie(cookie, url))
    page = context.new_page()
    files = {}

    def keep(response):
        if response.request.resource_type in {"script", "stylesheet"} and response.status == 200:
            body = response.body()
            name = response.url.rsplit("/", 1)[-1]
            files[name] = (len(body), len(gzip.compress(body, compresslevel=9)))

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    context.close()
    return files


def unhashed(name):
    """"pace.0123456789ab.js" -> "pace.js"."""
    parts = name.split(".")
    return ".".join(parts[:-2] + parts[-1:]) if len(parts) > 2 else name


def time_to_ready(browser, url, cookie, runs):
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.add_cookies(site_cookie(cookie, url))
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(
            "() => ['ready', 'missing', 'unavailable'].includes(document.documentElement.dataset.offlineCopy)",
            timeout=300_000,
        )
        text = page.locator("[data-offline-readiness]").inner_text()
        if page.evaluate("window.__readyAt") is None:
            raise RuntimeError(f"The presenter view says: {text}")
        times.append(page.evaluate("window.__readyAt"))
        context.close()
    return times, text


def kb(value):
    return f"{value / 1024:.1f} KB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--image-kb", type=int, default=240)
    args = parser.parse_args()

    cookie, image_bytes = prepare(args.images, args.image_kb)
    from playwright.sync_api import sync_playwright

    from tests.web_server import WebServer

    worker = (PROJECT_DIR / "static" / "presenter" / "service-worker.js").read_bytes()
    server = WebServer(workers=2, database_url=DATABASE_URL, env={"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "warning"})
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        weights = {name: weigh(browser, server.url + path, cookie) for name, path in PAGES.items()}
        times, text = time_to_ready(browser, server.url + PAGES["presenter"], cookie, args.runs)
        browser.close()

    print(f"Service worker (/sw.js): {kb(len(worker))} raw, {kb(len(gzip.compress(worker, compresslevel=9)))} gzip.\n")
    print("| page | JS+CSS files | JS+CSS raw | JS+CSS gzip | of which stage modules, gzip | budget |")
    print("|---|---|---|---|---|---|")
    for name, files in weights.items():
        raw = sum(size[0] for size in files.values())
        packed = sum(size[1] for size in files.values())
        stage = sum(size[1] for file, size in files.items() if unhashed(file) in STAGE_MODULES)
        budget = f"≤ {BUDGET_KB[name]} KB" if name in BUDGET_KB else "—"
        print(f"| {name} | {len(files)} | {kb(raw)} | {kb(packed)} | {kb(stage)} | {budget} |")
    print()
    print(
        f"Ready offline, presenter view, {args.images} images, {image_bytes / 1024 / 1024:.1f} MB in all, "
        f"{args.runs} runs (new browser context each): median {statistics.median(times):.0f} ms "
        f"(min {min(times):.0f}, max {max(times):.0f}); the page said “{text}”."
    )


if __name__ == "__main__":
    main()
