"""Server-side time and size of a deck's pages at the deck limits, first view (nothing cached).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talks_bench .venv/bin/python bench/deck_at_limits.py

Decks that pass every limit of decks/domain.py, each as large as the limits
let it be in one way: the most slides, the most characters shown over build
steps (long slides whose last step repeats them), the most steps on every
slide (a list, then a paragraph, growing over them).
Each is stored through the domain (so it passes the checks), then its
projector, presenter and handout pages are fetched once through Django's test
client with the caches cleared: CPU seconds in this process and the HTML size.
The database is created, migrated and left behind; use one of its own.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from decks import domain  # noqa: E402
from decks.models import Deck  # noqa: E402
from decks.shorthand import parse_slide  # noqa: E402
from decks.shorthand.markdown import to_html  # noqa: E402
from decks.shorthand.sanitize import _clean  # noqa: E402


def decks():
    slides = settings.DECK_MAX_SLIDES
    per_slide = settings.DECK_TEXT_MAX_BYTES // slides - 40
    yield "most slides, text at its limit", [(f"## Slide {n}\n" + "word " * (per_slide // 5), "") for n in range(slides)]
    # Long slides whose two steps show their text twice, up to the shown limit.
    body = "A sentence of a long slide. " * 600
    count = int(settings.DECK_MAX_SHOWN_CHARACTERS * 0.98) // (2 * len(body) + 40)
    yield "most characters shown over steps", [(f"## Long {n}\n{body}\n--\nand one more", "") for n in range(count)]
    steps = settings.SLIDE_MAX_STEPS
    slide = "## Many steps\n" + "\n--\n".join(f"* point {n}" for n in range(steps))
    shown = domain.shown_characters(parse_slide(slide))
    count = int(settings.DECK_MAX_SHOWN_CHARACTERS * 0.98) // shown
    yield "100 steps, one list growing over them", [(slide, "") for _ in range(min(count, settings.DECK_MAX_SLIDES))]
    # The shape still rendered once per step: a paragraph that goes on.
    slide = "## Many steps\n" + "\n--\n".join(f"line {n} of one paragraph" for n in range(steps))
    count = int(settings.DECK_MAX_SHOWN_CHARACTERS * 0.98) // domain.shown_characters(parse_slide(slide))
    yield "100 steps, one paragraph growing over them", [(slide, "") for _ in range(min(count, settings.DECK_MAX_SLIDES))]


def main():
    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="bench")
    client = Client()
    client.force_login(user)
    print("| deck | slides | text | page | HTML | CPU (first view) |")
    print("|---|---:|---:|---|---:|---:|")
    for name, pairs in decks():
        Deck.objects.filter(slug="at-limits").delete()
        deck = domain.store_new_deck(owner=user, slug="at-limits", title=name, pairs=pairs, summary="bench")
        size = sum(len(source) + len(notes) for source, notes in pairs)
        for page in ("", "presenter/", "handout/"):
            cache.clear()
            to_html.cache_clear()
            _clean.cache_clear()
            started = time.process_time()
            response = client.get(f"/talks/{deck.slug}/{page}")
            seconds = time.process_time() - started
            assert response.status_code == 200, response.status_code
            print(f"| {name} | {len(pairs):,} | {size / 2**20:.1f} MiB | {page or 'projector'} | "
                  f"{len(response.content) / 2**20:.1f} MiB | {seconds:.1f} s |")


if __name__ == "__main__":
    main()
