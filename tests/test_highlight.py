"""Code in colour as the decks' remark showed it: highlight.js 7's token classes
(decks/shorthand/highlight.py) and remark's pass over every <code> of a slide
(decks/shorthand/remark_code.py).

tests/data/highlight/LANGUAGE.txt is a snippet and LANGUAGE.expected its whole
highlighted markup, held against what highlight.js 7 made of the same text
when it was written (docs/benchmarks.md, "Code colours")."""

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decks.shorthand import clean_html
from decks.shorthand.highlight import LANGUAGES, highlight
from decks.shorthand.remark_code import colour_code

from .test_sanitize import Elements
from .test_shorthand_rules import html as rendered
from .test_shorthand_rules import steps

SNIPPETS = Path(__file__).parent / "data" / "highlight"


def span(name, text):
    return f'<span class="{name}">{text}</span>'


@pytest.mark.parametrize("language", sorted(path.stem for path in SNIPPETS.glob("*.txt")))
def test_each_language_gets_the_token_spans_highlight_js_7_gave_it(language):
    text = (SNIPPETS / f"{language}.txt").read_text(encoding="utf-8")
    assert highlight(text, language) == (SNIPPETS / f"{language}.expected").read_text(encoding="utf-8")


def test_the_snippets_cover_the_languages_of_the_decks():
    snippets = {path.stem for path in SNIPPETS.glob("*.txt")}
    assert {"python", "javascript", "ruby", "bash", "xml", "sql", "java", "php", "perl", "css"} <= snippets
    # haskell: a language the decks' highlight.js did not know (it guessed;
    # the snippet shows only what every guess agreed on).
    assert "haskell" in snippets and "haskell" not in LANGUAGES


def test_a_language_no_grammar_knows_has_no_highlighting():
    assert highlight("x = 1", "klingon") is None


# remark's pass over a slide's <code> elements --------------------------------


def test_inline_code_and_unnamed_blocks_get_remarks_class_and_stay_as_they_are():
    assert colour_code("<p>Run <code>ls &lt;dir&gt;</code></p>") == '<p>Run <code class="remark-code">ls &lt;dir&gt;</code></p>'
    assert colour_code("<pre><code>if x: return 1</code></pre>") == '<pre><code class="remark-code">if x: return 1</code></pre>'
    assert colour_code('<pre><code class="">36</code></pre>') == '<pre><code class="remark-code">36</code></pre>'


def test_a_block_in_a_language_no_grammar_knows_stays_plain_and_escaped():
    assert colour_code('<pre><code class="klingon">a &lt; b &amp;&amp; "c"</code></pre>') == (
        '<pre><code class="klingon remark-code">a &lt; b &amp;&amp; "c"</code></pre>'
    )


def test_the_language_may_be_named_on_the_pre_or_with_a_language_prefix():
    assert colour_code('<pre class="python"><code class="x">None</code></pre>') == (
        f'<pre class="python"><code class="x remark-code">{span("built_in", "None")}</code></pre>'
    )
    assert colour_code('<pre><code class="language-python">None</code></pre>') == (
        f'<pre><code class="language-python remark-code">{span("built_in", "None")}</code></pre>'
    )


def test_the_codes_own_markup_is_merged_around_the_tokens():
    # A content class inside a one-line key, and <br> read as a line break.
    assert colour_code('<pre><code class="javascript">x <span class="red">== "1"</span><br>true</code></pre>') == (
        f'<pre><code class="javascript remark-code">x <span class="red">== {span("string", chr(34) + "1" + chr(34))}</span>\n'
        f'{span("literal", "true")}</code></pre>'
    )
    # Markup cut by a token's end is closed with it and opened again after it.
    assert colour_code('<pre><code class="python">"a<b>b" c</b></code></pre>') == (
        '<pre><code class="python remark-code"><span class="string">"a<b>b"</b></span><b> c</b></code></pre>'
    )


def test_a_tab_starting_a_line_of_highlighted_code_is_two_spaces_as_remark_asked():
    assert colour_code('<pre><code class="python">if x:\n\treturn\t1</code></pre>') == (
        f'<pre><code class="python remark-code">{span("keyword", "if")} x:\n  {span("keyword", "return")}\t{span("number", "1")}</code></pre>'
    )


def test_one_line_keys_fences_and_notes_are_highlighted_in_a_rendered_step():
    assert steps("py- >>> print(True)\nco True")[-1].html == (
        f'<pre><code class="python remark-code">{span("prompt", "&gt;&gt;&gt; ")}print({span("built_in", "True")})</code></pre>'
        '<pre><code class="remark-code">True</code></pre>'
    )
    assert rendered("```ruby\nputs nil\n```") == f'<pre><code class="ruby remark-code">puts {span("keyword", "nil")}\n</code></pre>\n'
    [step] = steps("# Code", 'Type `ls`, then:\n<pre><code class="bash">echo 1</code></pre>')
    assert step.notes_html == (
        '<p>Type <code class="remark-code">ls</code>, then:</p>\n'
        f'<pre><code class="bash remark-code">{span("built_in", "echo")} {span("number", "1")}</code></pre>'
    )


def test_the_sanitizer_keeps_the_highlighted_markup_as_it_is():
    for path in SNIPPETS.glob("*.txt"):
        text = html.escape(path.read_text(encoding="utf-8"), quote=False)
        highlighted = colour_code(f'<pre><code class="{path.stem}">{text}</code></pre>')
        assert '<span class="' in highlighted
        assert clean_html(highlighted, {}) == highlighted


# Hostile code text stays text ---------------------------------------------------

HOSTILE = [
    "</code></pre><script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '</span><span class="x" onclick="alert(1)">',
    "&lt;script&gt; &amp;lt; javascript:alert(1)",
    "<!-- --><style>*{display:none}</style>",
]


def only_code_markup(shown):
    """Every element is the block's <pre>, <code> or a token <span> with nothing but a class."""
    elements = Elements(shown).found
    return all(
        (tag, list(attributes)) in (("pre", []), ("code", ["class"]), ("span", ["class"])) for tag, attributes in elements
    ) and [tag for tag, _ in elements[:2]] == ["pre", "code"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("language", ["xml", "javascript", "python", "haskell", "klingon"])
def test_hostile_code_text_stays_text(text, language):
    shown = rendered(f"```{language}\n{text}\n```")
    assert only_code_markup(shown)
    # The decks' loader decoded character references once, fences included (FORMAT.md §6.2).
    assert html.unescape(re.sub(r"<[^>]*>", "", shown)) == f"{html.unescape(text)}\n\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_one_line_key_is_sanitized_before_it_is_highlighted(text):
    shown = rendered(f"js {text}")
    assert all(tag in ("pre", "code", "span", "img", "svg") or tag.startswith("/") for tag, _ in Elements(shown).found)
    assert not any(name.startswith("on") for _, attributes in Elements(shown).found for name in attributes)
    assert "<script" not in shown and "<style" not in shown


TEXT = st.text(alphabet=st.sampled_from(list("<>&\"' \n\tab1=/#*.-:;{}()[]$@\\`!?")), max_size=60)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, language=st.sampled_from([*sorted(LANGUAGES), "haskell", "klingon", ""]))
def test_any_code_text_comes_out_as_the_same_text_in_allowed_markup(text, language):
    coloured = colour_code(f'<pre><code class="{language}">{html.escape(text, quote=False)}</code></pre>')
    assert clean_html(coloured, {}) == coloured
    assert only_code_markup(coloured)
    highlighted = language not in ("klingon", "")
    expected = re.sub(r"^\t+", lambda tabs: "  " * len(tabs.group()), text, flags=re.MULTILINE) if highlighted else text
    assert html.unescape(re.sub(r"<[^>]*>", "", coloured)) == expected
