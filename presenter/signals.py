"""Tells the event streams when a deck is made private, so those who saw it only because it was not close.

Streams of the owner and of role links stay open (a link still opens a
private deck); everyone else's ends with a message (presenter/live.py).
"""

from decks.models import Deck

from .channels import announce


def announce_private_deck(sender, instance, created=False, update_fields=None, **kwargs):
    if created or instance.visibility != Deck.Visibility.PRIVATE:
        return
    if update_fields is not None and "visibility" not in update_fields:
        return
    announce({"kind": "private", "deck": instance.pk})
