"""Parsed build steps -> sanitized HTML for the projector and the notes."""

import html
from dataclasses import dataclass, field

from .markdown import to_html
from .parse import too_big
from .sanitize import ImageURLs, clean_html, missing_image


@dataclass
class RenderedStep:
    classes: list
    html: str  # exactly what the projector shows at this step
    notes_html: str
    background_url: str | None = None
    missing_images: list = field(default_factory=list)  # deck images it shows but lacks
    first_line: int = 1  # see ParsedStep.first_line


def render_step(step, image_urls=None):
    """A ParsedStep -> RenderedStep; `image_urls` maps deck image names to URLs."""
    if not isinstance(image_urls, ImageURLs):
        image_urls = ImageURLs(image_urls or {})
    missing = []
    background_url = image_urls.get(step.background) if step.background else None
    if step.background and not background_url:
        missing.append(step.background)
    content_html = _html(step.markdown, image_urls, missing)
    notes_html = _html(step.notes_markdown, image_urls, missing) if step.notes_markdown.strip() else ""
    return RenderedStep(
        classes=list(step.classes),
        html=_background_html(step.background, background_url) + content_html,
        notes_html=notes_html,
        background_url=background_url,
        missing_images=sorted(set(missing)),
        first_line=step.first_line,
    )


def _html(markdown, image_urls, missing):
    # Build steps repeat earlier content, so a rendered step may be larger
    # than its slide's text; the allowance leaves room for that.
    if too_big(markdown, allowance=2):
        return '<p class="render-error">This slide is too big to show; split it up.</p>'
    return clean_html(to_html(markdown), image_urls, missing)


def render(slide, step_number=None, image_urls=None):
    """HTML of one build step (1-based; the last one by default) of a ParsedSlide."""
    step = slide.steps[(step_number or len(slide.steps)) - 1]
    return render_step(step, image_urls).html


def _background_html(name, url):
    if not name:
        return ""
    if not url:
        return missing_image(name, "missing-background")
    style = html.escape(f'background-image: url("{url}")')
    return f'<div class="slide-background" style="{style}"></div>'
