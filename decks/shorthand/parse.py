"""Shorthand text -> slides -> build steps, the way remark.js saw them.

Each slide's text goes through the converter (convert.py); its output is cut
into build steps at `--`, and each step into properties (`class:`,
`background-image:` … at its top), content and notes (after `???`), as
FORMAT.md §7.2 describes for the remark build the decks were shown with:

* a step shows the previous step's content plus its own, joined without a
  line break (remark's `--` took the line breaks around it);
* it inherits the previous step's properties, and `class` is merged;
* its notes are the previous step's notes, a blank line, and its own.
"""

import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import unquote

from .convert import DEFAULT_PROMPT_HOST, ConvertedLine, Fix, Problem, convert_lines, is_fence, normalize
from .markdown import CONTENT_CLASS, closing_bracket
from .slides import join_slide, slide_first_lines, split_slides
from .stray import stray_settings

_PROPERTY = re.compile(r"^([-\w]+):(.*)$", re.ASCII)
_BACKTICKS = re.compile(r"`+")
_IMAGE_REFERENCES = (
    re.compile(r"""!\[[^\]\n]{0,300}\]\((?:\./)?images/([^)\s]{1,300})(?:\s+"[^"\n]{0,300}")?\)"""),
    re.compile(
        r"""\bsrc\s*=\s*(?:"(?:\./)?images/([^"\n]{1,300})"|'(?:\./)?images/([^'\n]{1,300})'|(?:\./)?images/([^\s>"']{1,300}))""",
        re.I,
    ),
)
_BACKGROUND_URL = re.compile(r"""^url\(\s*["']?(.*?)["']?\s*\)$""")
_NOT_INHERITED = {"name", "layout"}


@dataclass
class RenderLimits:
    """What a slide may hold and still be rendered.

    Markdown and HTML parsers slow down badly (quadratically) on some text,
    such as thousands of `[` or deeply nested tags. No real slide comes near
    these limits (the largest of the shared decks has 3,400 characters); a
    slide past them is reported as a problem and shown as a notice instead
    of rendered. `slide_characters` is the app's SLIDE_MAX_CHARACTERS, the
    limit every write checks (decks.apps keeps it in step with the setting),
    so a slide a deck was allowed to store is shown; None (the library on
    its own) checks only the tags.
    """

    slide_characters: int | None = None
    html_tags: int = 5_000


LIMITS = RenderLimits()


def too_big(text, allowance=1):
    """True when `text` is past LIMITS (`allowance` times them: a step may repeat the steps before it)."""
    if text.count("<") > LIMITS.html_tags * allowance:
        return True
    return LIMITS.slide_characters is not None and len(text) > LIMITS.slide_characters * allowance


def _too_big_message():
    characters = f"{LIMITS.slide_characters:,} characters or " if LIMITS.slide_characters is not None else ""
    return f"the slide is too big to show (over {characters}{LIMITS.html_tags:,} HTML tags); split it up"


@dataclass
class ParsedStep:
    number: int  # 1-based within its slide
    classes: list
    properties: dict
    markdown: str  # what the audience sees, as Markdown (previous steps included)
    notes_markdown: str
    background: str | None = None  # image name of `~@` (or the raw value if it names no image)
    first_line: int = 1  # the line of the slide's text (source, then notes) where this step's own text starts
    ends_with_fence: bool = False  # the next step's text then starts on a new line
    runs_on: bool = False  # its first line of text continues the previous step's last line

    @cached_property
    def image_names(self):
        """Deck images the step shows: its background, then in the order its content and notes name them."""
        names = [self.background] if self.background else []
        for text in (self.markdown, self.notes_markdown):
            found = sorted(
                (match.start(), unquote(next(group for group in match.groups() if group)))
                for pattern in _IMAGE_REFERENCES
                for match in pattern.finditer(text)
            )
            names.extend(name for _, name in found)
        return names


@dataclass
class ParsedSlide:
    number: int
    source: str
    notes: str
    first_line: int  # where the slide starts in the deck's text
    steps: list
    problems: list = field(default_factory=list)

    @property
    def image_names(self):
        return sorted({name for step in self.steps for name in step.image_names})


@dataclass
class ParsedDeck:
    slides: list
    problems: list  # line numbers count in the whole deck's text

    @property
    def image_names(self):
        return sorted({name for slide in self.slides for name in slide.image_names})

    @property
    def step_count(self):
        return sum(len(slide.steps) for slide in self.slides)


def parse(text, prompt_host=DEFAULT_PROMPT_HOST):
    """The deck's whole text -> ParsedDeck."""
    return parse_slides(split_slides(text), prompt_host)


def parse_slides(pairs, prompt_host=DEFAULT_PROMPT_HOST):
    """A deck's (source, notes) pairs, as stored one per slide -> ParsedDeck."""
    slides = []
    problems = []
    for number, ((source, notes), first_line) in enumerate(zip(pairs, slide_first_lines(pairs)), start=1):
        alone = _parsed_alone(source, notes, prompt_host)
        slide = replace(alone, number=number, first_line=first_line, steps=[*alone.steps], problems=[*alone.problems])
        slides.append(slide)
        problems.extend(problem.moved(first_line - 1) for problem in slide.problems)
    return ParsedDeck(slides=slides, problems=problems)


# Between two saves of a deck, all its slides but one are as they were: each
# is parsed once and kept, as on its own (its number and place are set
# apart). Only slides that show little are kept, so the cache stays small.
_PARSED_ALONE = OrderedDict()
_PARSED_ALONE_LOCK = threading.Lock()
PARSE_CACHE_SLIDES = 2048
_PARSE_CACHE_SHOWN = 8_000


def _parsed_alone(source, notes, prompt_host):
    key = (source, notes, prompt_host, LIMITS.slide_characters, LIMITS.html_tags)
    with _PARSED_ALONE_LOCK:
        parsed = _PARSED_ALONE.get(key)
        if parsed is not None:
            _PARSED_ALONE.move_to_end(key)
            return parsed
    parsed = parse_slide(source, notes, prompt_host)
    if sum(len(step.markdown) + len(step.notes_markdown) for step in parsed.steps) <= _PARSE_CACHE_SHOWN:
        with _PARSED_ALONE_LOCK:
            _PARSED_ALONE[key] = parsed
            while len(_PARSED_ALONE) > PARSE_CACHE_SLIDES:
                _PARSED_ALONE.popitem(last=False)
    return parsed


def parse_slide(source, notes="", prompt_host=DEFAULT_PROMPT_HOST, number=1, first_line=1):
    """One slide from its source and notes; problems count lines from 1 in the slide's text."""
    lines = join_slide(source, notes).split("\n")
    converted, problems = convert_lines(lines, prompt_host)
    problems = sorted([*problems, *unclosed_content_classes(lines)], key=lambda problem: problem.line)
    if too_big(source + notes):
        problems.insert(0, Problem(1, _too_big_message()))
    steps = []
    for step_first_line, own_lines in _step_lines(converted):
        steps.append(_next_step(steps[-1] if steps else None, own_lines, step_first_line))
        problems.extend(stray_settings(lines, len(steps), _split_properties(own_lines)[1]))
    run_on = [_runs_on_problem(lines, step.first_line) for step in steps if step.runs_on]
    problems = sorted([*problems, *run_on], key=lambda problem: problem.line)
    return ParsedSlide(
        number=number, source=source, notes=notes, first_line=first_line, steps=steps, problems=problems
    )


def step_count(source, notes="", prompt_host=DEFAULT_PROMPT_HOST):
    """How many build steps a slide has, without building them (a limit check on thousands of `--`)."""
    converted, _ = convert_lines(join_slide(source, notes).split("\n"), prompt_host)
    return len(_step_lines(converted))


def _step_lines(converted):
    """[(first line of the step's own text, its converted lines)], cut at `--`."""
    # No `--` inside a `.name[…]` that spans lines cuts a step (FORMAT.md §7.2).
    spans = _content_classes_over_lines([line.text for line in converted])
    bracketed = {index for span in spans for index in range(span.opening_line + 1, span.closing_line)}
    steps = [(1, [])]
    for index, line in enumerate(converted):
        if not line.in_fence and line.text == "--" and index not in bracketed:
            # A `KEY-` code line emits its `--` under its own line number.
            steps.append((line.source_line + 1, []))
        else:
            steps[-1][1].append(line)
    return steps


@dataclass(frozen=True)
class _SpanningClass:
    """A `.name[…]` whose `]` is on a later line; lines count from 0."""

    opening_line: int
    closing_line: int
    is_block: bool  # begins its line and its `]` ends one: markdown.content_class_block


def _content_classes_over_lines(texts):
    text = "\n".join(texts)
    if "[" not in text:
        return []
    line_starts, offset = [], 0
    for line in texts:
        line_starts.append(offset)
        offset += len(line) + 1
    spans = []
    for match in CONTENT_CLASS.finditer(text):
        close = closing_bracket(text, match.end())
        opening_line = bisect_right(line_starts, match.start()) - 1
        closing_line = bisect_right(line_starts, close) - 1
        if close < 0 or closing_line == opening_line:
            continue
        line_end = line_starts[closing_line] + len(texts[closing_line])
        begins_its_line = not text[line_starts[opening_line] : match.start()].strip(" ")
        is_block = begins_its_line and not text[close + 1 : line_end].strip()
        spans.append(_SpanningClass(opening_line, closing_line, is_block))
    return spans


def _split_properties(lines):
    """(properties, the lines after them) as remark read them.

    remark took each property line away with the blank lines before it, but
    left the line break after the last one; without properties, the lines
    are all kept. (It matters once steps are joined: a blank line after `--`
    still starts a new paragraph.)
    """
    properties = {}
    index, after_last_property = 0, None
    while index < len(lines):
        line = lines[index]
        if line.in_fence:
            break
        if line.text:
            match = _PROPERTY.match(line.text)
            if not match:
                break
            properties[match.group(1)] = match.group(2).strip()
            after_last_property = index + 1
        index += 1
    if after_last_property is None:
        return properties, lines
    line_break = ConvertedLine("", lines[after_last_property - 1].source_line, False)
    return properties, [line_break, *lines[after_last_property:]]


def _split_notes(lines):
    """(content, notes, whether the content ends with a ``` fence)."""
    content, notes = [], None
    for line in lines:
        if not line.in_fence and line.text == "???":
            notes = []  # a second `???` starts the notes over
        elif notes is None:
            content.append(line)
        else:
            notes.append(line.text)
    ends_with_fence = bool(content) and content[-1].in_fence
    return "\n".join(line.text for line in content), "\n".join(notes or []), ends_with_fence


def _classes(value):
    return [name for name in re.split(r"[\s,]+", value or "") if name]


def _next_step(previous, own_lines, first_line=1):
    own_properties, rest = _split_properties(own_lines)
    content, notes, ends_with_fence = _split_notes(rest)
    runs_on = False
    if previous is None:
        properties, classes = own_properties, _classes(own_properties.get("class"))
    else:
        inherited = {key: value for key, value in previous.properties.items() if key not in _NOT_INHERITED}
        properties = {**inherited, **own_properties}
        classes = list(dict.fromkeys([*previous.classes, *_classes(own_properties.get("class"))]))
        # remark's `--` took the line breaks on both sides with it, so a step's
        # text runs straight on from the previous step's: `me` then `, May`
        # reads `me, May`. A fence kept the line break after it.
        joint = "\n" if previous.ends_with_fence else ""
        ends_with_fence = ends_with_fence or (not content and previous.ends_with_fence)
        runs_on = _runs_on(previous.markdown + joint, content)
        content = f"{previous.markdown}{joint}{content}"
        notes = "\n\n".join(part for part in (previous.notes_markdown, notes) if part)
    return ParsedStep(
        number=previous.number + 1 if previous else 1,
        classes=list(dict.fromkeys(classes)),
        properties=properties,
        markdown=content,
        notes_markdown=notes,
        background=_background_name(properties.get("background-image")),
        first_line=first_line,
        ends_with_fence=ends_with_fence,
        runs_on=runs_on,
    )


RUNS_ON = "the text after `--` runs on from the line before it"
RUNS_ON_NOW = "both show as one line, as they did in remark; leave a blank line after `--` to start a new one"


def _runs_on_problem(lines, number):
    written = lines[number - 1]
    fix = Fix("Start it on a new line (a blank line after --)", number, number, (written,), ("", written))
    return Problem(number, RUNS_ON, warning=True, now=RUNS_ON_NOW, fix=fix)


def _runs_on(before, after):
    """True when joining two steps' text puts words of both on one line.

    Tags on either side (a `<pre>` block after a `KEY-` line) join harmlessly.
    """
    last_line = before.rsplit("\n", 1)[-1].strip()
    first_line = after.split("\n", 1)[0].strip()
    return bool(last_line and first_line) and not last_line.endswith(">") and not first_line.startswith("<")


def _background_name(value):
    if not value:
        return None
    match = _BACKGROUND_URL.match(value)
    url = match.group(1) if match else value
    return url[len("images/") :] if url.startswith("images/") else value


UNCLOSED_CLASS_NOW = "the bracket shows as text, as it did in remark"


def unclosed_content_classes(lines):
    """Problems for `.name[` that no `]` closes within its paragraph (one per line).

    A `.name[` that begins a line and is closed at the end of a later one is
    the block form (markdown.content_class_block), which may hold several
    paragraphs.
    """
    problems = []
    spans = _content_classes_over_lines([normalize(line) for line in lines])
    block_openings = {span.opening_line + 1 for span in spans if span.is_block}
    for paragraph in _paragraphs(lines):
        text = "\n".join(_blank_code_spans(line) for _, line in paragraph)
        if "[" not in text:
            continue
        line_starts, offset = [], 0
        for number, line in paragraph:
            line_starts.append((offset, number))
            offset += len(line) + 1
        reported = set()
        for match in CONTENT_CLASS.finditer(text):
            if closing_bracket(text, match.end()) >= 0:
                continue
            line_start, number = next(
                (start, number) for start, number in reversed(line_starts) if start <= match.start()
            )
            if number in block_openings and not text[line_start : match.start()].strip():
                continue
            if number not in reported:
                reported.add(number)
                problems.append(
                    Problem(number, f"`{match.group(0)}` is never closed with `]`", warning=True, now=UNCLOSED_CLASS_NOW)
                )
    return problems


def _paragraphs(lines):
    """Runs of (line number, normalised line) that Markdown reads as one block, outside fences."""
    paragraph, in_fence = [], False
    for index, line in enumerate(lines):
        normalized = normalize(line)
        if is_fence(normalized):
            in_fence = not in_fence
        ends_paragraph = in_fence or is_fence(normalized) or not normalized or normalized in ("--", "---")
        if ends_paragraph or normalized.startswith("Note:"):
            if paragraph:
                yield paragraph
            paragraph = [] if ends_paragraph else [(index + 1, normalized)]
        else:
            paragraph.append((index + 1, normalized))
    if paragraph:
        yield paragraph


def _blank_code_spans(text):
    """`text` with inline code spans replaced by spaces (a `[` in code opens nothing)."""
    if "`" not in text:
        return text
    runs = [match.span() for match in _BACKTICKS.finditer(text)]
    next_same_length, last_seen = [None] * len(runs), {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same_length[index] = last_seen.get(length)
        last_seen[length] = index
    parts, position, index = [], 0, 0
    while index < len(runs):
        closing = next_same_length[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        parts += [text[position:start], " " * (end - start)]
        position, index = end, closing + 1
    return "".join(parts) + text[position:]
