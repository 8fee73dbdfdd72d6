"""The one place views fetch a deck and check who may do what with it.

Private decks answer 404 to everyone but their owner, so their existence is
not revealed. A deck someone may see but not change answers 403 to writes.

A role link (presenter/links.py) lets a browser without an account see one
deck: its exchange writes the link into the session under
ROLE_LINKS_SESSION_KEY, and the deck's files (images, stylesheet, fonts)
are served to that session through `get_deck_for_files` as long as the link
works. decks reads the key and the link's row (through the deck's `links`)
and imports nothing from presenter.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from .models import Deck

# {str(deck id): link id}: the role links this session has opened, one per deck.
ROLE_LINKS_SESSION_KEY = "deck_links"


def get_deck_for_viewer(request, slug, queryset=None):
    queryset = Deck.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_deck_for_owner(request, slug, queryset=None):
    deck = get_deck_for_viewer(request, slug, queryset)
    if not deck.is_owned_by(request.user):
        raise PermissionDenied("Only the deck's owner can do that.")
    return deck


def session_link_id(request, deck) -> int | None:
    """The id of the role link this session opened for `deck`, working or not."""
    return request.session.get(ROLE_LINKS_SESSION_KEY, {}).get(str(deck.pk))


def has_working_link(request, deck) -> bool:
    """Whether this session holds a link to `deck` that is neither revoked nor expired."""
    link_id = session_link_id(request, deck)
    return link_id is not None and deck.links.active().filter(pk=link_id).exists()


def get_deck_for_files(request, slug, queryset=None) -> Deck:
    """A deck whose files (images, stylesheet, fonts) the request may have; else 404.

    Whoever may view the deck may, and so may a session holding a working
    role link to it, whatever its role: every role's page shows the slides.
    """
    queryset = Deck.objects.all() if queryset is None else queryset
    deck = get_object_or_404(queryset, slug=slug)
    if deck.visibility == Deck.Visibility.PRIVATE and not deck.is_owned_by(request.user):
        if not has_working_link(request, deck):
            raise Http404("No such deck.")
    return deck


def cache_control(deck) -> str:
    """Cache-Control for a file of `deck` whose address changes with its content.

    A public deck's files may be kept by anyone for a year. Anything of
    another deck is for this browser only, and checked with the server on
    every use: a browser cache must not answer for it after the session
    that could see it has ended (the offline copy, which follows access,
    is the service worker's).
    """
    if deck.visibility == Deck.Visibility.PUBLIC:
        return "public, max-age=31536000, immutable"
    return "private, no-cache"


def keep_private_unless_public(response, deck):
    """Marks a page of a deck that is not public as this browser's only, checked on every use."""
    if deck.visibility != Deck.Visibility.PUBLIC:
        patch_cache_control(response, private=True, no_cache=True)
    return response
