"""The shorthand guide: every construct, as written and as the audience sees it.

Each example is rendered when the page is shown, by the same parser, renderer
and theme as a real deck, so the guide cannot drift from what the app does.
The examples' pictures are the guide's own (static/guide/).
"""

from dataclasses import dataclass, field

from django.templatetags.static import static

from .shorthand import DEFAULT_PROMPT_HOST, parse, render_step
from .shorthand.convert import LANGUAGE_KEYS

GUIDE_IMAGES = ("backdrop.svg", "chart.svg", "footer.svg", "heart.svg", "screenshot.svg", "star.svg", "wave.svg")


@dataclass(frozen=True)
class Example:
    slug: str  # the anchor on the page
    section: str  # where FORMAT.md describes it
    title: str
    explanation: str
    text: str  # shorthand, as a speaker would write it


@dataclass
class RenderedExample:
    example: Example
    steps: list  # [(slide number, step number, RenderedStep)]
    problems: list = field(default_factory=list)  # text of anything the renderer complained about


SECTIONS = [
    ("structure", "Slides, build steps and notes"),
    ("headings-images", "Headings and images"),
    ("code", "Code and terminals"),
    ("commands", "Other line commands"),
    ("text", "Text, classes and HTML"),
]

EXAMPLES = [
    Example(
        "new-slide", "structure", "A new slide: ---",
        "A line of three dashes ends one slide and starts the next.",
        "# Why tests matter\n---\n# How we test",
    ),
    Example(
        "build-step", "structure", "A build step: --",
        "Two dashes keep the slide but reveal what follows as the next step, one press at a time. Leave a "
        "blank line after the dashes: as in the decks' original tool, the text after -- otherwise runs on "
        "from the line before it.",
        "## Three reasons\n* it is quicker\n--\n\n* it is safer\n--\n\n* it is kinder",
    ),
    Example(
        "notes", "structure", "Speaker notes: Note:",
        "Everything from Note: to the end of the slide is for the speaker: the presenter view shows it, "
        "the audience never does.",
        "## Questions?\nNote: Wait five seconds before moving on.\nAsk the room if anyone tried it.",
    ),
    Example(
        "title-heading", "headings-images", "Title slide: #= and ##=",
        "A heading with = after the hashes becomes a title slide: centred both ways. The = works on the "
        "slide's first line only: a subtitle under it is a plain ## heading.",
        "#= Shipping on Fridays\n## a cautionary tale\n---\n##= Part two: the rollback",
    ),
    Example(
        "inline-image", "headings-images", "Inline image: @",
        "Shows a picture from the deck's images where the line is.",
        "## Thanks for coming\n@ footer.svg",
    ),
    Example(
        "full-image", "headings-images", "Full image slide: @=",
        "The picture alone, centred and as large as fits.",
        "@= chart.svg",
    ),
    Example(
        "top-image", "headings-images", "Image pinned to the top: @^",
        "For screenshots: the picture starts at the top of the slide.",
        "@^ screenshot.svg",
    ),
    Example(
        "main-image", "headings-images", "Main image: @^^",
        "The picture as the slide's main image.",
        "@^^ chart.svg",
    ),
    Example(
        "background", "headings-images", "Background: ~@",
        "The picture fills the slide behind whatever else is on it.",
        "~@ backdrop.svg\n#= Out in the hills",
    ),
    Example(
        "emoji", "headings-images", "One emoji picture: !",
        "A name without a dot gets .svg added: ! wave shows images/wave.svg, centred.",
        "! wave",
    ),
    Example(
        "emoji-row", "headings-images", "A row of pictures: ! A | B | C",
        "Several names separated by | make one centred row, sized to share the width.",
        "! star | heart | wave",
    ),
    Example(
        "one-line-code", "code", "One line of code: py, js, sh…",
        "A language key, a space and the code. Keys: "
        + ", ".join(f"{key} ({language or 'no language'})" for key, language in LANGUAGE_KEYS.items())
        + ".",
        "py total = sum(prices)\nsql SELECT name FROM talks;",
    ),
    Example(
        "code-then-step", "code", "Code, then a build step: py-",
        "A dash after the key shows the line, then reveals the next line as a new step: handy for a question "
        "and its answer.",
        "js- > [1, 2] + [3]\nco \"1,23\"",
    ),
    Example(
        "terminal", "code", "A terminal window: $$terminal, $$prompt, $$w",
        "$$terminal opens a window with a title and $$prompt writes a prompt. A command already run and its "
        "output are lines ending with <br>; $$w ends the window with what is being typed and the cursor after it.",
        "$$terminal bash\n$$prompt ~/shop\nls<br>\nREADME.md&nbsp; shop.py<br>\n$$prompt ~/shop\n$$w",
    ),
    Example(
        "python-repl", "code", "A Python prompt: $$py, $$pyw, $$pd, $$pdw",
        "$$py is a >>> line, $$pd a ... continuation line; the w forms end with the cursor.",
        "$$terminal python3\n$$py for word in ['hi', 'there']:\n$$pd &nbsp; &nbsp; print(word)\n$$pd\n"
        "hi<br>\nthere<br>\n$$pyw",
    ),
    Example(
        "terminal-end", "code", "Closing a terminal: $$end",
        "Without $$end, everything after the terminal lines lands inside the window; with it, the text "
        "below sits under the window.",
        "$$terminal bash\n$$prompt ~\n$$w whoami\n$$end\n.footnotes[Typed live on stage]",
    ),
    Example(
        "fenced-code", "code", "A block of code: ```",
        "Between ``` lines, text is kept exactly as written, indentation and all.",
        "```python\ndef greet(name):\n    return f\"Hello, {name}!\"\n```",
    ),
    Example(
        "html-code", "code", "Hand-coloured code: <pre><code>",
        "Written HTML passes through, so code can be coloured by hand with the decks' made-up tags.",
        "<pre><code><r>def</r> <l>area</l>(width, height):\n&nbsp; <r>return</r> width * height</code></pre>",
    ),
    Example(
        "footnote", "commands", "A footnote: vv",
        "Small grey text in the bottom corner, usually a link to the source.",
        "## A claim worth checking\nvv [the study](https://example.com/study)",
    ),
    Example(
        "corner-heading", "commands", "A corner label: $$#",
        "A grey label in the top-right corner, such as the language of the code on the slide.",
        "$$# Python\npy print('hello')",
    ),
    Example(
        "class-line", "commands", "Slide classes: class:",
        "A class: line at the top of a slide or step styles the whole slide: center, middle, bottom, left, "
        "right, title, table…",
        "class: center, middle\n## Right in the middle",
    ),
    Example(
        "background-black", "commands", "A dark slide: ~~~",
        "A line of exactly three tildes gives the slide a grey background and a serif font.",
        "~~~\n## Meanwhile, in production",
    ),
    Example(
        "content-class", "text", "Styled text: .name[…]",
        "A dot, a class name and square brackets style the text inside: .rf[ is red, .thick[ semi-bold, "
        ".so[ struck through.",
        "It was .rf[not] a .thick[small] .so[bug] feature.",
    ),
    Example(
        "chained-nested", "text", "Several classes, and classes inside classes",
        "Names chain (.a.b[) and nest; brackets are counted, so balanced ones inside are fine.",
        ".grey.smol[quietly] and .red[loudly .b[bold]]",
    ),
    Example(
        "block-class", "text", "A class around several lines",
        "When the brackets span lines, the class holds whole paragraphs, lists and headings.",
        ".quote[\nShip small changes.\n\nShip them often.\n]",
    ),
    Example(
        "raw-html", "text", "HTML and entities",
        "HTML passes through (<br> for a line break); entities such as &num; or &nbsp; write a character "
        "that would otherwise mean something.",
        "## Line one<br>line two\n&num; not a heading, and two&nbsp;&nbsp;spaces",
    ),
    Example(
        "less-than", "text", "A literal <: &lt;",
        "&lt; shows a < that is not the start of a tag.",
        "The list was &lt;empty>",
    ),
    Example(
        "noop", "text", "Breaking a word or link: .noop[…]",
        ".noop[ has no style: it stops a line being read as a code key, or an address as a link.",
        ".noop[p]ython runs http:.noop[/]/localhost:8000/",
    ),
    Example(
        "markdown", "text", "Markdown: emphasis, lists, headings, code, tables",
        "Ordinary Markdown works as well; put class: table above a table.",
        "### Plan\n* *write* the **talk**\n* run `rehearse`\n---\nclass: table\n| Day | Talk |\n|---|---|\n"
        "| Mon | Testing |\n| Tue | Shipping |",
    ),
]  # fmt: skip


def image_urls():
    return {name: static(f"guide/{name}") for name in GUIDE_IMAGES}


def render_example(example, urls=None):
    urls = image_urls() if urls is None else urls
    parsed = parse(example.text, DEFAULT_PROMPT_HOST)
    problems = [str(problem) for problem in parsed.problems]
    steps = []
    for slide in parsed.slides:
        for step in slide.steps:
            rendered = render_step(step, urls)
            problems.extend(f"missing image {name}" for name in rendered.missing_images)
            steps.append((slide.number, step.number, rendered))
    return RenderedExample(example, steps, problems)


def guide_sections():
    """[(section slug, title, [RenderedExample])] in the order of the page."""
    urls = image_urls()
    return [
        (slug, title, [render_example(example, urls) for example in EXAMPLES if example.section == slug])
        for slug, title in SECTIONS
    ]
