"""Server CPU per pause in typing: what the editor's autosave costs the server, in this process.

    .venv/bin/python bench/editor_cpu.py [--saves 60]

Makes a PostgreSQL database of its own (talks_bench_editor_cpu), imports the
shared PyGotham deck, and saves one slide at a time as the editor does after
each pause: the save with the answer the page shows (decks.views.editor
.saved_json). It also times the whole deck's state (deck_json), which the
editor fetched after every save until the save's answer carried what the
page needs. CPU time of this process (time.process_time) is the steady
figure on a shared machine; wall time includes the database.

Run from an older checkout (commit 186a120 or before) with this file and
bench/support.py copied into its bench/, it times that code's save and the
state it fetched.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import PYGOTHAM, django_on_new_database  # noqa: E402

django_on_new_database("talks_bench_editor_cpu")

from django.contrib.auth.models import User  # noqa: E402

from decks import domain  # noqa: E402
from decks.importing import import_deck, read_deck_path  # noqa: E402
from decks.views import editor  # noqa: E402

# The whole deck's state, and the save's answer where the save gives one.
deck_state = getattr(editor, "deck_json", None) or (lambda deck: editor.editor_state(deck))
answer = getattr(editor, "saved_json", None)


def timed(work, count):
    wall, cpu = [], []
    for number in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        work(number)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=60)
    options = parser.parse_args()
    user = User.objects.create_user("bench")
    deck = import_deck(read_deck_path(PYGOTHAM), user, slug="pygotham").deck
    slides = list(deck.slides.order_by("position"))
    texts = {slide.pk: slide.source for slide in slides}

    def save(number):
        slide = slides[number % len(slides)]
        texts[slide.pk] += " word"
        saved = domain.save_slide(
            deck, slide_id=slide.pk, source=texts[slide.pk], notes=slide.notes, based_on=deck.version, author=user
        )
        if answer is not None:
            answer(deck, saved)

    timed(save, 10)  # warm up
    rows = [("a save and its answer" if answer else "a save", timed(save, options.saves))]
    rows.append(("the whole deck's state", timed(lambda number: deck_state(deck), options.saves)))
    print(f"PyGotham (142 slides), {options.saves} saves; medians")
    print("| request | CPU | wall |")
    print("|---|---:|---:|")
    for label, (cpu, wall) in rows:
        print(f"| {label} | {cpu:.1f} ms | {wall:.1f} ms |")


if __name__ == "__main__":
    main()
