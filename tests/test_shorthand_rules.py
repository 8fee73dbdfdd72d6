"""Every construct of FORMAT.md §2–§6, one rule at a time (the library alone, no database)."""

import re

import pytest

from decks.rendering import render_slide_text
from decks.shorthand import Problem, join_slides, parse, parse_slide, parse_slides, render_step, split_slides, to_remark
from decks.shorthand.convert import convert_line as convert_normalized
from decks.shorthand.convert import normalize

URLS = {name: f"/decks/t/images/0123456789abcdef/{name}" for name in ("footer.svg", "a.png", "b.png", "wave.svg", "bg.jpg")}


def step_html(slide, step_number=None):
    """HTML of one build step (1-based; the last one by default) of a ParsedSlide."""
    return render_step(slide.steps[(step_number or len(slide.steps)) - 1]).html


def convert_line(line, **options):
    return convert_normalized(normalize(line), **options)


def steps(source, notes="", prompt_host="myrtle"):
    rendered, problems = render_slide_text(source, notes, URLS, prompt_host)
    assert problems == []
    return rendered


def html(source, notes=""):
    [step] = steps(source, notes)
    return step.html


def img(name):
    return f'<img src="/decks/t/images/0123456789abcdef/{name}" alt="Image">'


# §1 processing model ------------------------------------------------------


def test_whitespace_collapses_outside_fences_and_is_kept_inside():
    text = "  exercise,  get   going \n```\n  keep   this\n```\n"
    assert to_remark(text) == "exercise, get going\n```\n  keep   this\n```"


def test_the_remark_output_keeps_leading_blank_lines_and_drops_trailing_ones():
    assert to_remark("\n\n#= Hi\n\n\n") == "\n\nclass: title\n# Hi"


# §2 slides, builds, notes -------------------------------------------------


def test_separators_with_trailing_spaces_still_separate():
    deck = parse("one\n--- \ntwo\n-- \nmore\n")
    assert [len(slide.steps) for slide in deck.slides] == [1, 2]


def test_a_note_with_text_gets_a_blank_line_and_a_bare_note_none():
    assert convert_line("Note: breathe, Katie!") == (["???", "", "breathe, Katie!"], None)
    assert convert_line("Note:") == (["???"], None)


def test_a_build_step_shows_the_previous_content_and_accumulates_notes():
    first, second = steps("## Title\nNote: first\n--\n\nmore text\nNote: second")
    assert first.html == "<h2>Title</h2>\n"
    assert second.html == "<h2>Title</h2>\n<p>more text</p>\n"
    assert (first.notes_html, second.notes_html) == ("<p>first</p>\n", "<p>first</p>\n<p>second</p>\n")


def test_only_the_last_notes_block_of_a_step_counts():
    [step] = steps("text\nNote: lost\nNote: kept")
    assert step.notes_html == "<p>kept</p>\n"


def test_classes_of_a_build_step_are_merged():
    first, second = steps("class: middle\n# A\n--\nclass: red, center\nB")
    assert (first.classes, second.classes) == (["middle"], ["middle", "red", "center"])


# §3 headings and images ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("#= X", ["class: title", "# X"]),
        ("##= X", ["class: title", "## X"]),
        ("###= X", ["class: title", "### X"]),
        ("####= X", ["class: title", "#### X"]),
        ("@ footer.svg", ["![Image](images/footer.svg)"]),
        ("@= a.png", ["class: middle, center, image", "![Image](images/a.png)"]),
        ("@^  a.png", ["class: top, image", "![Image](images/a.png)"]),
        ("@^^ a.png", ["class: image-main", "![Image](images/a.png)"]),
        ("~@ bg.jpg", ['background-image: url("images/bg.jpg")']),
        ("! wave", ["class: middle, center", "![Image](images/wave.svg)"]),
        ("! thanks.png", ["class: middle, center", "![Image](images/thanks.png)"]),
        (
            "! a | b | c.png",
            [
                "class: title",
                '<div style="width: 100%; margin: 0 auto;" class="title"><p align="center">'
                '<img height="266px" class="emoji" src="images/a.svg">'
                '<img height="266px" class="emoji" src="images/b.svg">'
                '<img height="266px" class="emoji" src="images/c.png"></p></div>',
            ],
        ),
    ],
)
def test_heading_and_image_commands(line, expected):
    assert convert_line(line) == (expected, None)


def test_a_title_slide_renders_centred_with_its_html_and_spans():
    [step] = steps("#= <br>.thick[What is deployment, anyway?]\n## .thick[PyGotham 2019]\n@ footer.svg")
    assert step.classes == ["title"]
    assert step.html == (
        '<h1><br><span class="thick">What is deployment, anyway?</span></h1>\n'
        '<h2><span class="thick">PyGotham 2019</span></h2>\n'
        f"<p>{img('footer.svg')}</p>\n"
    )


def test_a_line_of_only_a_break_tag_does_not_swallow_the_headings_after_it():
    [step] = steps("<br>\n# .quote[We make frameworks]\n### - .prokyon[django] documentation")
    assert step.html == (
        "<p><br></p>\n"
        '<h1><span class="quote">We make frameworks</span></h1>\n'
        '<h3>- <span class="prokyon">django</span> documentation</h3>\n'
    )


def test_a_title_command_replaces_an_earlier_class_line():
    [step] = steps("class: bottom left\n#= Thanks!")
    assert step.classes == ["title"]


@pytest.mark.parametrize(
    ("source", "classes"),
    [("@= a.png", ["middle", "center", "image"]), ("@^ a.png", ["top", "image"]), ("@^^ a.png", ["image-main"])],
)
def test_image_slides_carry_their_classes(source, classes):
    [step] = steps(source)
    assert (step.classes, step.html) == (classes, f"<p>{img('a.png')}</p>\n")


def test_a_background_image_is_a_background_element_pointing_at_the_asset():
    [step] = steps("~@ bg.jpg\n## Over it")
    assert step.html == (
        '<div class="slide-background" style="background-image: url(&quot;'
        '/decks/t/images/0123456789abcdef/bg.jpg&quot;)"></div><h2>Over it</h2>\n'
    )
    assert step.background_url == "/decks/t/images/0123456789abcdef/bg.jpg"


def test_an_emoji_row_points_at_the_assets_and_names_the_missing_ones():
    [step] = steps("! wave | nope")
    assert step.classes == ["title"]
    assert step.html == (
        '<div style="width:100%;margin:0 auto" class="title"><p align="center">'
        '<img height="400px" class="emoji" src="/decks/t/images/0123456789abcdef/wave.svg" alt="wave">'
        '<span class="missing-image" title="Missing image">nope.svg</span></p></div>\n'
    )
    assert step.missing_images == ["nope.svg"]


def test_a_missing_image_is_a_visible_placeholder_and_is_reported():
    [step] = steps("@= runserver_00.png")
    assert step.html == '<p><span class="missing-image" title="Missing image">runserver_00.png</span></p>\n'
    assert step.missing_images == ["runserver_00.png"]


def test_a_missing_background_is_a_placeholder_too():
    [step] = steps("~@ gone.jpg\n# Hi")
    assert step.html == (
        '<span class="missing-image missing-background" title="Missing image">gone.jpg</span><h1>Hi</h1>\n'
    )
    assert step.missing_images == ["gone.jpg"]


# §4 code and terminals ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("py print('hi')", ["<pre><code class=\"python\">print('hi')</code></pre>"]),
        ("js- > 4 + 2", ['<pre><code class="javascript">> 4 + 2</code></pre>', "--"]),
        ("co 36", ['<pre><code class="">36</code></pre>']),
        ("sql -- MySQL<br>show tables;", ['<pre><code class="sql">-- MySQL<br>show tables;</code></pre>']),
        ("pas x", ['<pre><code class="delphi">x</code></pre>']),
        ("co", ['<pre><code class=""></code></pre>']),
    ],
)
def test_one_line_code_keys(line, expected):
    assert convert_line(line) == (expected, None)


@pytest.mark.parametrize("line", ["contenttypes", "pygraphvuz - the wrapper", "going home", "iex> Enum.map(x)", "Python"])
def test_words_that_only_begin_with_a_key_are_ordinary_text(line):
    assert convert_line(line) == ([line], None)


def test_a_dash_key_reveals_the_next_line_as_a_build_step():
    first, second = steps("js- > 4 + 2\nco 6")
    shown = '<pre><code class="javascript remark-code">&gt; <span class="number">4</span> + <span class="number">2</span></code></pre>'
    assert first.html == shown
    assert second.html == shown + '<pre><code class="remark-code">6</code></pre>'


def test_decks_written_around_the_old_key_bug_render_the_same():
    assert html(".noop[p]ython manage.py runserver<br>") == (
        '<p><span class="noop">p</span>ython manage.py runserver<br></p>\n'
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("$$terminal bash", '<div class="shell-wrap"><p class="shell-top-bar">bash</p><p class="shell-body">'),
        ("$$prompt ~/git/glasnt ", "<ps>myrtle</ps> <dr>~/git/glasnt $</dr>"),
        ("$$w pip install django", "pip install django<w>&nbsp;</w>"),
        ("$$w", "<w>&nbsp;</w>"),
        ("$$py import django<br>", "`>>>` import django<br><br>"),
        ("$$pyw &nbsp;  ", "`>>>` &nbsp;<w>&nbsp;</w>"),
        ("$$pyw", "`>>>` <w>&nbsp;</w>"),
        ("$$pd x = 1", "... x = 1<br>"),
        ("$$pdw", "... <w>&nbsp;</w><br>"),
        ("$$end", "</p></p></div>"),
        ("$$# JavaScript", ".righthead[JavaScript]"),
    ],
)
def test_terminal_commands(line, expected):
    assert convert_line(line) == ([expected], None)


def test_the_prompt_host_is_a_deck_setting():
    assert convert_line("$$prompt ~", prompt_host="lectern") == (["<ps>lectern</ps> <dr>~ $</dr>"], None)


def test_a_terminal_renders_with_its_window_prompt_and_cursor():
    source = "$$terminal python3.7\n$$py import django\n$$pyw django.VERSION\n$$end\n.lownote[below]"
    assert html(source) == (
        '<div class="shell-wrap"><p class="shell-top-bar">python3.7</p><p class="shell-body">\n'
        '<code class="remark-code">&gt;&gt;&gt;</code> import django<br>\n'
        '<code class="remark-code">&gt;&gt;&gt;</code> django.VERSION<w>&nbsp;</w>\n'
        '</p></div>\n<span class="lownote">below</span>\n'
    )


def test_fenced_code_passes_through_verbatim_with_its_language_as_marked_named_it():
    assert html("```python\nif x:\n    return  .b[no]\n```") == (
        '<pre><code class="python remark-code"><span class="keyword">if</span> x:\n'
        '    <span class="keyword">return</span>  .b[no]\n</code></pre>\n'
    )


# §5 other line commands ---------------------------------------------------


def test_a_footnote_becomes_a_footnotes_span_with_its_link():
    assert convert_line("vv [WOCinTech](https://www.flickr.com/photos/wocintechchat)") == (
        [".footnotes[[WOCinTech](https://www.flickr.com/photos/wocintechchat)]"],
        None,
    )
    assert html("vv [➚](https://docs.djangoproject.com/)") == (
        '<p><span class="footnotes"><a href="https://docs.djangoproject.com/" rel="noopener noreferrer">➚</a>'
        "</span></p>\n"
    )


def test_a_corner_heading_becomes_a_righthead_span():
    assert html("$$# ECMAScript") == '<p><span class="righthead">ECMAScript</span></p>\n'


def test_class_lines_pass_through_and_a_capitalised_key_gives_no_class():
    [step] = steps("class: center\nhi")
    assert step.classes == ["center"]
    [step] = steps("Class: title\nhi")
    assert (step.classes, step.html) == ([], "<p>hi</p>\n")


def test_three_tildes_is_a_black_background_class():
    assert convert_line("~~~") == (["class: background-black"], None)
    assert convert_line("~~~~~~~~") == (["~~~~~~~~"], None)
    [step] = steps("~~~\nquote")
    assert step.classes == ["background-black"]


# §6 text copied through ---------------------------------------------------


def test_content_classes_nest_and_chain():
    assert html(".center[.ORM[.header[ORM]]] and .a.b[both]") == (
        '<p><span class="center"><span class="ORM"><span class="header">ORM</span></span></span> and '
        '<span class="a b">both</span></p>\n'
    )


def test_balanced_brackets_inside_a_content_class_are_fine():
    assert html('.large[[".w[x]",1]]') == '<p><span class="large">["<span class="w">x</span>",1]</span></p>\n'


def test_a_content_class_over_several_lines_is_a_div():
    assert html(".box[first\nsecond]") == '<div class="box">first\nsecond</div>\n'


def test_a_content_class_around_whole_lines_holds_headings_lists_and_paragraphs():
    assert html(".left-column[\n## Setup\n- gunicorn\n- whitenoise\n\nThen deploy.\n]") == (
        '<div class="left-column">\n<h2>Setup</h2>\n<ul>\n<li>gunicorn</li>\n<li>whitenoise</li>\n</ul>\n'
        "<p>Then deploy.</p>\n</div>\n"
    )


def test_content_classes_around_whole_lines_nest_and_are_not_unclosed():
    deck = parse("Intro\n.outer[\n.inner[\n\n## Deep\n\n]\n]")
    assert deck.problems == []
    assert step_html(deck.slides[0]) == (
        '<p>Intro</p>\n<div class="outer">\n<div class="inner">\n<h2>Deep</h2>\n</div>\n</div>\n'
    )


def test_a_class_left_open_across_paragraphs_is_still_reported():
    assert parse("x .big[one\n\ntwo]").problems == [Problem(1, "`.big[` is never closed with `]`")]


def test_a_step_separator_inside_a_content_class_does_not_split():
    slide = parse(".columns[\n## One\n--\n## Two\n]\n--\nAfter").slides[0]
    assert len(slide.steps) == 2
    assert step_html(slide, 1) == '<div class="columns">\n<h2>One</h2>\n<p>--</p>\n<h2>Two</h2>\n</div>\n'


def test_each_step_knows_the_line_its_own_text_starts_on():
    slide = parse_slide("## One\n--\npy- print(1)\nafter the code\n.box[\n--\n]\n--\nlast").steps
    assert [step.first_line for step in slide] == [1, 3, 4, 9]


def test_raw_html_and_entities_pass_through():
    assert html('<div class="css-demo">COUNT(&#42;) and &num; <span style="color: red">red</span></div>') == (
        '<div class="css-demo">COUNT(*) and # <span style="color:red">red</span></div>\n'
    )


def test_a_written_lt_becomes_inline_code():
    assert convert_line("&lt;QuerySet [&lt;Codepoint: Sparkles>]>") == (["`<`QuerySet [`<`Codepoint: Sparkles>]>"], None)
    assert html("&lt;QuerySet") == '<p><code class="remark-code">&lt;</code>QuerySet</p>\n'


def test_gfm_tables_render():
    assert html("class: table\n| a | b |\n|---|---|\n| 1 | 2 |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )


# Problems, preview and the text <-> slides rule ----------------------------


def test_problems_name_their_line_and_the_slide_still_previews():
    rendered, problems = render_slide_text("## .thick[Unclosed\n$$nope\n```\ncode", "notes", URLS)
    assert problems == [
        Problem(1, "`.thick[` is never closed with `]`"),
        Problem(2, "unknown command `$$nope` (known: $$terminal, $$prompt, $$w, $$py, $$pyw, $$pd, $$pdw, $$end, $$#)"),
        Problem(3, "this ``` fence is never closed"),
    ]
    # An unclosed fence is text, as remark's `marked` showed it.
    assert [step.html for step in rendered] == ["<h2>.thick[Unclosed</h2>\n<p>$$nope\n```\ncode\nNote: notes</p>\n"]


def test_deck_problems_count_lines_in_the_whole_text():
    deck = parse("#= Hi\n---\nfine\n---\n.b[oops\n")
    assert deck.problems == [Problem(5, "`.b[` is never closed with `]`")]


def test_a_bracket_in_inline_code_is_not_an_unclosed_class():
    assert parse("connection.queries`[`-1`]`").problems == []


@pytest.mark.parametrize(
    "text",
    [
        "one\n---\ntwo\nNote: n\n",
        "one\nNote:\nline\n--- \ntwo\n---\nNote: only notes",
        "a\nNote: x\n--\nb\nNote:  two spaces\nmore",
        "```\n---\n```\n---\nafter",
        "\n\nleading blank\n---\n\n",
        "trailing\nNote: \nline after a space\n",
    ],
)
def test_joining_the_split_slides_gives_back_the_text(text):
    assert join_slides(split_slides(text)) == text


def test_the_last_steps_notes_are_split_off_and_earlier_ones_stay_in_the_source():
    assert split_slides("a\nNote: first\n--\nb\nNote: last\nmore\n---\nplain") == [
        ("a\nNote: first\n--\nb", "last\nmore"),
        ("plain", ""),
    ]


def test_a_separator_inside_a_fence_does_not_split():
    assert len(split_slides("```\n---\n```")) == 1


def test_render_gives_one_step_of_a_parsed_slide():
    slide = parse_slide("a\n--\n\nb")
    assert step_html(slide, 1) == "<p>a</p>\n"
    assert step_html(slide) == "<p>a\nb</p>\n"


def test_a_slide_too_big_to_render_shows_a_notice_instead():
    rendered, problems = render_slide_text("<div>" * 10_001, "", URLS)
    assert [step.html for step in rendered] == ['<p class="render-error">This slide is too big to show; split it up.</p>']
    assert problems == [
        Problem(1, "the slide is too big to show (over 20,000 characters or 5,000 HTML tags); split it up")
    ]


def test_thousands_of_unclosed_classes_are_one_problem_per_line():
    assert parse(".a[" * 6000).problems == [Problem(1, "`.a[` is never closed with `]`")]


def apply_fix(text, fix):
    lines = text.split("\n")
    assert lines[fix.first - 1 : fix.last] == list(fix.was)
    lines[fix.first - 1 : fix.last] = fix.lines
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("source", "line", "shown", "label", "fixed"),
    [
        ("#= Title\n##= Subtitle", 2, "class: title", "Write ## (a plain heading)", "#= Title\n## Subtitle"),
        ("## Chart\n@= chart.png", 2, "class: middle, center, image", "Write @ chart.png (the image in the text)",
         "## Chart\n@ chart.png"),
        ("## Shot\n@^ a.png", 2, "class: top, image", "Write @ a.png (the image in the text)", "## Shot\n@ a.png"),
        ("## Hi\n! wave", 2, "class: middle, center", "Write @ wave.svg (the image in the text)", "## Hi\n@ wave.svg"),
        ("## Hi\ntext\nclass: center", 3, "class: center", "Move the line to the top of the slide",
         "class: center\n## Hi\ntext"),
        ("## Hi\n~~~", 2, "class: background-black", "Move the line to the top of the slide", "~~~\n## Hi"),
        ("## Hi\n--\n\nmore\n~@ bg.jpg", 5, 'background-image: url("images/bg.jpg")',
         "Move the line to the top of its build step", "## Hi\n--\n\n~@ bg.jpg\nmore"),
        ("## Hi\n! a.png | b.png", 2, "class: title", "Move the line to the top of the slide", "! a.png | b.png\n## Hi"),
    ],
    ids=["second-title", "image-slide", "top-image", "emoji", "class-line", "dark", "background-in-a-step", "emoji-row"],
)
def test_a_setting_line_after_the_text_is_a_warning_with_a_fix_that_leaves_no_stray_text(
    source, line, shown, label, fixed
):
    [problem] = parse_slide(source).problems
    assert (problem.line, problem.warning, problem.now) == (line, True, f"the audience sees the words “{shown}” on the slide")
    assert shown in "".join(step.html for step in render_slide_text(source, "", URLS)[0])
    assert (problem.fix.label, apply_fix(source, problem.fix)) == (label, fixed)
    steps, problems = render_slide_text(fixed, "", URLS)
    assert problems == []
    shown_text = re.sub(r"<[^>]+>", " ", "".join(step.html for step in steps))
    assert not re.search(r"(class|background-image):", shown_text)


def test_settings_at_the_top_in_fences_and_in_notes_are_not_stray():
    for source in (
        "class: center\n~@ bg.jpg\n\n#= Title\n@ footer.svg",
        "## Code\n```\nclass: Foo\n```",
        "## Hi\nNote: class: this is only said",
        "## Hi\n--\nclass: title\n## Then",
    ):
        assert parse_slide(source).problems == [], source


def test_a_step_that_runs_on_is_fixed_by_a_blank_line_after_the_dashes():
    source = "## Plan\n* one\n--\n* two"
    [problem] = parse_slide(source).problems
    assert (problem.line, problem.fix.label) == (4, "Start it on a new line (a blank line after --)")
    fixed = apply_fix(source, problem.fix)
    assert fixed == "## Plan\n* one\n--\n\n* two"
    steps, problems = render_slide_text(fixed, "", URLS)
    assert (problems, steps[-1].html) == ([], "<h2>Plan</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")


def test_a_fix_moves_with_its_problem_to_the_line_in_the_whole_deck():
    [problem] = parse("## One\n---\n## Two\n~~~").problems
    assert (problem.line, problem.fix.first, problem.fix.last, problem.fix.lines) == (4, 3, 4, ("~~~", "## Two"))


def test_the_same_slide_text_in_two_places_is_parsed_for_each_place():
    deck = parse_slides([("## Same\n.big[open", ""), ("## Other", ""), ("## Same\n.big[open", "")])
    assert [(slide.number, slide.first_line) for slide in deck.slides] == [(1, 1), (2, 4), (3, 6)]
    assert [problem.line for problem in deck.problems] == [2, 7]
    assert [problem.line for problem in deck.slides[2].problems] == [2]  # each slide's own lines
    deck.slides[0].steps.clear()
    assert len(parse_slides([("## Same\n.big[open", "")]).slides[0].steps) == 1
