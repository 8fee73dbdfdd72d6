"""Line commands of the shorthand, rewritten into remark.js Markdown.

This is the converter of FORMAT.md §1–§6: one line at a time, with one piece
of state (inside or outside a ``` fence). Its output is what remark.js was
given, so exporting a deck to remark is running this over the whole text, and
rendering a slide starts from the same output.

One deliberate difference from the original converter (FORMAT.md §4.2): a
language key is a command only when it is the whole first word, so
`contenttypes` in notes stays `contenttypes`.
"""

import re
from dataclasses import dataclass, field, replace

DEFAULT_PROMPT_HOST = "myrtle"

LANGUAGE_KEYS = {
    "py": "python",
    "js": "javascript",
    "sh": "bash",
    "java": "java",
    "hs": "haskell",
    "php": "php",
    "rb": "ruby",
    "pl": "perl",
    "pas": "delphi",
    "go": "go",
    "ps": "powershell",
    "iex": "elixir",
    "xml": "xml",
    "cpp": "cpp",
    "css": "css",
    "sc": "scala",
    "sql": "sql",
    "co": "",
}

# What each `$$command` line becomes, `text` being the rest of the line.
TERMINAL_COMMANDS = {
    "terminal": '<div class="shell-wrap"><p class="shell-top-bar">{text}</p><p class="shell-body">',
    "prompt": "<ps>{prompt_host}</ps> <dr>{text} $</dr>",
    "w": "{text}<w>&nbsp;</w>",
    "py": "`>>>` {text}<br>",
    "pyw": "`>>>` {text}<w>&nbsp;</w>",
    "pd": "... {text}<br>",
    "pdw": "... {text}<w>&nbsp;</w><br>",
    "end": "</p></p></div>",
    "#": ".righthead[{text}]",
}

TITLE = re.compile(r"^(#{1,4})=(?:\s|$)")
_EMOJI_ROW_WIDTH = 800


@dataclass(frozen=True)
class Fix:
    """A one-click correction of a problem: lines `first` to `last` (as Problem.line counts), now `was`, become `lines`."""

    label: str  # what the button says: "Write ## (a plain heading)"
    first: int
    last: int
    was: tuple
    lines: tuple

    def moved(self, lines):
        return replace(self, first=self.first + lines, last=self.last + lines)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one line of shorthand; `line` counts from 1.

    A warning is a slip the decks' old toolchain showed anyway: the deck is
    still imported and shown, and `now` says what the slide shows instead.
    `fix`, when there is one, corrects it in one click.
    """

    line: int
    message: str
    warning: bool = field(default=False, compare=False)
    now: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def __str__(self):
        return f"line {self.line}: {self.message}" + (f"; {self.now}" if self.now else "")

    def moved(self, lines):
        """The same problem `lines` further down."""
        return replace(self, line=self.line + lines, fix=self.fix.moved(lines) if self.fix else None)


UNKNOWN_COMMAND_NOW = "the line shows as text, as it did in remark"


def normalize(line):
    """Whitespace runs collapse to one space, ends are trimmed (FORMAT.md §1)."""
    return " ".join(line.split())


def is_fence(normalized_line):
    return normalized_line.startswith("```")


def first_word(normalized_line):
    word, _, rest = normalized_line.partition(" ")
    return word, rest


def step_break_after(normalized_line):
    """True for a line that ends a build step: `--`, or a `KEY-` code line."""
    if normalized_line == "--":
        return True
    word, _ = first_word(normalized_line)
    return word.endswith("-") and word[:-1] in LANGUAGE_KEYS


def _image(name):
    return f"![Image](images/{name})"


def _emoji(argument):
    items = [item.strip() for item in argument.split("|") if item.strip()]
    names = [item if "." in item else f"{item}.svg" for item in items]
    if len(names) <= 1:
        return ["class: middle, center", _image(names[0] if names else ".svg")]
    height = _EMOJI_ROW_WIDTH // len(names)
    images = "".join(f'<img height="{height}px" class="emoji" src="images/{name}">' for name in names)
    return [
        "class: title",
        f'<div style="width: 100%; margin: 0 auto;" class="title"><p align="center">{images}</p></div>',
    ]


def convert_line(normalized, prompt_host=DEFAULT_PROMPT_HOST):
    """Output lines for one normalised line outside a fence, and a problem or None."""
    line = normalized.replace("&lt;", "`<`")
    if line in ("---", "--"):
        return [line], None
    if line.startswith("Note:"):
        text = line[len("Note:") :].strip()
        return (["???", "", text] if text else ["???"]), None
    title = TITLE.match(line)
    if title:
        hashes = title.group(1)
        text = line[title.end() :].strip()
        return ["class: title", f"{hashes} {text}" if text else hashes], None
    if line == "~~~":
        return ["class: background-black"], None

    word, rest = first_word(line)
    if word == "@":
        return [_image(rest)], None
    if word == "@=":
        return ["class: middle, center, image", _image(rest)], None
    if word == "@^":
        return ["class: top, image", _image(rest)], None
    if word == "@^^":
        return ["class: image-main", _image(rest)], None
    if word == "~@":
        return [f'background-image: url("images/{rest}")'], None
    if word == "!":
        return _emoji(rest), None
    if word == "vv":
        return [f".footnotes[{rest}]"], None
    if word in LANGUAGE_KEYS or (word.endswith("-") and word[:-1] in LANGUAGE_KEYS):
        key = word.rstrip("-")
        block = f'<pre><code class="{LANGUAGE_KEYS[key]}">{rest}</code></pre>'
        return ([block, "--"] if word.endswith("-") else [block]), None
    if word.startswith("$$"):
        command = word[2:]
        if command in TERMINAL_COMMANDS:
            return [TERMINAL_COMMANDS[command].format(text=rest, prompt_host=prompt_host)], None
        known = ", ".join(f"$${name}" for name in TERMINAL_COMMANDS)
        return [line], Problem(0, f"unknown command `{word}` (known: {known})", warning=True, now=UNKNOWN_COMMAND_NOW)
    return [line], None


@dataclass
class ConvertedLine:
    text: str
    source_line: int  # 1-based line of the shorthand it came from
    in_fence: bool  # a fence delimiter or a line inside a fence


def convert_lines(lines, prompt_host=DEFAULT_PROMPT_HOST, first_line=1):
    """Convert shorthand lines; returns (converted lines, problems).

    A fence still open at the end is reported at its opening line.
    """
    output = []
    problems = []
    fence_opened_at = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        normalized = normalize(raw)
        if fence_opened_at is not None or is_fence(normalized):
            if is_fence(normalized):
                fence_opened_at = number if fence_opened_at is None else None
            output.append(ConvertedLine(raw, number, True))
            continue
        converted, problem = convert_line(normalized, prompt_host)
        if problem:
            problems.append(problem.moved(number))
        output.extend(ConvertedLine(text, number, False) for text in converted)
    if fence_opened_at is not None:
        problems.append(Problem(fence_opened_at, "this ``` fence is never closed"))
    return output, problems


def to_remark(text, prompt_host=DEFAULT_PROMPT_HOST):
    """The whole deck as remark.js Markdown, as the original converter wrote it."""
    converted, _ = convert_lines(text.split("\n"), prompt_host)
    return "\n".join(line.text for line in converted).rstrip()
