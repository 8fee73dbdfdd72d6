"""Code that steps (decks/shorthand/code_steps.py): the lines each step highlights, versions, and the remark export."""

from decks.shorthand import parse_slide, to_remark
from decks.shorthand.code_steps import read_groups, read_info

BLOCK = """## Totals
```python {1|2-3|all}
def total(prices):
    s = sum(prices)
    return s
-- {3|all}
def total(prices):
    s = sum(prices)
    return round(s, 2)
```
--

and that is it
Note: the notes"""


def fences(slide):
    """Each step's first fence line, as the renderer is given it."""
    return [next(line for line in step.markdown.split("\n") if line.startswith("```")) for step in slide.steps]


def test_each_highlight_and_each_version_is_a_build_step_where_the_block_stands():
    slide = parse_slide(BLOCK)
    assert slide.problems == []
    assert fences(slide) == [
        "```python{1}",
        "```python{2-3}",
        "```python{}",
        # The second version: line 3 changed, and fades in when it first shows.
        "```python{3+3}",
        "```python{}",
        "```python{}",
    ]
    assert [step.markdown.count("round(s, 2)") for step in slide.steps] == [0, 0, 0, 1, 1, 1]
    assert [step.markdown.startswith("## Totals\n") for step in slide.steps] == [True] * 6
    assert slide.steps[-1].markdown.endswith("\n\nand that is it")
    assert [step.notes_markdown for step in slide.steps] == [""] * 5 + ["\nthe notes"]
    # The editor's preview follows the caret: each version starts where it is written.
    assert [step.first_line for step in slide.steps] == [1, 2, 2, 6, 6, 12]


def test_a_version_without_steps_shows_whole_and_one_highlight_is_one_step():
    slide = parse_slide("```js {2}\nlet a = 1\nlet b = 2\n--\nlet a = 1\nlet b = 3\n```")
    assert fences(slide) == ["```js{2}", "```js{+2}"]
    assert len(parse_slide("```js {2}\na\nb\n```").steps) == 1


def test_two_stepped_blocks_on_one_step_take_turns():
    slide = parse_slide("```py {1|2}\na\nb\n```\n```py {1|2}\nc\nd\n```")
    first_blocks = [[line for line in step.markdown.split("\n") if line.startswith("```py")] for step in slide.steps]
    assert first_blocks == [
        ["```py{1}", "```py{1}"],
        ["```py{2}", "```py{1}"],
        ["```py{2}", "```py{1}"],
        ["```py{2}", "```py{2}"],
    ]


def test_plain_fences_and_dashes_in_them_are_as_before():
    slide = parse_slide("```sql\nSELECT 1;\n--\nSELECT 2;\n```")
    assert len(slide.steps) == 1 and "--\nSELECT 2;" in slide.steps[0].markdown
    assert to_remark("```sql\nSELECT 1;\n--\n```") == "```sql\nSELECT 1;\n--\n```"


def test_step_slips_are_warnings_and_the_block_shows_whole():
    slide = parse_slide("```py {1|x}\na\n```\n```py {5}\nb\n```")
    assert [(problem.line, problem.message, problem.now) for problem in slide.problems] == [
        (1, "`x` is not a line number or a range such as 3-5; write the steps as {1|3-5|all}", "the block shows whole, in one step"),
        (4, "the block has 1 lines; it cannot highlight line 5", "the lines past its end are left out"),
    ]
    assert all(problem.warning for problem in slide.problems)
    assert len(slide.steps) == 1


def test_groups_and_info_strings_read_back():
    assert read_groups("1|3-4,7|all") == [frozenset({1}), frozenset({3, 4, 7}), None]
    assert read_info("python{3-4+2,6-7}") == ("python", frozenset({3, 4}), frozenset({2, 6, 7}))
    assert read_info("python{}") == ("python", None, frozenset())
    assert read_info("python") == ("python", None, frozenset())


def test_the_remark_export_writes_each_step_as_a_slide_with_remarks_highlight_marks():
    text = "#= Before\n---\nclass: left\n" + BLOCK + "\n---\n#= After"
    remark = to_remark(text)
    slides = remark.split("\n---\n")
    assert len(slides) == 8
    assert slides[0] == "class: title\n# Before" and slides[-1] == "class: title\n# After"
    assert slides[1] == "class: left\n\n## Totals\n```python\n*def total(prices):\n    s = sum(prices)\n    return s\n```"
    assert "*    s = sum(prices)\n*    return s" in slides[2]
    assert "*    return round(s, 2)" in slides[4] and "*" not in slides[5].replace("```", "")
    assert slides[6].endswith("and that is it\n???\n\nthe notes")


def test_each_step_is_drawn_line_by_line_with_its_lines_marked_and_the_colours_kept():
    from decks.rendering import render_slide_text

    steps, problems = render_slide_text('```python {2|all}\nx = 1\ns = """a\nb"""\n--\nx = 2\ns = """a\nb"""\n```')
    assert problems == []
    first, second, third = (step.html for step in steps)
    assert first == (
        '<pre class="code-steps"><code class="python remark-code">'
        '<div class="remark-code-line code-line-dimmed">x = <span class="number">1</span></div>'
        '<div class="remark-code-line remark-code-line-highlighted">s = <span class="string">"""a</span></div>'
        '<div class="remark-code-line code-line-dimmed"><span class="string">b"""</span></div>'
        "</code></pre>\n"
    )
    assert "code-line-dimmed" not in second and second.count('class="remark-code-line"') == 3
    assert third.count("code-line-changed") == 1 and '<div class="remark-code-line code-line-changed">x = ' in third
