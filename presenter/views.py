from dataclasses import dataclass

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from decks.access import get_deck_for_owner, get_deck_for_viewer, keep_private_unless_public
from decks.models import Deck

from .offline import offline_config
from .rehearsals import pace_plans


@dataclass(frozen=True)
class PresentableStep:
    number: int
    classes: list
    html: SafeString
    notes_html: SafeString
    is_last: bool


@dataclass(frozen=True)
class PresentableSlide:
    number: int
    steps: list

    @property
    def last_step(self):
        return self.steps[-1]


def _lazy_images(html):
    # Every step of the deck is in the page; only the images of the step on
    # screen and of the next slide (the scripts make those eager) should load.
    return html.replace("<img ", '<img loading="lazy" ')


def presentable_slides(rendered, lazy_images=True):
    """Slides of a RenderedDeck as templates/presenter/_slides.html expects them.

    The step HTML was sanitized by the renderer; it is marked safe here.
    """
    slides = []
    for slide in rendered.slides:
        steps = [
            PresentableStep(
                number=number,
                classes=list(step.classes),
                html=mark_safe(_lazy_images(step.html) if lazy_images else step.html),
                notes_html=mark_safe(step.notes_html),
                is_last=number == len(slide.steps),
            )
            for number, step in enumerate(slide.steps, start=1)
        ]
        slides.append(PresentableSlide(number=slide.number, steps=steps))
    return slides


def presenting_context(deck, lazy_images=True):
    """What every page that shows the slides needs (the follow view too).

    The slides are rendered only when a template asks for them: the pages
    include them through _cached_slides.html, which most requests answer
    from the cache, such as an audience opening the follow link at once.
    """
    rendered = SimpleLazyObject(deck.render)
    return {
        "deck": deck,
        "slides": SimpleLazyObject(lambda: presentable_slides(rendered, lazy_images)),
        "missing_assets": SimpleLazyObject(lambda: rendered.missing_assets),
        "lazy_images": lazy_images,
    }


def projector(request, slug):
    """The audience's view: the slide alone. It never carries the speaker notes."""
    # The renderer fetches the slides and the assets (without their bytes)
    # itself, one query each, when the cached slides are not enough.
    deck = get_deck_for_viewer(request, slug)
    context = presenting_context(deck)
    context["is_owner"] = deck.is_owned_by(request.user)
    context["offline"] = offline_config(deck, "projector")
    response = render(request, "presenter/projector.html", context)
    if context["is_owner"]:
        # The owner's page carries a link the audience's does not: no shared cache may keep it.
        patch_cache_control(response, private=True, no_cache=True)
    return keep_private_unless_public(response, deck)


# The page's panels (live, links) are fetched at once, each with a CSRF token:
# the cookie must exist before them, or each would make a secret of its own.
# Pages with the notes are never stored by the browser's cache (the offline
# copy, which follows access, is the service worker's).
@never_cache
@ensure_csrf_cookie
def presenter(request, slug):
    """The speaker's view: current and next step, notes, timer. Owner only."""
    # The deck health, the pace plans and (on a cache miss) the slides all
    # read the slides: once.
    deck = get_deck_for_owner(request, slug, Deck.objects.prefetch_related("slides"))
    context = presenting_context(deck)
    context["pace_plans"] = pace_plans(deck)
    context["offline"] = offline_config(deck, "presenter")
    return render(request, "presenter/presenter.html", context)


@never_cache
def handout(request, slug):
    """Every slide with its notes under it, for printing. Owner only: notes are private."""
    deck = get_deck_for_owner(request, slug)
    # Printed pages show every image at once.
    return render(request, "presenter/handout.html", presenting_context(deck, lazy_images=False))
