"""Parsed build steps -> sanitized HTML for the projector and the notes."""

import html
from dataclasses import dataclass, field

from .code_steps import mark_code_lines
from .markdown import markdown, to_html
from .marked import decode_references, starts_with_block_tag
from .parse import too_big
from .remark_code import colour_code
from .sanitize import ImageURLs, clean_html, missing_image


@dataclass
class RenderedStep:
    classes: list
    html: str  # exactly what the projector shows at this step
    notes_html: str
    background_url: str | None = None
    missing_images: list = field(default_factory=list)  # deck images it shows but lacks
    first_line: int = 1  # see ParsedStep.first_line


def render_step(step, image_urls=None, markdown_html=None, notes_markdown_html=None):
    """A ParsedStep -> RenderedStep; `image_urls` maps deck image names to URLs.

    `markdown_html` and `notes_markdown_html` are the step's Markdown as HTML
    when render_steps has it already.
    """
    if not isinstance(image_urls, ImageURLs):
        image_urls = ImageURLs(image_urls or {})
    missing = []
    background_url = image_urls.get(step.background) if step.background else None
    if step.background and not background_url:
        missing.append(step.background)
    content_html = _html(step.markdown, image_urls, missing, markdown_html)
    notes_html = (
        _html(step.notes_markdown, image_urls, missing, notes_markdown_html) if step.notes_markdown.strip() else ""
    )
    return RenderedStep(
        classes=list(step.classes),
        html=_background_html(step.background, background_url, image_urls.alts.get(step.background)) + content_html,
        notes_html=notes_html,
        background_url=background_url,
        missing_images=sorted(set(missing)),
        first_line=step.first_line,
    )


def _html(text, image_urls, missing, unsanitized=None):
    # Build steps repeat earlier content, so a rendered step may be larger
    # than its slide's text; the allowance leaves room for that.
    if too_big(text, allowance=2):
        return '<p class="render-error">This slide is too big to show; split it up.</p>'
    cleaned = clean_html(to_html(text) if unsanitized is None else unsanitized, image_urls, missing)
    return mark_code_lines(colour_code(cleaned))


def render_steps(steps, image_urls=None):
    """Every build step of a ParsedSlide, as render_step gives each, with Markdown work linear in the steps.

    Each step's Markdown is the previous step's plus its own lines, so
    rendering every step afresh costs the square of the number of steps
    (3,000 `--` steps took minutes). Instead the last step is parsed once, and
    a step's HTML is that of the top-level blocks that end before its last
    line, each rendered once, plus the rest rendered on its own. A paragraph
    or list that goes on over many steps is still rendered once per step;
    SLIDE_MAX_STEPS bounds that.
    """
    if not isinstance(image_urls, ImageURLs):
        image_urls = ImageURLs(image_urls or {})
    contents = _prefix_html([decode_references(step.markdown) for step in steps])
    notes = _prefix_html([decode_references(step.notes_markdown) for step in steps])
    return [render_step(step, image_urls, content, note) for step, content, note in zip(steps, contents, notes)]


def _prefix_html(texts):
    """Unsanitized HTML of each of `texts`, where each is a prefix of the next (None: render it alone).

    The texts have their character references decoded already, as to_html does.
    """
    shown = [text for text in texts if not too_big(text, allowance=2)]
    if len(shown) < 3 or any(not later.startswith(earlier) for earlier, later in zip(shown, shown[1:])):
        return [None] * len(texts)
    if any(shown[-1][len(text) : len(text) + 1] not in ("", "\n") for text in shown):
        # A step that goes on on the same line as the one before it (as
        # remark joined them) changes the blocks that line belongs to.
        return [None] * len(texts)
    if any(starts_with_block_tag(line) for line in shown[-1].split("\n")):
        # marked's HTML block ends at a blank line or the end of the text, so
        # an element closed on a later line may swallow the lines between
        # it and a step's end, as it does not in the last step.
        return [None] * len(texts)
    env = {}
    tokens = markdown.parse(shown[-1], env)
    if env.get("references"):
        # A link reference defined in a later step changes earlier ones.
        return [None] * len(texts)
    line_counts = [text.count("\n") + 1 for text in shown]
    if any(_straddles(token.map, line_counts) for token in _all_tokens(tokens) if token.type == "content_class_open"):
        # A `.name[` closed in a later step is a block there but text before
        # it, which changes how the blocks before it end: render each step.
        return [None] * len(texts)
    blocks = _top_level_blocks(tokens)
    block_html = [markdown.renderer.render(tokens[first:last], markdown.options, env) for _, _, first, last in blocks]
    results, done, done_html = [], 0, []
    for text in shown:
        lines = text.split("\n")
        line_count = len(lines)
        # A block that ends the text is rendered with the rest: at the end
        # of the text some blocks end without their last line break.
        while done < len(blocks) and blocks[done][1] < line_count and not _ended_by_table(tokens, blocks, done, line_count):
            done_html.append(block_html[done])
            done += 1
        finished_at = blocks[done - 1][1] if done else 0
        rest = "\n".join(lines[finished_at:line_count])
        if not rest.strip():
            rest_html = ""
        else:
            rest_html = _growing_list_html(tokens, blocks, done, lines, line_count, env)
            if rest_html is None:
                rest_html = markdown.render(rest)
        results.append("".join(done_html) + rest_html)
    return results + [None] * (len(texts) - len(shown))


_SIMPLE_ITEM = ["list_item_open", "paragraph_open", "inline", "paragraph_close", "list_item_close"]


def _growing_list_html(tokens, blocks, done, lines, line_count, env):
    """HTML of a tight list that goes on into later steps, cut after its items within `line_count` lines.

    The usual build: one `* point` more per step. Rendering the whole list
    again for every step would cost the square of the steps; its items are
    rendered from the last step's parse instead. None when the rest of the
    step is anything else (it is then rendered on its own).
    """
    if done >= len(blocks):
        return None
    _, _, first, end = blocks[done]
    opening = tokens[first]
    if opening.type not in ("bullet_list_open", "ordered_list_open"):
        return None
    kept, index, last_line = [], first + 1, None
    while index < end - 1:
        item = tokens[index : index + len(_SIMPLE_ITEM)]
        if [token.type for token in item] != _SIMPLE_ITEM or not item[1].hidden:
            return None  # loose, nested, or more than one paragraph: render it whole
        if item[0].map[1] > line_count:
            break
        kept.extend(item)
        last_line = item[0].map[1]
        index += len(_SIMPLE_ITEM)
    if not kept or any(line.strip() for line in lines[last_line:line_count]):
        return None
    return markdown.renderer.render([opening, *kept, tokens[end - 1]], markdown.options, env)


def _ended_by_table(tokens, blocks, index, line_count):
    """Whether block `index` ends where a table starts whose delimiter row is not in the text yet.

    A table is the one block that interrupts the one before it on the
    strength of two lines; without the second, the block before goes on.
    """
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and tokens[following[2]].type == "table_open" and following[0] + 1 >= line_count


def _all_tokens(tokens):
    for token in tokens:
        yield token
        yield from token.children or ()


def _straddles(lines, line_counts):
    return bool(lines) and any(lines[0] < count < lines[1] for count in line_counts)


def _top_level_blocks(tokens):
    """[(first line, end line, first token, end token)] of the top-level blocks of a token stream."""
    blocks, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        end = index + 1
        if token.nesting == 1:
            while not (tokens[end].level == token.level and tokens[end].nesting == -1):
                end += 1
            end += 1
        if token.map:
            blocks.append((token.map[0], token.map[1], index, end))
        index = end
    return blocks


def _background_html(name, url, description=None):
    """The slide's background picture; a described one is an image to screen readers, others decoration."""
    if not name:
        return ""
    if not url:
        return missing_image(name, "missing-background")
    style = html.escape(f'background-image: url("{url}")')
    described = f' role="img" aria-label="{html.escape(description)}"' if description else ""
    return f'<div class="slide-background" style="{style}"{described}></div>'
