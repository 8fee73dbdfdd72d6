"""Deck HTML keeps what the theme needs and nothing that can run script."""

from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from decks.images import ImageRefused, clean_svg
from decks.models import Deck
from decks.shorthand import clean_html, parse_slide, render_step
from decks.shorthand.sanitize import ALLOWED_TAGS

HOSTILE = Path(settings.BASE_DIR) / "tests" / "data" / "hostile"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background"}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def executable_parts(html):
    """Anything in `html` that could run script: empty for safe HTML."""
    problems = []
    for tag, attributes in Elements(html).found:
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and not (value or "").startswith(("/decks/", "https://", "http://", "mailto:")):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and ("url(" in value or "expression" in value):
                problems.append(f"<{tag} style={value!r}>")
    return problems


def render(text, images=None):
    steps = parse_slide(text).steps
    return [render_step(step, images or {}) for step in steps]


@pytest.mark.django_db
def test_the_hostile_deck_imports_and_renders_with_nothing_executable_left(alice):
    call_command("import_deck", str(HOSTILE), "--owner", "alice", stdout=StringIO())
    deck = Deck.objects.get(slug="hostile")
    rendered = deck.render()
    assert len(rendered.slides) == 10
    all_html = [
        (slide.number, part)
        for slide in rendered.slides
        for step in slide.steps
        for part in (step.html, step.notes_html)
    ]
    assert [(number, executable_parts(html)) for number, html in all_html if executable_parts(html)] == []
    assert [number for number, html in all_html if "<script" in html.lower() or "__pwned = 1</" in html] == []
    evil = deck.assets.get(name="evil.svg")
    svg = bytes(evil.data).decode()
    for payload in ("<script", "onload", "onclick", "javascript:", "foreignObject", "data:text/javascript"):
        assert payload not in svg
    assert '<rect width="200" height="100" fill="#fc0" />' in svg
    image = f'<img src="{evil.get_absolute_url()}" alt="Image">'
    assert rendered.slides[8].steps[0].html == f"<p>{image}</p>\n"


def test_scripts_and_styles_disappear_with_their_content():
    assert clean_html("a<script>window.__pwned = 1</script>b<style>body{}</style>c", {}) == "abc"


def test_event_handlers_are_removed_and_tags_kept():
    html = '<span class="x" onclick="window.__pwned = 1" onmouseover="x()">hi</span>'
    assert clean_html(html, {}) == '<span class="x">hi</span>'


def test_javascript_and_data_links_lose_their_address():
    html = '<a href="javascript:window.__pwned=1">a</a><a href="data:text/html,x">b</a><a href="https://ok.example/">c</a>'
    assert clean_html(html, {}) == (
        '<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a>'
        '<a href="https://ok.example/" rel="noopener noreferrer">c</a>'
    )


def test_iframes_objects_embeds_and_svg_are_removed():
    html = (
        '<iframe src="https://evil.example/"></iframe><object data="x"></object><embed src="x">'
        '<svg onload="window.__pwned=1"><script>window.__pwned=1</script><circle r="1"/></svg>ok'
    )
    assert clean_html(html, {}) == "ok"


def test_inline_styles_keep_only_allowed_properties():
    html = '<span style="color: red; position: fixed; background-image: url(https://evil.example/x.png)">x</span>'
    assert clean_html(html, {}) == '<span style="color:red">x</span>'


def test_the_tags_and_classes_the_shorthand_produces_survive():
    html = (
        '<div class="shell-wrap"><p class="shell-top-bar">bash</p><p class="shell-body">'
        '<ps>myrtle</ps> <dr>~ $</dr> ls<w>&nbsp;</w></p></div>'
        '<pre><code class="python"><c># hi</c> <r>x</r></code></pre>'
        '<span class="footnotes">f</span><span class="righthead">r</span><span class="lownote">l</span>'
    )
    assert clean_html(html, {}) == html


def test_images_point_at_deck_assets_or_become_placeholders():
    html = '<img src="images/a.png" alt="A"><img src="images/b.png"><img src="https://evil.example/t.png"><img alt="none">'
    missing = []
    assert clean_html(html, {"a.png": "/decks/d/images/0123456789abcdef/a.png"}, missing) == (
        '<img src="/decks/d/images/0123456789abcdef/a.png" alt="A">'
        '<span class="missing-image" title="Missing image">b.png</span>'
        '<span class="missing-image" title="Missing image">https://evil.example/t.png</span>'
        '<span class="missing-image" title="Missing image">(no file name)</span>'
    )
    assert missing == ["b.png"]


def test_an_image_name_cannot_break_out_of_its_placeholder():
    [step] = render('@ "><script>window.__pwned=1</script>.png')
    assert executable_parts(step.html) == []
    assert "<script" not in step.html


def test_a_background_name_cannot_break_out_of_its_style():
    [step] = render('~@ x.png"); } </style><script>window.__pwned = 1</script>\n## t')
    assert step.html == (
        '<span class="missing-image missing-background" title="Missing image">'
        "x.png&quot;); } &lt;/style&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;</span><h2>t</h2>\n"
    )


def test_notes_and_footnotes_are_sanitized_too():
    [step] = render('hi\nvv [x](javascript:alert(1)) <script>window.__pwned=1</script>\nNote: <img src=x onerror="window.__pwned=1"> n')
    assert executable_parts(step.html) == executable_parts(step.notes_html) == []
    assert step.notes_html == '<p><span class="missing-image" title="Missing image">x</span> n</p>\n'


def test_an_svg_with_script_is_cleaned_on_import():
    svg = (HOSTILE / "images" / "evil.svg").read_bytes()
    cleaned = clean_svg("images/evil.svg", svg).decode()
    assert [payload for payload in ("script", "onload", "onclick", "javascript:", "foreignObject", "<set") if payload in cleaned] == []


def test_a_clean_svg_is_stored_unchanged():
    svg = (HOSTILE / "images" / "footer.svg").read_bytes()
    assert clean_svg("images/footer.svg", svg) == svg


def test_an_svg_declaring_entities_is_refused():
    svg = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(ImageRefused) as error:
        clean_svg("images/bomb.svg", svg)
    assert str(error.value) == "images/bomb.svg: SVG that declares entities is not accepted"
