"""A deck's stylesheet is scoped to its slides and can load nothing but the deck's own assets.

Each hostile stylesheet of the issue, with its warning, or its refusal with
nothing written; and how remark's page is mapped onto the app's slide.
"""

import io
import json
import re
import zipfile

import pytest

from decks import domain
from decks.importing import DeckImportError, import_deck, read_deck_path
from decks.models import Deck, Look
from decks.stylesheets import StylesheetRefused, compile_stylesheet, scoped_selector
from tests.conftest import csrf_client

from .factories import font_bytes, make_deck, make_look_folder
from .pages import open_presenter, wait_for_position


def selectors(text):
    import tinycss2

    return scoped_selector(tinycss2.parse_component_value_list(text))


@pytest.mark.parametrize(
    "written, scoped",
    [
        # A bare element: inside the slide.
        ("h1", [":where(.slide-content) h1"]),
        # A class: inside the slide, or the slide itself (`class: title`).
        (".title h1", [":where(.slide-content) .title h1", ".title:where(.slide-content) h1"]),
        # remark's slide is the app's slide; its boxes around it keep only their weight.
        (".remark-slide-content.middle h1", [".slide-content.middle h1"]),
        (".remark-slides-area .remark-slide-content::after", [".slide-content.slide-content::after"]),
        (".remark-slide > .left", [".left.slide-content"]),
        (".hljs-default pre code", [".slide-content pre code"]),
        ("body", [".slide-content"]),
        # The highlighter's names are kept, so a deck's highlightjs.css applies unchanged.
        (".remark-code .hljs-keyword", [":where(.slide-content) .remark-code .hljs-keyword", ".remark-code:where(.slide-content) .hljs-keyword"]),
    ],
)
def test_remarks_page_is_mapped_onto_the_slide_with_the_same_specificity(written, scoped):
    assert selectors(written) == scoped


@pytest.mark.parametrize(
    "selector",
    [".remark-slide-content ~ div", ".remark-slide-content + *", ".remark-slide-container", ".remark-slide-scaler"],
)
def test_a_selector_reaching_outside_the_slide_is_left_out_with_a_warning(selector):
    compiled = compile_stylesheet(f"{selector} {{ color: red }}\n")
    assert compiled.css == ""
    assert compiled.warnings and compiled.warnings[0].line == 1


def test_every_rule_is_scoped_so_none_can_reach_the_apps_controls():
    compiled = compile_stylesheet(
        ".presenter-controls button, [data-next], * { position: fixed; inset: 0; z-index: 99999 }"
    )
    for selector in compiled.css.split("{")[0].split(","):
        assert ".slide-content" in selector, selector


@pytest.mark.parametrize(
    "hostile, warning",
    [
        ('@import url("https://evil.example/x.css");', "cannot load other stylesheets"),
        ("h1 { background: url(https://evil.example/?leak) }", "is not one of the deck's fonts"),
        ("h1 { background: url('//evil.example/x.png') }", "is not one of the deck's fonts"),
        ("h1 { width: expression(alert(1)) }", "expression() is not allowed"),
        ("h1 { behavior: url(x.htc) }", "is not allowed"),
        ("h1 { -moz-binding: url(x.xml#x) }", "is not allowed"),
        ('h1 { background: url("javascript:alert(1)") }', "javascript: is not allowed"),
        ("h1 { background: url(javascript:alert(1)) }", "cannot be read"),
        ("h1 { background-image: image-set('https://evil.example/a.png' 1x) }", "is not one of the deck's fonts"),
        ("</style><script>alert(1)</script>", "cannot be read"),
        ("@namespace svg url(http://www.w3.org/2000/svg);", "not supported"),
    ],
)
def test_each_hostile_rule_is_left_out_with_a_warning_naming_its_line(hostile, warning):
    compiled = compile_stylesheet(f"p {{ color: green }}\n{hostile}\n")
    assert "evil" not in compiled.css and "script" not in compiled.css.lower() and "expression" not in compiled.css
    assert "binding" not in compiled.css and "behavior" not in compiled.css
    assert any(warning in found.message and found.line == 2 for found in compiled.warnings), compiled.warnings
    assert ":where(.slide-content) p {color: green}" in compiled.css


def test_fonts_and_images_are_pointed_at_the_decks_own_assets_and_renamed_for_the_deck():
    compiled = compile_stylesheet(
        "@font-face { font-family: 'PT Sans'; src: local('PT Sans'), url(fonts/PTSans.ttf); font-display: block }\n"
        "h1 { font: bold 18pt 'PT Sans', serif; background: url(images/sky.png) }\n",
        {"PTSans.ttf": "/decks/d/fonts/abc/PTSans.ttf"},
        {"sky.png": "/decks/d/images/def/sky.png"},
    )
    assert '@font-face {font-family: "PT Sans (deck)"; font-display: swap; src: local("PT Sans"), url("/decks/d/fonts/abc/PTSans.ttf")}' in compiled.css
    assert 'font: bold 18pt "PT Sans (deck)", serif' in compiled.css
    assert 'url("/decks/d/images/def/sky.png")' in compiled.css
    assert compiled.warnings == []


@pytest.mark.django_db
def test_a_ten_megabyte_stylesheet_is_refused_and_nothing_is_written(alice, client):
    deck = make_deck(alice, "#= Hello", slug="huge-sheet")
    with pytest.raises(domain.LimitExceeded, match="at most 256 KB"):
        domain.save_look(deck, look=Look.OWN, stylesheet="a{}" * (10 * 1024 * 1024 // 3), based_on=deck.version, author=alice)
    deck.refresh_from_db()
    assert (deck.version, deck.stylesheet, deck.revisions.count()) == (1, "", 1)


@pytest.mark.django_db
def test_a_stylesheet_of_a_hundred_thousand_selectors_is_refused_and_nothing_is_written(alice):
    deck = make_deck(alice, "#= Hello", slug="many-selectors")
    with pytest.raises(StylesheetRefused, match="more than 5,000 rules"):
        compile_stylesheet(",".join(["a"] * 100_000) + "{color:red}")
    client = csrf_client(alice)
    response = client.post(
        f"/decks/{deck.slug}/edit/look/",
        json.dumps({"look": "own", "stylesheet": ",".join(["p"] * 100_000) + "{}", "version": deck.version}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.csrf_token,
    )
    assert response.status_code == 400 and "more than 5,000 rules" in response.json()["error"]
    deck.refresh_from_db()
    assert (deck.version, deck.stylesheet) == (1, "")


@pytest.mark.django_db
def test_a_font_that_is_a_zip_is_refused_by_the_editor_and_by_an_import(alice, tmp_path):
    deck = make_deck(alice, "#= Hello", slug="zip-font")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("payload.txt", "not a font")
    client = csrf_client(alice)
    upload = io.BytesIO(archive.getvalue())
    upload.name = "Sneaky.ttf"
    response = client.post(
        f"/decks/{deck.slug}/edit/fonts/", {"fonts": upload, "version": deck.version}, HTTP_X_CSRFTOKEN=client.csrf_token
    )
    assert response.status_code == 400 and "Sneaky.ttf: not a font" in response.json()["error"]
    assert deck.assets.count() == 0

    folder = make_look_folder(tmp_path / "sneaky")
    (folder / "fonts" / "TestSans.ttf").write_bytes(archive.getvalue())
    with pytest.raises(DeckImportError, match="TestSans.ttf: not a font"):
        import_deck(read_deck_path(folder), alice, slug="sneaky")
    assert not Deck.objects.filter(slug="sneaky").exists()


@pytest.mark.django_db
def test_fonts_are_checked_by_their_bytes_and_counted_against_the_limit(alice, settings):
    deck = make_deck(alice, "#= Hello", slug="fonts")
    client = csrf_client(alice)

    def upload(name, data):
        file = io.BytesIO(data)
        file.name = name
        version = Deck.objects.get(pk=deck.pk).version
        return client.post(f"/decks/{deck.slug}/edit/fonts/", {"fonts": file, "version": version}, HTTP_X_CSRFTOKEN=client.csrf_token)

    assert upload("Test.ttf", font_bytes()).status_code == 200
    assert upload("Test.woff2", font_bytes()).json()["error"].endswith("the file is a TTF font, not what .woff2 says")
    settings.DECK_MAX_FONTS = 1
    assert "more than the 1 a deck may have" in upload("Other.ttf", font_bytes("Other")).json()["error"]
    assert list(deck.assets.fonts().values_list("name", flat=True)) == ["Test.ttf"]
    served = client.get(deck.assets.fonts().get().get_absolute_url())
    assert (served.status_code, served["Content-Type"]) == (200, "font/ttf")


@pytest.mark.django_db
def test_the_stylesheet_is_served_as_its_own_file_under_the_digest_of_its_content(alice, client):
    deck = make_deck(alice, "#= Hello", slug="served-sheet", visibility=Deck.Visibility.PUBLIC)
    domain.save_look(deck, look=Look.OWN, stylesheet="h1 { color: red }", based_on=deck.version, author=alice)
    page = client.get(f"/talks/{deck.slug}/").content.decode()
    csp = client.get(f"/talks/{deck.slug}/")["Content-Security-Policy"]
    assert "style-src 'self';" in csp and "style-src-attr 'unsafe-inline'" in csp and "<style" not in page
    address = re.search(r'href="([^"]+/look/[0-9a-f]+\.css)"', page).group(1)
    served = client.get(address)
    assert served["Content-Type"] == "text/css; charset=utf-8" and "immutable" in served["Cache-Control"]
    assert served.content.decode() == ":where(.slide-content) h1 {color: red}\n"
    domain.save_look(deck, look=Look.OWN, stylesheet="h1 { color: blue }", based_on=deck.version, author=alice)
    assert client.get(address).status_code == 404
    deck.visibility = Deck.Visibility.PRIVATE
    deck.save(update_fields=["visibility"])
    assert client.get(f"/talks/{deck.slug}/").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_rule_covering_the_presenters_controls_cannot_stop_the_talk_moving(alice, live_server, browser_context):
    deck = make_deck(alice, "#= One", "## Two", "## Three", slug="covering")
    domain.save_look(
        deck,
        look=Look.OWN,
        stylesheet=(
            ".presenter-controls, [data-next], .remark-slide-content, .remark-slide-content *, body * "
            "{ position: fixed !important; inset: 0 !important; z-index: 99999 !important; display: block !important }"
        ),
        based_on=deck.version,
        author=alice,
    )
    presenter = open_presenter(browser_context, live_server, deck)
    presenter.click("[data-next]")
    wait_for_position(presenter, "2.1")
    presenter.click("[data-next]")
    wait_for_position(presenter, "3.1")
    assert presenter.locator("[data-presenter]").get_attribute("data-position") == "3.1"
