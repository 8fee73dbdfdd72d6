"""Where the decks' old remark.js differs from CommonMark, do what it did.

The audience saw each slide through three layers, and each left marks that
CommonMark (markdown-it) does not reproduce on its own:

1. The page put the Markdown into a <textarea> as HTML, so the browser
   decoded character references once before Markdown saw the text: the
   whole HTML5 table (`&num;` is `#`), decimal and hex references, and the
   legacy names a browser accepts without a semicolon (`&nbsp ` is a
   no-break space). That happened in code blocks too. `decode_references`.
2. Old `marked` (the one remark 0.6.0 bundled) parsed the Markdown, with
   rules of its own: emphasis by regular expression (`(*args, **kwargs)` is
   emphasis; `_ _x_ _` too), `~~x~~` strikethrough likewise, code spans
   likewise (over lines, an opening run giving up backticks), only its own
   short list of backslash escapes (`\\'` stays `\\'`), a fence only when
   it is closed, bare http(s) addresses as links, and GFM tables only at the
   start of a top-level block. Its paragraph went on over list and table
   lines. It was given the text with `<` and `>` escaped, and remark turned
   back only the first `>` of each line into a quote marker.
3. marked passed on as HTML whatever its loose tag rule matched, and the
   browser parsed it, malformed tags included: `<br<br>` is a tag of an
   unknown name, so it shows nothing. Such tags, which CommonMark does not
   accept, go to the sanitizer, which parses HTML the way a browser does.
"""

import functools
import html
import re
from bisect import bisect_left
from typing import NamedTuple

from markdown_it.common.html_re import HTML_TAG_RE

# marked 0.3 (GFM): strong is tried before em, both as regular expressions
# over the rest of the paragraph; `\b` is JavaScript's, i.e. ASCII.
_STRONG = re.compile(r"__([\s\S]+?)__(?!_)|\*\*([\s\S]+?)\*\*(?!\*)")
_EM = re.compile(r"_((?:__|[\s\S])+?)_\b|\*((?:\*\*|[\s\S])+?)\*(?!\*)", re.ASCII)
_DEL = re.compile(r"~~(?=\S)([\s\S]*?\S)~~")
_ESCAPABLE = set("\\`*{}[]()#+-.!_>~|")
_URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")
# marked's fence, ` *(`{3,}|~{3,})[ .]*(\S+)? *\n([\s\S]*?)\s*\1 *(?:\n+|$)`, read
# in linear time: as one regex it backtracks over every shorter opening run,
# and 20,000 backticks took seconds (see marked_sees_closed_fence).
_FENCE_OPENING = re.compile(r" *(`{3,}|~{3,})")
_FENCE_INFO = re.compile(r"[ .]*+\S*+ *")
_FENCE_INFO_AFTER_SHORTER_RUN = re.compile(r"\S*+ *")
# A tag as marked's inline rule took one, to hand to the browser as it was:
# a name, then anything up to the first `>` outside quotes (`<br<br>` is one).
_BROWSER_TAG = re.compile(r"""</?\w+(?:"[^"]*"|'[^']*'|[^'">])*?>""", re.ASCII)


# Where each kind of emphasis could close. marked's regular expressions scan
# to the end of the paragraph whenever they fail, which is quadratic in text
# full of `_` or `*`; looking the next possible closer up first keeps it linear.
_CLOSERS = {
    "_": re.compile(r"_(?=[^0-9A-Za-z_]|$)"),
    "*": re.compile(r"\*(?!\*)"),
    "__": re.compile(r"__(?!_)"),
    "**": re.compile(r"\*\*(?!\*)"),
    "~~": re.compile(r"(?<=\S)(?=~~)"),  # strikethrough ends with a non-space before `~~`
    ">": re.compile(r">"),
    "`": re.compile(r"(?<=[^`])`"),  # a run of backticks that may close a code span
}


@functools.lru_cache(maxsize=256)
def _closer_positions(text, kind):
    return [match.start() for match in _CLOSERS[kind].finditer(text)]


def _may_close(state, kind, start):
    """False when no `kind` closer lies between `start` and the end of the inline text."""
    positions = _closer_positions(state.src, kind)
    index = bisect_left(positions, start)
    # A closer right at the end of the text may end a match there too.
    return index < len(positions) and positions[index] < state.posMax


def decode_references(text):
    """`text` with character references decoded once, as a browser reads a <textarea>'s HTML."""
    return html.unescape(text) if "&" in text else text


def _take_around(state, silent, name, tag, markup, match, group):
    """Take all of `match`: tokens for `name` around the Markdown of its `group`."""
    if not silent:
        token = state.push(f"{name}_open", tag, 1)
        token.markup = markup
        pos_max = state.posMax
        state.pos, state.posMax = match.start(group), match.end(group)
        state.md.inline.tokenize(state)
        state.posMax = pos_max
        token = state.push(f"{name}_close", tag, -1)
        token.markup = markup
    state.pos = match.end()
    return True


def _character_as_text(state, silent):
    """The character at the position is text: marked's answer wherever its syntax did not match."""
    if not silent:
        state.pending += state.src[state.pos]
    state.pos += 1
    return True


def emphasis_rule(state, silent):
    """`**strong**`, `__strong__`, `*em*` and `_em_` the way marked matched them."""
    marker = state.src[state.pos]
    if marker not in "*_":
        return False
    for pattern, name, tag, opener in ((_STRONG, "strong", "strong", marker * 2), (_EM, "em", "em", marker)):
        if state.src.startswith(opener, state.pos) and not _may_close(state, opener, state.pos + len(opener) + 1):
            continue
        match = pattern.match(state.src, state.pos, state.posMax)
        if match:
            group = 1 if match.group(1) is not None else 2
            markup = marker * (2 if name == "strong" else 1)
            return _take_around(state, silent, name, tag, markup, match, group)
    return _character_as_text(state, silent)


def strikethrough_rule(state, silent):
    """`~~text~~` as marked matched it; other tildes are text."""
    if state.src[state.pos] != "~":
        return False
    match = _may_close(state, "~~", state.pos + 3) and _DEL.match(state.src, state.pos, state.posMax)
    if match:
        return _take_around(state, silent, "s", "s", "~~", match, 1)
    return _character_as_text(state, silent)


def escape_rule(state, silent):
    """A backslash escapes only marked's characters; before anything else it is text."""
    if state.src[state.pos] != "\\":
        return False
    following = state.src[state.pos + 1] if state.pos + 1 < state.posMax else ""
    if following in _ESCAPABLE and following:
        if not silent:
            token = state.push("text_special", "", 0)
            token.content = following
            token.markup = f"\\{following}"
            token.info = "escape"
        state.pos += 2
        return True
    return _character_as_text(state, silent)


_LONGEST_TICKS = 16  # a longer run of backticks opens no code span: it is text


def code_span_rule(state, silent):
    """`` `code` `` as marked matched it: an opening run that finds no close of its length gives up backticks.

    So ``` ``<`div>` ``` (the converter's `<` inside a code span) is a code
    span holding `` `< `` followed by text; spaces at its ends are trimmed.
    """
    if state.src[state.pos] != "`":
        return False
    if state.src.startswith("`" * (_LONGEST_TICKS + 1), state.pos):
        return _character_as_text(state, silent)
    span = _may_close(state, "`", state.pos + 1) and marked_code_span(state.src, state.pos, state.posMax)
    if not span:
        return _character_as_text(state, silent)
    if not silent:
        token = state.push("code_inline", "code", 0)
        token.markup = "`" * span.ticks
        token.content = span.content.strip()
    state.pos = span.end
    return True


def url_rule(state, silent):
    """A bare http(s) address is a link, as GFM `marked` made it (hence `http:.noop[/]/` in the decks)."""
    if state.src[state.pos] != ":" or state.linkLevel > 0 or not state.src.startswith("://", state.pos):
        return False
    scheme = next((name for name in ("https", "http") if state.pending.endswith(name)), None)
    if scheme is None:
        return False
    match = _URL.match(state.src, state.pos - len(scheme), state.posMax)
    if not match:
        return False
    url = match.group()
    href = state.md.normalizeLink(url)
    if not state.md.validateLink(href):
        return False
    if not silent:
        state.pending = state.pending[: -len(scheme)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos = match.end()
    return True


def browser_tag_rule(state, silent):
    """A tag CommonMark rejects but marked passed on (`<br<br>`), as HTML for the browser to read."""
    if state.src[state.pos] != "<" or not state.md.options.get("html"):
        return False
    end = state.posMax
    if not _may_close(state, ">", state.pos + 2):
        return False
    if HTML_TAG_RE.match(state.src[state.pos : end]):
        return False  # markdown-it's own rule takes it
    match = _BROWSER_TAG.match(state.src, state.pos, end)
    if not match:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = match.group()
    state.pos = match.end()
    return True


def marked_sees_closed_fence(src, start, end):
    """Whether marked's fence regex matches `src[start:end]` from its start.

    The regex may open with fewer backticks than the line has (the rest then
    belong to the info string), so it matches when the full run is closed
    after an info string of `[ .]*\\S* *`, or, for a longer run, when three
    are closed after an info string of `\\S* *`: a shorter opening closes
    wherever a longer one would.
    """
    opening = _FENCE_OPENING.match(src, start, end)
    if not opening:
        return False
    line_end = src.find("\n", opening.end(), end)
    if line_end < 0:
        return False
    run = opening.group(1)
    info = src[opening.end() : line_end]
    if _FENCE_INFO.fullmatch(info) and _closes(src, run, line_end + 1, end):
        return True
    shortest = run[:3]
    return (
        len(run) > 3
        and _FENCE_INFO_AFTER_SHORTER_RUN.fullmatch(info) is not None
        and _closes(src, shortest, line_end + 1, end)
    )


def _closes(src, run, start, end):
    return re.compile(re.escape(run) + r" *(?:\n|\Z)").search(src, start, end) is not None


def fence_rule(fence):
    """markdown-it's fence rule, for a fence that marked saw closed only."""

    def rule(state, start_line, end_line, silent):
        start = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[start : start + 3] not in ("```", "~~~"):
            return False
        if not marked_sees_closed_fence(state.src, state.bMarks[start_line], state.eMarks[end_line - 1]):
            return False
        return fence(state, start_line, end_line, silent)

    return rule


# marked's HTML block: a comment, an element closed by the same name, or a
# lone opening tag, each only when a blank line or the end of the text
# follows; never one of the inline tags below. Only `<pre>`, `<script>` and
# `<style>` elements were kept raw; other blocks had their inline Markdown
# rendered. A line starting with such a tag ends a paragraph, HTML block or not.
_INLINE_TAGS = (
    "a|em|strong|small|s|cite|q|dfn|abbr|data|time|code|var|samp|kbd|sub|sup|i|b|u|mark|ruby|rt|rp|bdi|bdo|span"
    "|br|wbr|ins|del|img"
)
_BLOCK_TAG = rf"(?!(?:{_INLINE_TAGS})\b)\w+(?!:/|[^\w\s@]*@)\b"
_HTML_BLOCK = re.compile(
    rf""" *(?:<!--[\s\S]*?--> *(?:\n|\s*\Z)"""
    rf"""|<({_BLOCK_TAG})[\s\S]+?</\1> *(?:\n{{2,}}|\s*\Z)"""
    rf"""|<{_BLOCK_TAG}(?:"[^"]*"|'[^']*'|[^'">])*?> *(?:\n{{2,}}|\s*\Z))""",
    re.ASCII,
)
_STARTS_WITH_BLOCK_TAG = re.compile(rf" *<({_BLOCK_TAG})", re.ASCII)


def starts_with_block_tag(line):
    """Whether a line opens with a tag that may begin one of marked's HTML blocks."""
    return _STARTS_WITH_BLOCK_TAG.match(line) is not None


_LONE_TAG_BLOCK = re.compile(rf""" *<{_BLOCK_TAG}(?:"[^"]*"|'[^']*'|[^'">])*?> *(?:\n{{2,}}|\s*\Z)""", re.ASCII)
RAW_HTML_ELEMENTS = ("pre", "script", "style")


# marked's code span, `(`+)\s*([\s\S]*?[^`])\s*\1(?!`)`: the opening run may give
# up backticks to find its close. As a regex that costs the cube of a run's
# length; marked_code_span reads it in one pass over the runs after it.
_BACKTICK_RUN = re.compile(r"`+")
_BLANKS = re.compile(r"\s*")


class CodeSpan(NamedTuple):
    start: int
    end: int
    ticks: int
    content: str


def marked_code_span(src, start, end):
    """The code span marked's regex matches at `start` in `src[:end]`, or None.

    The closing run must be exactly as long as the opening (backticks on
    neither side of it). The regex tries the whole opening run first, then
    one backtick fewer each time. After the whole run, `\\s*` first takes
    all the blanks, so a close right after them (an empty code) is taken only
    when no later one is found.
    """
    opening = _BACKTICK_RUN.match(src, start, end)
    if not opening:
        return None
    longest = opening.end() - start
    blanks_end = _BLANKS.match(src, opening.end(), end).end()
    first_closing = {}
    right_after_blanks = None
    for closing in _BACKTICK_RUN.finditer(src, opening.end(), end):
        ticks = closing.end() - closing.start()
        if ticks == longest and closing.start() == blanks_end:
            right_after_blanks = closing
            continue
        if ticks <= longest:
            first_closing.setdefault(ticks, closing)
            if ticks == longest:
                break
    if longest not in first_closing and right_after_blanks and blanks_end > opening.end():
        first_closing[longest] = right_after_blanks
    for ticks in range(longest, 0, -1):
        if ticks in first_closing:
            closing = first_closing[ticks]
            return CodeSpan(start, closing.end(), ticks, src[start + ticks : closing.start()])
    return None


def _code_spans(src, begin, end):
    """Every code span marked finds in `src[begin:end]`, left to right."""
    position = begin
    while (opening := _BACKTICK_RUN.search(src, position, end)) is not None:
        span = marked_code_span(src, opening.start(), end)
        # No span from a run means none from any later backtick of it either.
        position = span.end if span else opening.end()
        if span:
            yield span


def _inside_code_span(state, line):
    """Whether `line` starts inside a code span that began earlier in the paragraph it would continue."""
    first = getattr(state, "paragraph_start", None)
    if first is None or first >= line:
        return False
    begin = state.bMarks[first] + state.tShift[first]
    last = line
    while last + 1 < state.lineMax and not state.isEmpty(last + 1):
        last += 1
    position = state.bMarks[line]
    return any(span.start < position < span.end for span in _code_spans(state.src, begin, state.eMarks[last]))


# marked trimmed a heading's and a paragraph's text of ASCII spaces only;
# markdown-it trims as JavaScript's trim() does, no-break spaces too, so a
# spacer such as `#### &nbsp;` or a paragraph of `&nbsp;` came out empty and
# took no room on the slide, where the audience saw a line's height.
_MARKED_SPACES = " \t\n\r\f\v"


def _inline_token(state, opened_at):
    return next(token for token in state.tokens[opened_at:] if token.type == "inline")


def paragraph_rule(paragraph):
    """markdown-it's paragraph, remembering where it began (for _inside_code_span), trimmed as marked did."""

    def rule(state, start_line, end_line, silent):
        outer, state.paragraph_start = getattr(state, "paragraph_start", None), start_line
        opened_at = len(state.tokens)
        try:
            found = paragraph(state, start_line, end_line, silent)
        finally:
            state.paragraph_start = outer
        if found and not silent:
            token = _inline_token(state, opened_at)
            token.content = state.getLines(start_line, state.line, state.blkIndent, False).strip(_MARKED_SPACES)
        return found

    return rule


def heading_rule(heading):
    """markdown-it's ATX heading, its text trimmed as marked did."""

    def rule(state, start_line, end_line, silent):
        opened_at = len(state.tokens)
        if not heading(state, start_line, end_line, silent):
            return False
        if silent:
            return True
        start = state.bMarks[start_line] + state.tShift[start_line]
        text = state.src[start : state.eMarks[start_line]].lstrip("#").rstrip(" \t")
        closing = text.rstrip("#")
        if closing != text and (not closing or closing[-1] in " \t"):
            text = closing
        _inline_token(state, opened_at).content = text.strip(_MARKED_SPACES)
        return True

    return rule


def html_block_rule(state, start_line, end_line, silent):
    """An HTML block where marked made one; its token's info is "raw" for `<pre>`, `<script>`, `<style>`."""
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.md.options.get("html"):
        return False
    start = state.bMarks[start_line]
    if silent:  # may this line end a paragraph?
        if _inside_code_span(state, start_line):
            return False  # marked's code span ran on over the line: the tag is code
        return bool(_STARTS_WITH_BLOCK_TAG.match(state.src, start + state.tShift[start_line], state.eMarks[start_line]))
    opening = _STARTS_WITH_BLOCK_TAG.match(state.src, start, state.eMarks[start_line])
    if opening and state.src.find(f"</{opening.group(1)}>", opening.end(), state.eMarks[end_line - 1]) < 0:
        # Without its end tag only the lone-tag form can match; trying the
        # closed form would scan the rest of the text, line after line.
        match = _LONE_TAG_BLOCK.match(state.src, start, state.eMarks[end_line - 1])
    else:
        match = _HTML_BLOCK.match(state.src, start, state.eMarks[end_line - 1])
    if not match:
        return False
    last = match.end() - 1
    next_line = start_line
    while next_line < end_line and state.bMarks[next_line] <= last:
        next_line += 1
    token = state.push("html_block", "", 0)
    token.map = [start_line, next_line]
    token.content = state.getLines(start_line, next_line, state.blkIndent, True)
    closed_element = match.group(1) if match.re is _HTML_BLOCK else None
    token.info = "raw" if (closed_element or "").lower() in RAW_HTML_ELEMENTS else ""
    state.line = next_line
    return True


def blockquote_rule(blockquote):
    """markdown-it's blockquote where remark and marked made one.

    The page gave marked its text with `>` escaped, and remark turned back
    only the first `>` of a line (after spaces) into a quote marker: a `>`
    after a list marker or another `>` stayed text (`>>> import this` is one
    quote showing `>> import this`). marked also needed text after the `>`.
    """

    def rule(state, start_line, end_line, silent):
        start = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[start : state.eMarks[start_line]].strip() == ">":
            return False
        line_start = state.src.rfind("\n", 0, start) + 1
        if state.src[line_start:start].strip(" "):
            return False
        return blockquote(state, start_line, end_line, silent)

    return rule


def list_rule(list_):
    """markdown-it's list, except that outside a list it does not interrupt a paragraph or a quote.

    marked's paragraph went on over `- ` and `1. ` lines, and its quote over
    every line up to a blank one, so `Points` then `- one` shows as typed.
    Inside a list item a marker still starts the next item or a nested list.
    """

    def rule(state, start_line, end_line, silent):
        if silent and state.parentType in ("paragraph", "blockquote") and state.listIndent < 0:
            return False
        if silent:
            return list_(state, start_line, end_line, silent)
        raised = _absorbed_lines(state, start_line, end_line)
        try:
            return list_(state, start_line, end_line, silent)
        finally:
            for line, count in raised.items():
                state.sCount[line] = count

    return rule


_BULLET = re.compile(r"([*+-]|\d{1,9}\.)( +|$)")
_HR_LINE = re.compile(r"(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$")


def _absorbed_lines(state, start_line, end_line):
    """Make the lines marked took into a list item look indented to it; returns the counts to put back.

    marked's list item went on over every following line up to a blank one
    (and past it over indented lines), whatever the line was: a `<pre>` or a
    heading right under `* item` is inside the item, indented with it. For
    markdown-it such a line ends the list, unless it is indented to the
    item's text.
    """
    raised, item_indent, after_blank = {}, None, False
    list_indent = state.sCount[start_line]
    for line in range(start_line, end_line):
        if state.isEmpty(line):
            after_blank = True
            continue
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        bullet = _BULLET.match(text)
        if line > start_line and _HR_LINE.match(text):
            break
        if after_blank and state.sCount[line] <= list_indent and not bullet:
            break
        after_blank = False
        if bullet and (item_indent is None or state.sCount[line] < item_indent):
            spaces = len(bullet.group(2))
            item_indent = state.sCount[line] + len(bullet.group(1)) + (spaces if 1 <= spaces <= 4 else 1)
        elif item_indent is not None and state.sCount[line] < item_indent:
            raised[line] = state.sCount[line]
            state.sCount[line] = item_indent
    return raised


# marked's two GFM tables, tried at the start of a block: with pipes at the
# ends of the header and delimiter rows, or with none needed ("nptable").
_PIPE_TABLE = re.compile(r" *\|(.+)\n *\|( *[-:]+[-| :]*)\n((?: *\|.*(?:\n|$))*)")
_NO_PIPE_TABLE = re.compile(r" *(\S.*\|.*)\n *([-:]+ *\|[-| :]*)\n((?:.*\|.*(?:\n|$))*)")
_CELL_SPLIT = re.compile(r" *\| *")
_ALIGNMENTS = ((re.compile(r"^ *-+: *$"), "right"), (re.compile(r"^ *:-+: *$"), "center"), (re.compile(r"^ *:-+ *$"), "left"))


def _alignment(cell):
    return next((name for pattern, name in _ALIGNMENTS if pattern.match(cell)), None)


def table_rule(state, start_line, end_line, silent):
    """A GFM table where marked made one, cut into cells the way marked cut them.

    Only at the start of a block, never inside a list item, and never
    interrupting a paragraph (marked's paragraph went on over table rows).
    Cells are split at every `|` (a pipe in code too), and a row keeps as many
    cells as it has: none are added or dropped to fit the header.
    """
    if silent or state.listIndent >= 0 or state.sCount[start_line] - state.blkIndent >= 4 or start_line + 1 >= end_line:
        return False
    lines = []
    for line in range(start_line, end_line):  # every row of a table, its delimiter row too, holds a `|`
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if "|" not in text:
            break
        lines.append(text)
    if len(lines) < 2:
        return False
    text = "\n".join(lines)
    pipes = _PIPE_TABLE.match(text)
    match = pipes or _NO_PIPE_TABLE.match(text)
    if not match:
        return False
    header = re.sub(r"^ *| *\| *$", "", match.group(1))
    align = [_alignment(cell) for cell in _CELL_SPLIT.split(re.sub(r"^ *|\| *$", "", match.group(2)))]
    body = re.sub(r"(?: *\| *)?\n$", "", match.group(3)) if pipes else re.sub(r"\n$", "", match.group(3))
    rows = [re.sub(r"^ *\| *| *\| *$", "", row) if pipes else row for row in body.split("\n")] if body else []
    line_count = match.group(0).rstrip("\n").count("\n") + 1
    table = state.push("table_open", "table", 1)
    table.map = [start_line, start_line + line_count]
    _table_row(state, "thead", "th", _CELL_SPLIT.split(header), align, start_line)
    if rows:
        state.push("tbody_open", "tbody", 1)
        for offset, row in enumerate(rows):
            _table_row(state, None, "td", _CELL_SPLIT.split(row), align, start_line + 2 + offset)
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.line = start_line + line_count
    return True


def _table_row(state, section, tag, cells, align, line):
    if section:
        state.push(f"{section}_open", section, 1)
    state.push("tr_open", "tr", 1).map = [line, line + 1]
    for index, cell in enumerate(cells):
        opening = state.push(f"{tag}_open", tag, 1)
        if index < len(align) and align[index]:
            opening.attrs["align"] = align[index]
        inline = state.push("inline", "", 0)
        inline.content = cell
        inline.map = [line, line + 1]
        inline.children = []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)
    if section:
        state.push(f"{section}_close", section, -1)


def marked_plugin(md):
    from markdown_it.rules_block.blockquote import blockquote
    from markdown_it.rules_block.fence import fence
    from markdown_it.rules_block.heading import heading
    from markdown_it.rules_block.list import list_block
    from markdown_it.rules_block.paragraph import paragraph

    md.block.ruler.at("fence", fence_rule(fence), {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.at("blockquote", blockquote_rule(blockquote), {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.at("list", list_rule(list_block), {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("table", table_rule, {"alt": []})
    md.block.ruler.at("paragraph", paragraph_rule(paragraph))
    md.block.ruler.at("heading", heading_rule(heading), {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.at("escape", escape_rule)
    md.inline.ruler.at("backticks", code_span_rule)
    md.inline.ruler.at("emphasis", emphasis_rule)
    md.inline.ruler.at("strikethrough", strikethrough_rule)
    md.inline.ruler.before("html_inline", "browser_tag", browser_tag_rule)
    md.inline.ruler.at("linkify", url_rule)
    md.inline.ruler.enable("linkify")
    md.inline.ruler2.disable(["emphasis", "strikethrough"])
