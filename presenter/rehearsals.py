"""Rehearsals: timed runs through a deck, the pace plans made from them, and their report.

The presenter view records a run in the browser (static/presenter/rehearsal.js)
and posts it here when the speaker finishes; the pace indicator compares the
talk with a plan: a recent run's time per slide, or the deck's target length
spread over the slides by the words of their notes.
"""

import json
import math
from dataclasses import dataclass

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from decks.access import get_deck_for_owner
from decks.health import WORDS_PER_MINUTE
from decks.shorthand.queries import notes_text

from .models import Rehearsal

# Runs offered as pace plans, and shown side by side in the report.
PLAN_RUNS = 5
CHART_RUNS = 3
# A slide without notes still takes a moment: as long as this many words.
WORDS_FOR_A_SLIDE_WITHOUT_NOTES = 10
# Longer than any talk; a bound keeps a stuck clock out of the numbers.
MAX_STEP_SECONDS = 6 * 60 * 60
MAX_STEPS = 5000


class RehearsalForm(forms.Form):
    """A finished run as rehearsal.js posts it: times from the speaker's browser clock."""

    started = forms.DateTimeField()
    finished = forms.DateTimeField()
    # Not required: an empty run gets its own message below.
    steps = forms.JSONField(required=False)

    def __init__(self, *args, step_counts, **kwargs):
        super().__init__(*args, **kwargs)
        self.step_counts = step_counts

    def clean_steps(self):
        steps = self.cleaned_data["steps"]
        if steps is None:
            steps = {}
        if not isinstance(steps, dict) or len(steps) > MAX_STEPS:
            raise forms.ValidationError('Send the steps as {"slide.step": seconds}.')
        cleaned = {}
        for key, seconds in steps.items():
            slide, _, step = str(key).partition(".")
            if not (slide.isdigit() and step.isdigit()):
                raise forms.ValidationError(f"{key!r} is not a step; steps are written slide.step, e.g. 3.2.")
            slide, step = int(slide), int(step)
            if not (1 <= slide <= len(self.step_counts) and 1 <= step <= self.step_counts[slide - 1]):
                raise forms.ValidationError(f"This deck has no step {slide}.{step}.")
            is_number = isinstance(seconds, int | float) and not isinstance(seconds, bool)
            if not is_number or not 0 <= seconds <= MAX_STEP_SECONDS:
                raise forms.ValidationError(f"Step {slide}.{step} needs a number of seconds, not {seconds!r}.")
            if seconds:
                cleaned[f"{slide}.{step}"] = round(float(seconds), 1)
        if not cleaned:
            raise forms.ValidationError("This run has no time on any step.")
        return cleaned

    def clean(self):
        data = super().clean()
        if data.get("started") and data.get("finished") and data["finished"] < data["started"]:
            raise forms.ValidationError("A run cannot finish before it started.")
        return data


def _step_counts(deck):
    return [len(slide.steps) for slide in deck.render().slides]


@require_POST
def record_rehearsal(request, slug):
    """Stores a run posted by the presenter view. Owner only."""
    deck = get_deck_for_owner(request, slug)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"errors": {"__all__": ["Send the run as a JSON object."]}}, status=400)
    form = RehearsalForm(data, step_counts=_step_counts(deck))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    run = Rehearsal.record(
        deck,
        started=form.cleaned_data["started"],
        finished=form.cleaned_data["finished"],
        step_seconds=form.cleaned_data["steps"],
    )
    return JsonResponse(
        {
            "number": run.number,
            "total_seconds": run.total_seconds,
            "report_url": reverse("presenter:rehearsals", args=[deck.slug]),
        },
        status=201,
    )


# Pace plans ------------------------------------------------------------------


def words_per_slide(slides):
    return [len(notes_text(slide.source, slide.notes).split()) for slide in slides]


def spread_by_notes(total_seconds, words):
    """`total_seconds` shared out over the slides in proportion to their notes."""
    weights = [count or WORDS_FOR_A_SLIDE_WITHOUT_NOTES for count in words]
    whole = sum(weights)
    return [total_seconds * weight / whole for weight in weights] if whole else []


def pace_plans(deck):
    """What the pace indicator can compare the talk with, first the one it starts with.

    Recent runs first (the last one is the default); then the target length
    spread by notes, or, with no target set, the notes read at 130 words a minute.
    """
    slides = list(deck.slides.all())
    words = words_per_slide(slides)
    plans = [
        {
            "id": f"run-{run.number}",
            "label": f"Run {run.number} ({_minutes(run.total_seconds)})",
            "slideSeconds": [round(seconds, 1) for seconds in run.slide_seconds(len(slides))],
        }
        for run in deck.rehearsals.all()[:PLAN_RUNS]
    ]
    if deck.target_minutes:
        plans.append(
            {
                "id": "target",
                "label": f"Target {deck.target_minutes} min",
                "slideSeconds": [round(s, 1) for s in spread_by_notes(deck.target_minutes * 60, words)],
            }
        )
    elif slides:
        spoken = max(sum(words) / WORDS_PER_MINUTE * 60, 60)
        plans.append(
            {
                "id": "notes",
                "label": "Notes (130 wpm)",
                "slideSeconds": [round(s, 1) for s in spread_by_notes(spoken, words)],
            }
        )
    return plans


def _minutes(seconds):
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


# The report -----------------------------------------------------------------

RUN_COLOURS = ["#1f6feb", "#e5484d", "#30a46c"]
LABEL = 'font-size="11" fill="#555"'


@dataclass
class SlideTime:
    number: int
    seconds: float
    share: float

    @property
    def minutes(self):
        return _minutes(self.seconds)


def chart_svg(runs, slide_count, width=960, height=260):
    """Per-slide seconds of `runs` side by side, as an inline SVG (no script, no inline style)."""
    left, bottom, top = 44, 28, 10
    plot_width, plot_height = width - left - 8, height - bottom - top
    series = [run.slide_seconds(slide_count) for run in runs]
    highest = max([max(s, default=0) for s in series] + [1])
    # Round the axis up to whole minutes (or to 10 s for short slides), with
    # about four lines across.
    step = 60 if highest > 120 else 10
    axis_top = math.ceil(highest / step) * step
    tick_every = step * max(1, round(axis_top / step / 4))
    group = plot_width / max(slide_count, 1)
    bar = max(group * 0.8 / max(len(runs), 1), 0.5)
    parts = [
        f'<svg class="rehearsal-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="rehearsal-chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="rehearsal-chart-title">Seconds per slide in the last runs</title>',
    ]
    for tick in range(0, axis_top + 1, tick_every):
        y = top + plot_height - tick / axis_top * plot_height
        label = f"{tick // 60} min" if step == 60 else f"{tick} s"
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {LABEL}>{label}</text>')
    for index, (run, seconds) in enumerate(zip(runs, series, strict=True)):
        colour = RUN_COLOURS[index % len(RUN_COLOURS)]
        for slide, value in enumerate(seconds, start=1):
            if not value:
                continue
            x = left + (slide - 1) * group + group * 0.1 + index * bar
            bar_height = value / axis_top * plot_height
            y = top + plot_height - bar_height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height:.1f}" fill="{colour}" '
                f'data-run="{run.number}" data-slide="{slide}">'
                f"<title>Run {run.number}, slide {slide}: {_minutes(value)}</title></rect>"
            )
    label_every = max(1, math.ceil(slide_count / 30))
    for slide in range(1, slide_count + 1, label_every):
        x = left + (slide - 0.5) * group
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" {LABEL}>{slide}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def slowest_slides(run, slide_count, count=5):
    seconds = run.slide_seconds(slide_count)
    total = sum(seconds) or 1
    ranked = sorted(enumerate(seconds, start=1), key=lambda item: (-item[1], item[0]))[:count]
    return [SlideTime(number, value, value / total) for number, value in ranked if value]


@never_cache
@require_GET
def rehearsal_report(request, slug):
    """The deck's runs: per-slide times of the last ones side by side, where the time goes, total against target."""
    from .views import presentable_slides  # the views import this module's pace plans

    deck = get_deck_for_owner(request, slug)
    runs = list(deck.rehearsals.all())
    slides = presentable_slides(deck.render())
    slide_count = len(slides)
    recent = list(reversed(runs[:CHART_RUNS]))
    target_seconds = deck.target_minutes * 60 if deck.target_minutes else None
    rows = [
        {
            "run": run,
            "total": _minutes(run.total_seconds),
            "difference": _difference(run.total_seconds, target_seconds),
        }
        for run in runs
    ]
    return render(
        request,
        "presenter/rehearsals.html",
        {
            "deck": deck,
            "rows": rows,
            "recent": [(run, RUN_COLOURS[index % len(RUN_COLOURS)]) for index, run in enumerate(recent)],
            "chart": chart_svg(recent, slide_count) if recent else "",
            "slowest": slowest_slides(runs[0], slide_count) if runs else [],
            "target": _minutes(target_seconds) if target_seconds else None,
            # Each slide as the audience sees it at its last step, with its time in the last run.
            "slides": [
                (slide, _minutes(seconds) if runs else None)
                for slide, seconds in zip(slides, runs[0].slide_seconds(slide_count) if runs else [0] * slide_count)
            ],
        },
    )


def _difference(seconds, target_seconds):
    if not target_seconds:
        return ""
    difference = round(seconds - target_seconds)
    if abs(difference) < 30:
        return "on target"
    return f"{_minutes(abs(difference))} {'over' if difference > 0 else 'under'}"
