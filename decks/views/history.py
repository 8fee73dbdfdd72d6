"""A deck's revision history: the list, the difference between two versions, and restore."""

import difflib

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from talks_site.http import BadRequest, version_field

from .. import domain
from .. import revisions as thinning
from ..access import get_deck_for_owner

HISTORY_PAGE_SIZE = 100


@require_GET
def history(request, slug):
    return _history_page(request, get_deck_for_owner(request, slug))


def _history_page(request, deck, status=200):
    revisions = deck.revisions.select_related("author").defer("text")
    before = request.GET.get("before", "")
    if before.isdigit():
        revisions = revisions.filter(version__lt=int(before))
    revisions = list(revisions[: HISTORY_PAGE_SIZE + 1])
    older = revisions[HISTORY_PAGE_SIZE].version + 1 if len(revisions) > HISTORY_PAGE_SIZE else None
    revisions = revisions[:HISTORY_PAGE_SIZE]
    # Whether a revision is kept depends on the one after it, which may be on
    # another page: the rules read the whole (thinned, so short) list.
    every = list(deck.revisions.order_by("version").values_list(*thinning.FIELDS, named=True))
    kept = thinning.keeping(every)
    for revision in revisions:
        revision.keeping = kept.get(revision.pk)
    return render(
        request,
        "decks/history.html",
        {"deck": deck, "revisions": revisions, "older": older},
        status=status,
    )


@require_GET
def diff(request, slug):
    deck = get_deck_for_owner(request, slug)
    versions = [request.GET.get("from", ""), request.GET.get("to", "")]
    if not all(version.isdigit() for version in versions):
        messages.error(request, "Pick two versions to compare.")
        return redirect("decks:history", deck.slug)
    old = get_object_or_404(deck.revisions, version=int(versions[0]))
    new = get_object_or_404(deck.revisions, version=int(versions[1]))
    return render(
        request,
        "decks/diff.html",
        {
            "deck": deck,
            "old": old,
            "new": new,
            "lines": diff_lines(old.text, new.text),
            "images": diff_lines(_asset_lines(old), _asset_lines(new)),
        },
    )


def _asset_lines(revision):
    return "\n".join(f"{item['name']} ({item['size']} bytes, {item['checksum'][:12]})" for item in revision.assets)


def diff_lines(old_text, new_text):
    """A unified diff as (kind, text) pairs: kind is "add", "remove", "hunk" or "same"."""
    lines = []
    diff = difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="", n=3)
    for line in list(diff)[2:]:
        kind = {"+": "add", "-": "remove", "@": "hunk"}.get(line[:1], "same")
        lines.append((kind, line))
    return lines


@require_POST
def restore(request, slug, version):
    deck = get_deck_for_owner(request, slug)
    revision = get_object_or_404(deck.revisions, version=version)
    try:
        based_on = version_field(request.POST)
    except BadRequest:
        messages.error(request, "The page did not say which version of the deck it showed; nothing was restored.")
        return _history_page(request, deck, status=400)
    try:
        new_version = domain.restore_revision(deck, revision=revision, based_on=based_on, author=request.user)
    except domain.StaleVersion as stale:
        messages.error(
            request,
            f"The deck changed while you looked at its history (now version {stale.deck.version}); "
            "nothing was restored. Check the list again and restore from here.",
        )
        return _history_page(request, stale.deck, status=409)
    except domain.EditError as error:
        messages.error(request, f"Version {revision.version} cannot be restored: {error}. Nothing was changed.")
        return _history_page(request, deck, status=400)
    lost = domain.lost_assets(deck, revision)
    note = f" Images deleted since then could not come back: {', '.join(lost)}." if lost else ""
    messages.success(request, f"Restored version {revision.version} as version {new_version}.{note}")
    return redirect("decks:edit", deck.slug)
