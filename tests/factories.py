"""Decks, images and users for the tests, built through the app's own functions.

Every test module takes its decks from here, so a deck is made one way.
"""

import io
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from PIL import Image

from decks import domain
from decks.importing import import_deck, read_deck_path
from decks.models import Asset, Deck, Revision, Slide, new_slug
from decks.shorthand import split_slides

DATA = Path(__file__).resolve().parent / "data"
HOSTILE = DATA / "hostile"

# Five slides; the second has three build steps, the third a picture.
SMALL_DECK = """#= First slide
Note: Say hello first.
---
## Second slide
--

* one more point
--

* and a third
Note: The builds have notes.
---
@= picture.png
---
$$terminal bash
$$prompt ~/talk
$$w ls
---
#= The end
vv [source](https://example.com/)"""
SMALL_DECK_STEPS = [1, 3, 1, 1, 1]


def png_bytes(size=(32, 18), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


PNG_BYTES = png_bytes()


def make_deck(owner, *slides, title="Deployment talk", slug=None, visibility=Deck.Visibility.PRIVATE):
    """A deck whose slides are (source, notes) pairs or bare sources, with its first revision."""
    deck = Deck.objects.create(
        owner=owner, title=title, slug=slug or new_slug(title), visibility=visibility
    )
    pairs = [(slide, "") if isinstance(slide, str) else slide for slide in slides or [("#= Hello", "Say hello.")]]
    Slide.objects.bulk_create(
        Slide(deck=deck, position=position, source=source, notes=notes) for position, (source, notes) in enumerate(pairs)
    )
    domain.record_revision(deck, author=owner, summary="Created the deck", landmark=Revision.Landmark.FIRST)
    return deck


def add_image(deck, name="footer.png", data=PNG_BYTES, content_type="image/png"):
    image = Asset(deck=deck, name=name, content_type=content_type)
    image.set_data(data)
    image.save()
    return image


def make_small_deck(owner, slug="small", visibility=Deck.Visibility.UNLISTED):
    deck = make_deck(owner, *split_slides(SMALL_DECK), title="A small deck", slug=slug, visibility=visibility)
    add_image(deck, "picture.png", png_bytes((640, 360), (200, 40, 40)))
    return deck


def import_deck_folder(path, owner, slug=None, visibility=None):
    """Imports a deck file or folder through the real importer, as the command does."""
    deck = import_deck(read_deck_path(Path(path)), owner, slug=slug).deck
    if visibility is not None:
        deck.visibility = visibility
        deck.save(update_fields=["visibility"])
    return deck


def every_position(step_counts):
    return [(slide, step) for slide, count in enumerate(step_counts, start=1) for step in range(1, count + 1)]


def import_path(path, *args):
    """Runs the import_deck command on a file or folder; returns what it printed."""
    out = StringIO()
    call_command("import_deck", str(path), *args, stdout=out)
    return out.getvalue()


def export(slug, format, tmp_path):
    """Runs the export_deck command to a file; returns the file's bytes."""
    output = tmp_path / f"export.{format}"
    call_command("export_deck", slug, "--format", format, "-o", str(output), stderr=StringIO())
    return output.read_bytes()


def reimport(slug, format, tmp_path, new_slug):
    """Exports a deck as a text file or a zip and imports that as a new deck."""
    exported = tmp_path / f"{new_slug}.{'zip' if format == 'zip' else 'txt'}"
    exported.write_bytes(export(slug, format, tmp_path))
    import_path(exported, "--owner", Deck.objects.get(slug=slug).owner.username, "--slug", new_slug)
    return Deck.objects.get(slug=new_slug)


def text_file(folder):
    return next(path for path in sorted(Path(folder).glob("*.txt")))


def deck_contents(deck):
    """What a round trip must keep of a deck: slides, images and missing images."""
    return (
        list(deck.slides.values_list("position", "source", "notes")),
        list(deck.assets.values_list("name", "content_type", "checksum", "size")),
        deck.render().missing_assets,
    )


def render_fixture_deck(text):
    """A deck's every step as one text: slide, step, classes, HTML and notes HTML.

    Fixture decks under tests/data/fidelity/ keep this next to them as
    NAME.expected, so a test can compare the whole rendering at once.
    """
    from decks.shorthand import parse, render_step

    parts = []
    for slide in parse(text).slides:
        for step in slide.steps:
            rendered = render_step(step, {})
            parts.append(f"=== slide {slide.number} step {step.number} classes: {' '.join(rendered.classes)}\n")
            parts.append(rendered.html)
            if rendered.notes_html:
                parts.append(f"--- notes\n{rendered.notes_html}")
    return "".join(parts)


def make_picture_deck(owner, count=6, slug="pictures", visibility=Deck.Visibility.UNLISTED, size=(320, 180)):
    """`count` slides, each a full-screen picture of its own (picture-1.png, …) with a line of notes."""
    deck = make_deck(
        owner,
        *[(f"@= picture-{number}.png", f"Notes for picture {number}.") for number in range(1, count + 1)],
        title="Pictures",
        slug=slug,
        visibility=visibility,
    )
    for number in range(1, count + 1):
        add_image(deck, f"picture-{number}.png", png_bytes(size, (20 * number % 256, 120, 200)))
    return deck


def font_bytes(family="Test Sans", style="Regular", width=600):
    """A small TrueType font made here: every letter, digit and sign a box `width` units wide."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    characters = [chr(code) for code in range(0x21, 0x7F)]
    names = [".notdef", "space", *[f"g{ord(character)}" for character in characters]]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(character): f"g{ord(character)}" for character in characters}})
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((width - 50, 700))
    pen.lineTo((width - 50, 0))
    pen.closePath()
    box = pen.glyph()
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: (empty if name == "space" else box) for name in names})
    builder.setupHorizontalMetrics({name: (width, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": style})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    buffer = io.BytesIO()
    builder.save(buffer)
    return buffer.getvalue()


# A talk folder with its look, as a speaker's folder holds it: index.html
# linking style.css, which imports a fonts stylesheet (in fonts/) and
# highlightjs.css, and names a font and an image by paths inside the folder.
LOOK_STYLESHEET = """@import url("highlightjs.css");
@import url("fonts/fonts.css");
@import url("fonts/missing.css");
.remark-slide-content { background: #102030; color: #f0e0d0; font-family: 'Test Sans'; }
h1 { color: rgb(255, 200, 0); font-size: 60px; }
.remark-slide-content .remark-code { font-size: 30px; }
.remark-slides-area .remark-slide-content::after { content: "@speaker"; position: absolute; top: 10px; left: 20px; }
.broken { color: red
"""
LOOK_HIGHLIGHT = ".remark-code .keyword { color: rgb(0, 128, 255); }\n"
LOOK_FONTS = "@font-face { font-family: 'Test Sans'; src: url(TestSans.ttf) format('truetype'); }\n"
LOOK_SLIDES = """#= Looking right
Note: The title.
---
## Code in colour
```python
def serve():
    return 200
```
"""


def make_look_folder(root):
    """Writes the talk folder with a look into `root` and returns it."""
    root = Path(root)
    (root / "fonts").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "myslides.txt").write_text(LOOK_SLIDES)
    (root / "index.html").write_text('<!doctype html><link rel="stylesheet" href="./style.css"><textarea id="source"></textarea>')
    (root / "style.css").write_text(LOOK_STYLESHEET)
    (root / "highlightjs.css").write_text(LOOK_HIGHLIGHT)
    (root / "fonts" / "fonts.css").write_text(LOOK_FONTS)
    (root / "fonts" / "TestSans.ttf").write_bytes(font_bytes())
    (root / "fonts" / "Unused.ttf").write_bytes(font_bytes("Unused"))
    (root / "notes.css.bak").write_text("not a stylesheet")
    return root
