"""A history that does not grow without end: thinning keeps the named revisions and the recent ones.

The clock is set for each change, so that a history of nine days is made in
a moment; the changes go through the same domain functions (and, for going
live, the same presenter code) as the editor's.
"""

import html
import re
from datetime import datetime, timezone as utc

import pytest
from django.core.management import call_command
from django.utils import timezone

from decks import domain, revisions
from decks.models import Deck, Revision
from presenter.models import PresentationState
from tests.factories import make_deck

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=utc.utc)


class Clock:
    """timezone.now, set by the test."""

    def __init__(self, monkeypatch):
        self.moment = NOW
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def at(self, day, time):
        hours, minutes = map(int, time.split(":"))
        self.moment = datetime(2026, 6, day, hours, minutes, tzinfo=utc.utc)
        return self


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


class History:
    """Makes a deck's history, one change at a time, each at its own moment."""

    def __init__(self, deck, clock, author):
        self.deck, self.clock, self.author = deck, clock, author
        self.typed = 0

    def save(self, day, time):
        self.clock.at(day, time)
        self.typed += 1
        slide = self.deck.slides.order_by("position").first()
        domain.save_slide(
            self.deck,
            slide_id=slide.pk,
            source=f"## Draft {self.typed}",
            notes="",
            based_on=self.deck.version,
            author=self.author,
        )

    def delete_last_slide(self, day, time):
        self.clock.at(day, time)
        slide = self.deck.slides.order_by("position").last()
        domain.delete_slide(self.deck, slide_id=slide.pk, based_on=self.deck.version, author=self.author)

    def reorder(self, day, time):
        self.clock.at(day, time)
        order = list(self.deck.slides.order_by("-position").values_list("pk", flat=True))
        domain.reorder_slides(self.deck, order=order, based_on=self.deck.version, author=self.author)

    def go_live(self, day, time):
        self.clock.at(day, time)
        PresentationState.change(self.deck, action="start")

    def restore(self, version, day, time):
        self.clock.at(day, time)
        revision = self.deck.revisions.get(version=version)
        domain.restore_revision(self.deck, revision=revision, based_on=self.deck.version, author=self.author)


def nine_days_of_editing(alice, clock):
    """28 versions: each tier of the rules, each kind of landmark, a talk given at version 20."""
    clock.at(1, "09:00")
    deck = make_deck(alice, ("## One", "Notes."), ("## Two", ""), ("## Three", ""), ("## Four", ""))  # v1
    history = History(deck, clock, alice)
    # Over a week ago: one a day.
    for time in ("09:10", "09:20", "15:00", "23:50"):  # v2-v5
        history.save(1, time)
    history.save(2, "08:00")  # v6
    history.save(2, "08:30")  # v7
    # A day to a week ago: one an hour, and the landmarks with the version before each.
    for time in ("10:05", "10:15", "10:55", "11:05"):  # v8-v11
        history.save(7, time)
    history.delete_last_slide(7, "11:06")  # v12
    history.save(7, "11:20")  # v13
    history.save(7, "11:40")  # v14
    history.reorder(7, "12:10")  # v15
    history.save(7, "12:30")  # v16
    # An hour to a day ago: one every ten minutes, and the version presented.
    for time in ("06:01", "06:04", "06:09", "06:12"):  # v17-v20
        history.save(10, time)
    history.go_live(10, "06:13")
    for time in ("06:15", "06:25", "06:29"):  # v21-v23
        history.save(10, time)
    # The last hour: everything.
    for time in ("11:10", "11:11", "11:12"):  # v24-v26
        history.save(10, time)
    history.restore(5, 10, "11:30")  # v27
    history.save(10, "11:50")  # v28
    clock.at(10, "12:00")
    return deck


KEPT = [1, 5, 7, 10, 11, 12, 14, 15, 16, 19, 20, 21, 23, 24, 25, 26, 27, 28]


def test_thinning_keeps_the_named_ones_and_the_recent_ones_and_a_restore_still_finds_every_kept_point(alice, clock):
    deck = nine_days_of_editing(alice, clock)
    assert list(deck.revisions.order_by("version").values_list("version", flat=True)) == list(range(1, 29))
    assert revisions.thin(deck) == 10
    assert list(deck.revisions.order_by("version").values_list("version", flat=True)) == KEPT
    named = dict(deck.revisions.exclude(landmark="").values_list("version", "landmark"))
    assert named == {1: "first", 12: "deleted-slide", 15: "reordered", 27: "restored"}
    assert list(deck.revisions.exclude(presented_at=None).values_list("version", flat=True)) == [20]
    # Thinning again, even much later, keeps every point it kept, once per period.
    assert revisions.thin(deck) == 0
    clock.at(30, "12:00")
    revisions.thin(deck)
    kept_a_month_on = list(deck.revisions.order_by("version").values_list("version", flat=True))
    assert kept_a_month_on == [1, 5, 7, 11, 12, 14, 15, 16, 20, 26, 27, 28]

    for version in kept_a_month_on:
        revision = deck.revisions.get(version=version)
        domain.restore_revision(deck, revision=revision, based_on=deck.version, author=alice)
        assert domain.deck_text(deck.slides.order_by("position")) == revision.text
    assert deck.revisions.get(version=12).text.count("---") == deck.revisions.get(version=11).text.count("---") - 1


def test_history_says_which_revisions_are_kept_and_why(alice, alice_client, clock):
    deck = nine_days_of_editing(alice, clock)
    page = alice_client.get(f"/decks/{deck.slug}/history/").content.decode()
    rows = dict(re.findall(r'<tr data-version="(\d+)">.*?<td data-kept="[^"]+">\s*(.*?)\s*</td>', page, re.S))
    said = {int(version): html.unescape(re.sub(r"<[^>]+>|\s+", " ", text)).strip() for version, text in rows.items()}
    assert said[28] == "Always: the current version"
    assert said[27] == "Always: a restore"
    assert said[26] == "Always: as it was before version 27 (Restored version 5)"
    assert said[25] == "For now: every save of the last hour"
    assert said[20] == "Always: presented 10 Jun 2026, 06:13"
    assert said[22] == "Goes when the history is next thinned: a later save of the same period is kept"
    assert said[21] == "For now: the last save of its ten minutes"
    assert said[14] == "Always: as it was before version 15 (Reordered slides)"
    assert said[16] == "For now: the last save of its hour"
    assert said[11] == "Always: as it was before version 12 (Deleted slide 4)"
    assert said[7] == "For now: the last save of its day"
    assert said[1] == "Always: the deck's first version"
    assert "Every save is kept for an hour" in page


def test_saving_thins_the_history_every_so_many_versions(alice, clock, monkeypatch):
    monkeypatch.setattr(revisions, "THIN_EVERY_VERSIONS", 10)
    clock.at(1, "09:00")
    deck = make_deck(alice, ("## One", ""))
    history = History(deck, clock, alice)
    for minute in range(8):  # v2-v9, all within one ten minutes
        history.save(1, f"09:{minute + 1:02}")
    clock.at(1, "12:00")
    history.save(1, "12:00")  # v10: thins
    assert list(deck.revisions.order_by("version").values_list("version", flat=True)) == [1, 9, 10]


def test_the_command_thins_every_deck_for_a_scheduler(alice, bob, clock):
    clock.at(1, "09:00")
    decks = [make_deck(alice, ("## One", ""), title="First"), make_deck(bob, ("## Two", ""), title="Second")]
    for deck in decks:
        history = History(deck, clock, deck.owner)
        for minute in range(1, 6):
            history.save(1, f"09:{minute:02}")
    clock.at(3, "09:00")
    call_command("thin_revisions")
    assert [list(deck.revisions.values_list("version", flat=True)) for deck in decks] == [[6, 1], [6, 1]]
    assert Revision.objects.count() == 4
    assert Deck.objects.count() == 2
