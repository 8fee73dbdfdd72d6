"""Code that steps: a fenced block that names the lines to highlight at each step, and versions of it.

A fence's opening line may end with the lines to highlight, step by step,
in braces (`|` between steps, lines counted from 1):

    ```python {1|3-4|all}        three build steps: line 1 highlighted
    def total(prices):            (the others dimmed), then lines 3 and 4,
        ...                       then every line as it is

Inside such a block, a line `--` (the shorthand's build step) starts the
next version of the code, optionally with its own steps (`-- {2}`); a bare
`--` shows the new version whole. Between two versions, the lines that did
not change stay and the changed ones fade in.

Each highlight is a build step of the slide, where the block stands:
lines around the block show on all of them, and later `--` steps of the
slide show the block's last step. A step's block is written for the
renderer as an ordinary fence whose one-word info string says what to mark,
`python{3-4+2}` (lines 3-4 highlighted, line 2 new since the version
before); code_steps_plugin renders it as a `python` block whose `<pre>`
carries that state, and once the highlighting (remark_code.py) has coloured
it, mark_code_lines draws it line by line with each line marked.
"""

import difflib
import re
from dataclasses import dataclass

from .convert import ConvertedLine, Problem, normalize

_STEPPED = re.compile(r"^(\s*`{3,})\s*([^\s`{]*)\s*\{([^{}]*)\}\s*$")
_VERSION = re.compile(r"^--(?:\s+\{([^{}]*)\})?\s*$")
_RANGE = re.compile(r"^(\d{1,4})(?:-(\d{1,4}))?$")
ALL = "all"
# Far more steps than any block is walked through in a talk.
MAX_STEPS = 50


@dataclass(frozen=True)
class CodeState:
    """One step of a stepped block: which version, which lines are highlighted (None: none dimmed)."""

    version: int
    highlight: frozenset | None
    changed: frozenset  # lines (from 1) of this version not in the version before


@dataclass
class SteppedFence:
    opening: int  # index of its opening line among the step's lines
    closing: int
    fence: str  # the backticks (and any indentation) it opens with
    language: str
    versions: list  # [[ConvertedLine]] the code lines of each version
    starts: list  # the line of the slide's text where each version starts (its `--`, or the opening)
    states: list  # [CodeState] in the order they are shown


def read_groups(spec):
    """`1|3-4|all` -> [frozenset({1}), frozenset({3, 4}), None]; ValueError naming what is wrong."""
    groups = []
    for part in spec.split("|"):
        part = part.strip()
        if part.lower() in (ALL, "*", ""):
            groups.append(None)
            continue
        lines = set()
        for item in part.split(","):
            match = _RANGE.match(item.strip())
            if not match:
                raise ValueError(f"`{item.strip()}` is not a line number or a range such as 3-5")
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            if not 1 <= first <= last:
                raise ValueError(f"`{item.strip()}` is not a range of lines from 1 on")
            lines.update(range(first, min(last, first + 10_000) + 1))
        groups.append(frozenset(lines))
    return groups


def stepped_fences(lines):
    """([SteppedFence], problems) for the fences among converted step lines that step."""
    fences, problems, index = [], [], 0
    while index < len(lines):
        line = lines[index]
        match = _STEPPED.match(line.text) if line.in_fence else None
        if not match:
            index += 1
            continue
        closing = next((later for later in range(index + 1, len(lines)) if _closes(lines[later])), None)
        if closing is None:
            break  # the converter reports the unclosed fence
        fence = _read(lines, index, closing, match, problems)
        if fence is not None:
            fences.append(fence)
        index = closing + 1
    return fences, problems


def _closes(line):
    return line.in_fence and normalize(line.text).startswith("```")


def _read(lines, opening, closing, match, problems):
    number = lines[opening].source_line
    try:
        groups = [read_groups(match.group(3))]
    except ValueError as error:
        problems.append(Problem(number, f"{error}; {STEPS_FORM}", warning=True, now=NOT_STEPPED_NOW))
        return None
    versions, starts = [[]], [number]
    for line in lines[opening + 1 : closing]:
        version = _VERSION.match(line.text)
        if version is None:
            versions[-1].append(line)
            continue
        starts.append(line.source_line)
        try:
            groups.append(read_groups(version.group(1) or ALL))
        except ValueError as error:
            problems.append(Problem(line.source_line, f"{error}; {STEPS_FORM}", warning=True, now=NOT_STEPPED_NOW))
            return None
        versions.append([])
    states = []
    for number_of_version, (version, version_groups) in enumerate(zip(versions, groups)):
        changed = _changed(versions[number_of_version - 1], version) if number_of_version else frozenset()
        for number_of_group, group in enumerate(version_groups):
            # Lines fade in when their version first shows, not at each step of it.
            changed = changed if not number_of_group else frozenset()
            if group is not None and max(group) > len(version):
                problems.append(
                    Problem(
                        lines[opening].source_line,
                        f"the block has {len(version)} lines; it cannot highlight line {max(group)}",
                        warning=True,
                        now="the lines past its end are left out",
                    )
                )
                group = frozenset(line for line in group if line <= len(version)) or None
            states.append(CodeState(number_of_version, group, changed))
    if len(states) > MAX_STEPS:
        problems.append(
            Problem(number, f"the block has {len(states)} steps, more than {MAX_STEPS}", warning=True, now=f"it shows the first {MAX_STEPS}")
        )
        states = states[:MAX_STEPS]
    return SteppedFence(opening, closing, match.group(1), match.group(2), versions, starts, states)


STEPS_FORM = "write the steps as {1|3-5|all}"
NOT_STEPPED_NOW = "the block shows whole, in one step"


def _changed(before, after):
    """Lines (from 1) of `after` that are not among the lines `before` keeps, in order."""
    matcher = difflib.SequenceMatcher(a=[line.text for line in before], b=[line.text for line in after], autojunk=False)
    kept = {j + offset for _, j, size in matcher.get_matching_blocks() for offset in range(size)}
    return frozenset(number + 1 for number in range(len(after)) if number not in kept)


def info_string(language, state):
    """The info string a step's block is rendered with: `python{3-4+2}` (one word, as marked's fences want).

    Braces with nothing in them still say the block steps, so that it is
    drawn line by line like its other steps.
    """
    marks = _ranges(state.highlight) if state.highlight is not None else ""
    if state.changed:
        marks += "+" + _ranges(state.changed)
    return f"{language}{{{marks}}}"


def _ranges(numbers):
    numbers, parts, start = sorted(numbers), [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ",".join(parts)


def read_info(info):
    """(language, highlighted lines or None, changed lines) from a rendered block's info string."""
    match = re.match(r"^\s*([^\s{]*)\s*(?:\{([^{}]*)\})?", info or "")
    language, marks = match.group(1), (match.group(2) or "").replace(" ", "")
    highlighted, _, changed = marks.partition("+")
    try:
        [highlight] = read_groups(highlighted) if highlighted else [None]
        [changed] = read_groups(changed) if changed else [frozenset()]
    except ValueError:
        return language, None, frozenset()
    return language, highlight, changed or frozenset()


def step_variants(own_lines, first_line):
    """[(first line, lines)] of one `--` step's own lines, one per state of its stepped blocks; and problems.

    A step without stepped blocks is itself alone. With several, each steps
    in turn: the ones before it at their last state, the ones after at their
    first.
    """
    fences, problems = stepped_fences(own_lines)
    if not fences:
        return [(first_line, own_lines)], problems
    variants = []
    for index, fence in enumerate(fences):
        for number, state in enumerate(fence.states):
            states = [_last(other) if before < index else _first(other) for before, other in enumerate(fences)]
            states[index] = state
            starts = first_line if not variants else fence.starts[state.version]
            variants.append((starts, _with_states(own_lines, fences, states)))
    return variants, problems


def _first(fence):
    return fence.states[0]


def _last(fence):
    return fence.states[-1]


def _with_states(lines, fences, states):
    result, position = [], 0
    for fence, state in zip(fences, states):
        result.extend(lines[position : fence.opening])
        opening = lines[fence.opening]
        result.append(ConvertedLine(f"{fence.fence}{info_string(fence.language, state)}", opening.source_line, True))
        result.extend(fence.versions[state.version])
        result.append(lines[fence.closing])
        position = fence.closing + 1
    result.extend(lines[position:])
    return result


_CHANGED_MARK = re.compile(r"^(\s*`{3,}[^\s`{]*)\{([^{}+]*)\+[^{}]*\}$", re.MULTILINE)


def settled(markdown):
    """A step's Markdown as later steps show it: its blocks' new lines no longer fade in."""
    if "+" not in markdown:
        return markdown
    return _CHANGED_MARK.sub(lambda match: f"{match.group(1)}{{{match.group(2)}}}", markdown)


_RENDERED_FENCE = re.compile(r"^(\s*`{3,})([^`\n]*)$")


def write_out_stepped_code(converted):
    """remark Markdown lines for converted deck lines, each slide with code that steps written out step by step.

    remark cannot replace a block from one step to the next, so such a slide
    becomes one remark slide per step, whole, with its properties and notes;
    a step's highlighted lines start with `*`, remark's own mark for them
    (shown with `highlightLines: true`). Other slides stay as they are.
    """
    if not any(line.in_fence and _STEPPED.match(line.text) for line in converted):
        return [line.text for line in converted]
    from .parse import _next_step, _step_lines

    output, chunk = [], []
    for line in [*converted, None]:
        if line is None or (not line.in_fence and line.text == "---"):
            if any(item.in_fence and _STEPPED.match(item.text) for item in chunk):
                steps, before = [], None
                for first_line, own_lines in _step_lines(chunk):
                    for _, variant_lines in step_variants(own_lines, first_line)[0]:
                        steps.append(_next_step(before, variant_lines))
                    before = steps[-1]
                output.extend("\n---\n".join(_remark_step(step) for step in steps).split("\n"))
            else:
                output.extend(item.text for item in chunk)
            if line is not None:
                output.append(line.text)
            chunk = []
        else:
            chunk.append(line)
    return output


def _remark_step(step):
    properties = [f"{key}: {value}" for key, value in step.properties.items() if key != "class"]
    if step.classes:
        properties.insert(0, f"class: {', '.join(step.classes)}")
    lines, highlight, number = [], None, None
    for line in step.markdown.split("\n"):
        fence = _RENDERED_FENCE.match(line)
        if number is None and fence and "{" in fence.group(2):
            language, highlight, _ = read_info(fence.group(2))
            lines.append(f"{fence.group(1)}{language}")
            number = 0
        elif number is not None and fence and not fence.group(2).strip():
            lines.append(line)
            number = None
        elif number is not None:
            number += 1
            lines.append(f"*{line}" if highlight and number in highlight else line)
        else:
            lines.append(line)
    notes = ["???", step.notes_markdown] if step.notes_markdown else []
    return "\n".join([*properties, *lines, *notes])


STEPPED_BLOCK_CLASS = "code-steps"
HIGHLIGHTED_LINE_CLASS = "remark-code-line-highlighted"  # remark's own name: decks' stylesheets style it
DIMMED_LINE_CLASS = "code-line-dimmed"
CHANGED_LINE_CLASS = "code-line-changed"
_STATE_CLASS = re.compile(r"^cs-(hl|new)-([\d_-]+)$")


def code_steps_plugin(md):
    """Renders a step's block (info `python{3-4+2}`) as a plain `python` fence whose `<pre>` carries its state.

    The state rides on the `<pre>`'s classes through the sanitizer and the
    highlighting; mark_code_lines then cuts the block into lines and marks them.
    """
    default = md.renderer.rules["fence"]

    def fence(renderer, tokens, index, options, env):
        token = tokens[index]
        if "{" not in token.info:
            return default(tokens, index, options, env)
        language, highlight, changed = read_info(token.info)
        token.info = language
        rendered = default(tokens, index, options, env)
        classes = [STEPPED_BLOCK_CLASS]
        if highlight is not None:
            classes.append(f"cs-hl-{_ranges(highlight).replace(',', '_')}")
        if changed:
            classes.append(f"cs-new-{_ranges(changed).replace(',', '_')}")
        return rendered.replace("<pre>", f'<pre class="{" ".join(classes)}">', 1)

    md.add_render_rule("fence", fence)


_STEPPED_BLOCK = re.compile(r'<pre class="code-steps([^"]*)">(<code\b[^>]*>)(.*?)</code></pre>', re.DOTALL)
_INNER_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*>")


def mark_code_lines(fragment):
    """Cleaned, coloured HTML with each stepped block cut into lines, each marked for its step.

    A line is `<div class="remark-code-line">` as remark wrote code later:
    highlighted lines get remark's class for them, the others are dimmed,
    and the lines new since the version before are marked to fade in. It
    writes only the element's own tags again and divs with those classes,
    so its output needs no second cleaning.
    """
    if STEPPED_BLOCK_CLASS not in fragment:
        return fragment
    return _STEPPED_BLOCK.sub(_marked_block, fragment)


def _marked_block(match):
    highlight, changed = None, frozenset()
    for name in match.group(1).split():
        state = _STATE_CLASS.match(name)
        if state:
            [lines] = read_groups(state.group(2).replace("_", ","))
            highlight, changed = (lines, changed) if state.group(1) == "hl" else (highlight, lines)
    rows = []
    for number, line in enumerate(_lines(match.group(3)), start=1):
        classes = ["remark-code-line"]
        if highlight is not None:
            classes.append(HIGHLIGHTED_LINE_CLASS if number in highlight else DIMMED_LINE_CLASS)
        if number in changed:
            classes.append(CHANGED_LINE_CLASS)
        rows.append(f'<div class="{" ".join(classes)}">{line or " "}</div>')
    return f'<pre class="{STEPPED_BLOCK_CLASS}">{match.group(2)}{"".join(rows)}</code></pre>'


def _lines(inner):
    """The code's HTML cut at its line breaks, each piece with the elements open across it closed and opened again."""
    lines, current, opened, position = [], [], [], 0
    for found in [*_INNER_TAG.finditer(inner), None]:
        text = inner[position : found.start() if found else len(inner)]
        pieces = text.split("\n")
        for piece in pieces[:-1]:
            current.append(piece)
            lines.append("".join(current) + "".join(f"</{name}>" for name, _ in reversed(opened)))
            current = [tag for _, tag in opened]
        current.append(pieces[-1])
        if found is None:
            break
        position = found.end()
        current.append(found.group(0))
        if found.group(1):
            if opened:
                opened.pop()
        elif not found.group(0).endswith("/>") and found.group(2).lower() != "br":
            opened.append((found.group(2), found.group(0)))
    last = "".join(current)
    if last:
        lines.append(last)
    return lines
