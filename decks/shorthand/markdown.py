"""Markdown to HTML the way the decks' remark.js showed it, on markdown-it-py.

Additions to CommonMark (plus GFM tables and strikethrough, which remark's
`marked` had):

* `.name[…]` content classes (FORMAT.md §6.1) as an inline rule: the closing
  `]` is found by counting brackets, names chain (`.a.b[`) and nest, and the
  inside is Markdown again. A `<span>`, or a `<div>` when the inside spans
  lines. One that begins a line and is closed at the end of a later line is
  also a block rule, so that it may hold headings, lists and paragraphs.
* HTML blocks only where `marked` made them (marked.html_block_rule), with
  their inline Markdown rendered: the terminal lines (`` `>>>` import
  django<br> `` after a `<div class=…>`) show code, emphasis and content
  classes. `<pre>`, `<script>` and `<style>` elements stay raw, but for
  content classes, which remark turned into spans everywhere outside fences.

Everything else where old `marked` and the browser differed from CommonMark
is in marked.py.
"""

import functools
import re

from markdown_it import MarkdownIt

from .code_steps import code_steps_plugin
from .marked import decode_references, html_block_rule, marked_plugin

CONTENT_CLASS = re.compile(r"((?:\.[A-Za-z_-][\w-]*)+)\[")
_BRACKET = re.compile(r"[\[\]]")


@functools.lru_cache(maxsize=64)
def bracket_pairs(text):
    """{index of `[`: index of the `]` that closes it} for every closed `[` in `text`.

    One pass, so that text full of `[` costs linear time, not quadratic.
    """
    pairs, opened = {}, []
    for match in _BRACKET.finditer(text):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            pairs[opened.pop()] = match.start()
    return pairs


def closing_bracket(text, start, end=None):
    """Index of the `]` that closes the `[` just before `start` (and before `end`), or -1."""
    close = bracket_pairs(text).get(start - 1, -1)
    return close if end is None or close < end else -1


# In Markdown a one-line `.name[…]` is a span, as remark made it: `.code[…]`
# on a line of its own stays in its paragraph, with the paragraph's margins
# around it. In raw HTML (a `<pre>` of hand-coloured code) the decks'
# `.code[…]` stood apart from the words around it, as a block: so the
# audience's text reads there.
BLOCK_CONTENT_CLASSES_IN_RAW_HTML = frozenset({"code"})


def _content_class_tag(inside, classes, raw_html=False):
    block = raw_html and BLOCK_CONTENT_CLASSES_IN_RAW_HTML.intersection(classes)
    return "div" if "\n" in inside or block else "span"


def content_class_rule(state, silent):
    if state.src[state.pos] != ".":
        return False
    match = CONTENT_CLASS.match(state.src, state.pos, state.posMax)
    close = closing_bracket(state.src, match.end(), state.posMax) if match else -1
    if close < 0:
        # A plain full stop: taking it as text here spares trying every
        # other inline rule on it (prose is full of them).
        if not silent:
            state.pending += "."
        state.pos += 1
        return True
    if not silent:
        inside = state.src[match.end() : close]
        classes = match.group(1)[1:].split(".")
        tag = _content_class_tag(inside, classes)
        token = state.push("content_class_open", tag, 1)
        token.attrSet("class", " ".join(classes))
        pos, pos_max = state.pos, state.posMax
        state.pos, state.posMax = match.end(), close
        state.md.inline.tokenize(state)
        state.pos, state.posMax = pos, pos_max
        state.push("content_class_close", tag, -1)
    state.pos = close + 1
    return True


def _line_of(state, index, first, last):
    return next(line for line in range(first, last) if index <= state.eMarks[line])


def content_class_block(state, start_line, end_line, silent):
    """A `.name[` that begins a line and whose `]` ends a later one: a `<div>` of Markdown blocks.

    This is remark's `.left-column[` layout, with headings, lists and
    paragraphs inside. When the inside is a single paragraph, its `<p>` is
    dropped, as remark did, so it looks the same as the inline form.
    """
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    match = CONTENT_CLASS.match(state.src, start, state.eMarks[start_line])
    if not match:
        return False
    close = closing_bracket(state.src, match.end())
    if close < 0 or close <= state.eMarks[start_line] or close > state.eMarks[end_line - 1]:
        return False
    close_line = _line_of(state, close, start_line + 1, end_line)
    if state.src[close + 1 : state.eMarks[close_line]].strip():
        return False
    if silent:
        return True

    saved = (state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line], state.eMarks[close_line])
    old_parent, old_line_max = state.parentType, state.lineMax
    first_inner, end_inner = start_line + 1, close_line
    if state.src[match.end() : state.eMarks[start_line]].strip():
        indent = len(state.src[match.end() : state.eMarks[start_line]]) - len(
            state.src[match.end() : state.eMarks[start_line]].lstrip(" ")
        )
        state.bMarks[start_line], state.tShift[start_line] = match.end(), indent
        state.sCount[start_line] = state.blkIndent + indent
        first_inner = start_line
    if state.src[state.bMarks[close_line] : close].strip():
        state.eMarks[close_line] = close
        end_inner = close_line + 1

    token = state.push("content_class_open", "div", 1)
    token.attrSet("class", " ".join(match.group(1)[1:].split(".")))
    token.block = True
    token.map = [start_line, close_line + 1]
    opened_at = len(state.tokens)
    old_runs_on = getattr(state, "text_runs_on", None)
    if first_inner == start_line:
        state.text_runs_on = (first_inner, True)
    elif first_inner < end_inner and not state.isEmpty(first_inner):
        state.text_runs_on = (first_inner, False)
    state.parentType, state.lineMax = "content_class", end_inner
    state.md.block.tokenize(state, first_inner, end_inner)
    state.text_runs_on = old_runs_on
    inside = state.tokens[opened_at:]
    if [token.type for token in inside] == ["paragraph_open", "inline", "paragraph_close"]:
        inside[0].hidden = inside[2].hidden = True
    token = state.push("content_class_close", "div", -1)
    token.block = True

    state.parentType, state.lineMax = old_parent, old_line_max
    state.bMarks[start_line], state.tShift[start_line], state.sCount[start_line], state.eMarks[close_line] = saved
    state.line = close_line + 1
    return True


# remark wrote a `.name[` block's opening `<div>` into the Markdown as
# escaped text, so marked read the block's first line as going on from it:
# on the opener's own line only paragraph text could follow, and on the next
# one only what could interrupt marked's paragraph (not a list, a table, an
# HTML block or indented code).
_INTERRUPTS_TEXT = frozenset({"fence", "blockquote", "hr", "heading", "lheading", "reference", "content_class"})


def _guarded(name, rule):
    def guarded(state, start_line, end_line, silent):
        runs_on = getattr(state, "text_runs_on", None)
        if runs_on and start_line == runs_on[0] and (runs_on[1] or name not in _INTERRUPTS_TEXT):
            return False
        return rule(state, start_line, end_line, silent)

    return guarded


def text_runs_on_plugin(md):
    for rule in list(md.block.ruler.__rules__):
        if rule.name != "paragraph":
            md.block.ruler.at(rule.name, _guarded(rule.name, rule.fn), {"alt": rule.alt})


def content_classes_plugin(md):
    md.block.ruler.before("fence", "content_class", content_class_block, {"alt": ["paragraph", "blockquote", "list"]})
    md.inline.ruler.after("text", "content_class", content_class_rule)
    md.inline.add_terminator_char(".")


def content_classes_only(md, text, env):
    """`text` as it is, except that `.name[…]` becomes a span (remark did this everywhere)."""
    parts, position = [], 0
    for match in CONTENT_CLASS.finditer(text):
        if match.start() < position:
            continue
        close = closing_bracket(text, match.end())
        if close < 0:
            continue
        inside = text[match.end() : close]
        tag = _content_class_tag(inside, match.group(1)[1:].split("."), raw_html=True)
        classes = " ".join(match.group(1)[1:].split("."))
        parts += [text[position : match.start()], f'<{tag} class="{classes}">', md.renderInline(inside, env), f"</{tag}>"]
        position = close + 1
    return "".join(parts) + text[position:]


def inline_in_html_blocks_plugin(md):
    def html_block(renderer, tokens, index, options, env):
        content = tokens[index].content
        if tokens[index].info == "raw":
            return content_classes_only(md, content, env)
        return md.renderInline(content.rstrip("\n"), env) + "\n"

    md.add_render_rule("html_block", html_block)


def build_markdown():
    # marked wrote a fence's language as the code's class as it is (`python`, not `language-python`).
    md = MarkdownIt("commonmark", {"html": True, "langPrefix": ""})
    md.enable(["table", "strikethrough"])
    md.block.ruler.at("html_block", html_block_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    md.use(marked_plugin)
    md.use(content_classes_plugin)
    md.use(inline_in_html_blocks_plugin)
    md.use(text_runs_on_plugin)
    md.use(code_steps_plugin)
    return md


markdown = build_markdown()

RENDER_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=RENDER_CACHE_SIZE)
def to_html(text):
    """Unsanitized HTML of Markdown `text`.

    A pure function of the text, so it is cached: decks are shown far more
    often than they change, and markdown-it costs most of a render.
    """
    return markdown.render(decode_references(text))
