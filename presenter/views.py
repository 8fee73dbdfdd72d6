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


@dataclass(frozen=True)
class HandoutLayout:
    name: str
    label: str
    per_page: int  # slides on one printed page; 0: every step on a page of its own, the slide's size
    notes: bool = False  # the speaker notes under each slide
    lines: bool = False  # ruled lines beside each slide, to write on


HANDOUT_LAYOUTS = [
    HandoutLayout("1", "1 slide per page, with the speaker notes", 1, notes=True),
    HandoutLayout("2", "2 slides per page", 2),
    HandoutLayout("3", "3 slides per page, with lines for notes", 3, lines=True),
    HandoutLayout("6", "6 slides per page", 6),
    HandoutLayout("slides", "Slides only: every step on a 16:9 page (a PDF of the deck)", 0),
]


def handout_layout(name):
    """The layout a handout's address asks for; the first for anything else."""
    return next((layout for layout in HANDOUT_LAYOUTS if layout.name == name), HANDOUT_LAYOUTS[0])


def sheets(slides, per_page):
    """The slides in groups of `per_page`, a printed page each."""
    return [slides[start : start + per_page] for start in range(0, len(slides), per_page)]


@never_cache
def handout(request, slug):
    """Every slide for printing, in the layout chosen on the page. Owner only: notes are private."""
    deck = get_deck_for_owner(request, slug)
    layout = handout_layout(request.GET.get("layout"))
    # Printed pages show every image at once.
    context = presenting_context(deck, lazy_images=False)
    context["layout"] = layout
    context["layouts"] = HANDOUT_LAYOUTS
    if layout.per_page:
        context["sheets"] = SimpleLazyObject(lambda: sheets(context["slides"], layout.per_page))
    return render(request, "presenter/handout.html", context)
