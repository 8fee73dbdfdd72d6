"""Revision history: two hours of typing on PyGotham, one save every 2 s, with and without thinning.

    .venv/bin/python bench/revisions.py [--minutes 120] [--every 2]

Makes a PostgreSQL database of its own (talks_bench_revisions), imports the
shared PyGotham deck (142 slides, 42 KB of text) twice, and saves one slide
at a time through decks.domain.save_slide as the editor's autosave does: a
word more per save, a minute on each slide before the next. The clock is
simulated (django.utils.timezone.now is set before each save), so two hours
of saves take a minute or two. One copy never thins (THIN_EVERY_VERSIONS
past the end); the other thins as the app does, on save, and is then thinned
again as the scheduled command would a day, a week and a month later.

Prints, for each: revision rows, their text as stored (pg_column_size, after
PostgreSQL's compression) and as text (octet_length), and the time a save
takes in this process (median, p99, max) with its database round trips; for
the thinned copy, the saves that thinned apart from the others.
"""

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone as utc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import PYGOTHAM, django_on_new_database, percentile  # noqa: E402

django_on_new_database("talks_bench_revisions")

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from decks import domain, revisions  # noqa: E402
from decks.importing import import_deck, read_deck_path  # noqa: E402

START = datetime(2026, 11, 30, 9, 0, tzinfo=utc.utc)


class Clock:
    def __init__(self):
        self.moment = START
        timezone.now = lambda: self.moment


def history_size(deck):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(pg_column_size(text)), 0), coalesce(sum(octet_length(text)), 0) "
            "FROM decks_revision WHERE deck_id = %s",
            [deck.pk],
        )
        return cursor.fetchone()


def type_for(deck, user, clock, saves, every):
    """`saves` autosaves, `every` seconds apart: a word more each, a minute on a slide before the next."""
    slides = list(deck.slides.order_by("position").values_list("pk", "source", "notes"))
    per_slide = max(1, 60 // every)
    texts = {pk: (source, notes) for pk, source, notes in slides}
    times = []
    for number in range(saves):
        clock.moment = START + timedelta(seconds=every * number)
        pk = slides[(number // per_slide) % len(slides)][0]
        source, notes = texts[pk]
        source += " word" if number % per_slide else "\n.grey[added while rehearsing]"
        texts[pk] = (source, notes)
        started = time.perf_counter()
        domain.save_slide(deck, slide_id=pk, source=source, notes=notes, based_on=deck.version, author=user)
        times.append((deck.version, (time.perf_counter() - started) * 1000))
    return times


def row(label, deck):
    count, stored, raw = history_size(deck)
    return f"| {label} | {count:,} | {stored / 2**20:,.2f} MiB | {raw / 2**20:,.2f} MiB |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=120)
    parser.add_argument("--every", type=int, default=2, help="seconds between saves")
    options = parser.parse_args()
    saves = options.minutes * 60 // options.every

    user = User.objects.create_user("bench")
    clock = Clock()
    end = START + timedelta(seconds=options.every * (saves - 1))
    thin_every = revisions.THIN_EVERY_VERSIONS

    results, timings = [], []
    for label, every_versions in (("never thinned", saves * 10), ("thinned on save", thin_every)):
        clock.moment = START - timedelta(seconds=1)
        deck = import_deck(read_deck_path(PYGOTHAM), user, slug=label.replace(" ", "-")).deck
        revisions.THIN_EVERY_VERSIONS = every_versions
        times = type_for(deck, user, clock, saves, options.every)
        timings.append((label, times))
        results.append(row(f"{label}, at the end of typing", deck))
        if every_versions == thin_every:
            for later, name in ((timedelta(days=1), "a day"), (timedelta(days=7), "a week"), (timedelta(days=30), "a month")):
                revisions.thin(deck, now=end + later)
                results.append(row(f"{label}, then the command {name} later", deck))
    revisions.THIN_EVERY_VERSIONS = thin_every

    print(f"{saves:,} saves of one slide, {options.every} s apart ({options.minutes} minutes of typing), "
          f"PyGotham (142 slides); thinning on save every {thin_every} versions")  # fmt: skip
    print()
    print("| history | revisions | text stored | text |")
    print("|---|---:|---:|---:|")
    print("\n".join(results))
    print()
    print("| saves | count | median | p99 | max |")
    print("|---|---:|---:|---:|---:|")
    for label, times in timings:
        thinning = [ms for version, ms in times if version % thin_every == 0]
        rows = [(label, [ms for _, ms in times])]
        if label == "thinned on save":
            rows = [(f"{label}: the saves that thinned", thinning),
                    (f"{label}: the others", [ms for version, ms in times if version % thin_every])]  # fmt: skip
        for name, values in rows:
            print(f"| {name} | {len(values):,} | {statistics.median(values):.1f} ms | "
                  f"{percentile(values, 0.99):.1f} ms | {max(values):.1f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
