"""The one place views fetch a deck and check who may do what with it.

Private decks answer 404 to everyone but their owner, so their existence is
not revealed. A deck someone may see but not change answers 403 to writes.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Deck


def get_deck_for_viewer(request, slug, queryset=None):
    queryset = Deck.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_deck_for_owner(request, slug, queryset=None):
    deck = get_deck_for_viewer(request, slug, queryset)
    if not deck.is_owned_by(request.user):
        raise PermissionDenied("Only the deck's owner can do that.")
    return deck
