from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decks.models import Deck
from decks.revisions import thin


class Command(BaseCommand):
    help = (
        "Thin out the old revisions of every deck (or of one), keeping what decks/revisions.py keeps. "
        "Saves thin their deck's history as they go; run this daily (a platform's scheduler) for decks "
        "left with an hour of saves, and once after upgrading to thin histories recorded before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deck", metavar="SLUG", help="only this deck")

    def handle(self, *args, deck=None, **options):
        decks = Deck.objects.order_by("pk")
        if deck is not None:
            decks = decks.filter(slug=deck)
            if not decks.exists():
                raise CommandError(f"No deck with the slug {deck!r}.")
        removed = count = 0
        for deck_id in decks.values_list("pk", flat=True).iterator():
            # One deck at a time, each under the lock a save takes, so editing goes on meanwhile.
            with transaction.atomic():
                locked = Deck.objects.select_for_update().filter(pk=deck_id).first()
                if locked is not None:
                    removed += thin(locked)
                    count += 1
        self.stdout.write(f"thinned {count} deck{'s' if count != 1 else ''}: {removed} revisions removed")
