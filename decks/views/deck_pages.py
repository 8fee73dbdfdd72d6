"""The owner's list of decks and the pages that create, set up, copy and delete one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from .. import domain
from ..access import get_deck_for_owner
from ..forms import DeckCreateForm, DeckSettingsForm


@login_required
def deck_list(request):
    decks = request.user.decks.annotate(
        slide_count=Count("slides", distinct=True), rehearsal_count=Count("rehearsals", distinct=True)
    ).order_by("-updated")
    return render(request, "decks/deck_list.html", {"decks": decks})


@login_required
@require_POST
def deck_create(request):
    form = DeckCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A new deck needs a title (up to 200 characters).")
        return redirect("decks:list")
    deck = domain.create_deck(owner=request.user, title=form.cleaned_data["title"])
    return redirect("decks:edit", deck.slug)


@require_http_methods(["GET", "POST"])
def deck_settings(request, slug):
    deck = get_deck_for_owner(request, slug)
    form = DeckSettingsForm(request.POST or None, instance=deck)
    next_page = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_page, allowed_hosts={request.get_host()}):
        next_page = ""
    if request.method == "POST" and form.is_valid():
        look = form.cleaned_data["look"] or deck.look
        form.save()
        if look != deck.look:
            domain.save_look(deck, look=look, stylesheet=deck.stylesheet, based_on=deck.version, author=request.user)
        messages.success(request, f"Saved the settings of “{deck.title}”.")
        return redirect(next_page or reverse("decks:list"))
    return render(request, "decks/deck_settings.html", {"deck": deck, "form": form, "next": next_page})


@require_POST
def deck_duplicate(request, slug):
    deck = get_deck_for_owner(request, slug)
    copy = domain.duplicate_deck(deck, owner=request.user)
    messages.success(request, f"Made “{copy.title}”, a private copy of “{deck.title}”.")
    return redirect("decks:list")


@require_http_methods(["GET", "POST"])
def deck_delete(request, slug):
    deck = get_deck_for_owner(request, slug)
    if request.method == "POST":
        title = deck.title
        deck.delete()
        messages.success(request, f"Deleted “{title}”.")
        return redirect("decks:list")
    counts = {"slides": deck.slides.count(), "images": deck.assets.images().count(), "fonts": deck.assets.fonts().count()}
    return render(request, "decks/deck_delete.html", {"deck": deck, **counts})
