"""How close the app's code colours come to what the decks' highlight.js 7 showed.

    .venv/bin/python bench/highlight_fidelity.py --remark PATH/TO/remark.js

PATH/TO/remark.js is the remark build the decks were shown with (remark
0.6.0's remark.js: `git show v0.6.0:remark.js` in a clone of gnab/remark);
it bundles highlight.js 7 and remark's "default" highlight style, and is
read, not kept. Needs node (highlight.js runs in it) and the shared decks in
../shared (or --decks).

Every highlighted <code> of the shared paired decks' rendered steps, and the
snippets in tests/data/highlight/, is given to highlight.js 7 (with its own
choice of grammar: a language it did not know makes it guess) and to the
app. Each non-blank character is then compared on what the audience saw,
its colour and weight under remark's default style, and on the class of the
innermost span around it. Prints one line per language and the total.
"""

import argparse
import collections
import html
import json
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decks.shorthand import parse  # noqa: E402
from decks.shorthand.remark_code import _language  # noqa: E402
from decks.shorthand.highlight import highlight  # noqa: E402
from decks.shorthand.render import render_steps  # noqa: E402

PAIRED = ("2018_10_DjangoConUS", "2019_01_DocsDownUnder", "2019_02_PyCascades", "2019_10_PyGotham")
RUNNER = """
const hljs = require(process.argv[2]);
const rows = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = rows.map(({language, text}) => {
  const known = language && hljs.LANGUAGES[language];
  const result = known ? hljs.highlight(language, text, true) : hljs.highlightAuto(text);
  return {value: hljs.fixMarkup(result.value, '  '), language: known ? language : (result.language || null)};
});
process.stdout.write(JSON.stringify(out));
"""


def highlight_js(remark_source, rows):
    """What highlight.js 7, taken from the remark build, made of each (language, text)."""
    start = remark_source.index("var hljs = new")
    end = remark_source.index("module.exports = {\n  styles:", start)
    with tempfile.TemporaryDirectory() as folder:
        engine, runner = Path(folder, "hljs7.js"), Path(folder, "run.js")
        engine.write_text(remark_source[start:end] + "\nmodule.exports = hljs;\n", encoding="utf-8")
        runner.write_text(RUNNER, encoding="utf-8")
        result = subprocess.run(
            ["node", str(runner), str(engine)], input=json.dumps(rows), capture_output=True, text=True, check=True
        )
    return json.loads(result.stdout)


class Style:
    """remark's default highlight style, resolved for a chain of elements (descendant selectors of classes)."""

    def __init__(self, remark_source):
        start = remark_source.index('"default":".hljs-default') + len('"default":"')
        css = remark_source[start : remark_source.index('","', start)]
        self.rules = []
        for order, rule in enumerate(re.finditer(r"([^{}]+)\{([^}]*)\}", css)):
            properties = dict(part.split(":", 1) for part in rule.group(2).split(";") if ":" in part)
            for selector in rule.group(1).split(","):
                parts = selector.split()
                specificity = (sum(part.count(".") for part in parts), sum(not part.startswith(".") for part in parts))
                self.rules.append((parts, properties, specificity, order))
        self.cache = {}

    @staticmethod
    def _matches_one(part, element):
        tag, classes = element
        name, *wanted = part.split(".")
        return (not name or name == tag) and all(c in classes for c in wanted)

    def _matches(self, parts, chain):
        if not self._matches_one(parts[-1], chain[-1]):
            return False
        index = len(chain) - 2
        for part in reversed(parts[:-1]):
            while index >= 0 and not self._matches_one(part, chain[index]):
                index -= 1
            if index < 0:
                return False
            index -= 1
        return True

    def value(self, chain, name, default):
        for depth in range(len(chain), 0, -1):
            found = [
                (specificity, order, properties[name])
                for parts, properties, specificity, order in self.rules
                if name in properties and self._matches(parts, chain[:depth])
            ]
            if found:
                return max(found)[2]
        return default

    def looks(self, chain):
        if chain not in self.cache:
            self.cache[chain] = (self.value(chain, "color", "black"), self.value(chain, "font-weight", "normal"))
        return self.cache[chain]


class Characters(HTMLParser):
    """Each character of highlighted code with the chain of elements around it."""

    def __init__(self, code_classes):
        super().__init__(convert_charrefs=True)
        self.stack = [("div", frozenset({"hljs-default"})), ("pre", frozenset()), ("code", frozenset(code_classes))]
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, frozenset((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        self.found.extend((character, tuple(self.stack)) for character in data)


def characters(markup, code_classes):
    parser = Characters(code_classes)
    parser.feed(markup)
    parser.close()
    return parser.found


class Codes(HTMLParser):
    """(classes, text as highlight.js read it) of each <code> with a class in rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "code":
            self.open.append(([c for c in (dict(attrs).get("class") or "").split() if c != "remark-code"], []))
        elif tag == "br" and self.open:
            self.open[-1][1].append("\n")

    def handle_endtag(self, tag):
        if tag == "code" and self.open:
            classes, text = self.open.pop()
            if classes:
                self.found.append((classes, "".join(text)))
            if self.open:
                self.open[-1][1].append("".join(text))

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def deck_codes(decks):
    for name in PAIRED:
        for slide in parse((decks / name / "myslides.txt").read_text(encoding="utf-8")).slides:
            for step in render_steps(slide.steps):
                for fragment in (step.html, step.notes_html):
                    parser = Codes()
                    parser.feed(fragment)
                    yield from parser.found


def snippet_codes():
    for path in sorted((ROOT / "tests" / "data" / "highlight").glob("*.txt")):
        yield [path.stem], path.read_text(encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remark", required=True, type=Path, help="remark 0.6.0's remark.js")
    parser.add_argument("--decks", type=Path, default=ROOT.parent / "shared" / "decks")
    arguments = parser.parse_args()
    remark_source = arguments.remark.read_text(encoding="utf-8")
    style = Style(remark_source)

    for label, codes in (("shared decks", list(deck_codes(arguments.decks))), ("snippets", list(snippet_codes()))):
        rows = [{"language": re.sub(r"^language-", "", classes[0]), "text": text} for classes, text in codes]
        theirs = highlight_js(remark_source, rows)
        totals = collections.defaultdict(lambda: [0, 0, 0])
        for (classes, text), row, reference in zip(codes, rows, theirs):
            grammar = _language(" ".join(classes))
            mine = (highlight(text, grammar) if grammar else None) or html.escape(text, quote=False)
            guessed = [reference["language"]] if reference["language"] not in (None, row["language"]) else []
            ours, audience = characters(mine, classes), characters(reference["value"], classes + guessed)
            assert "".join(c for c, _ in ours) == "".join(c for c, _ in audience), text
            counts = totals[row["language"]]
            for (character, chain), (_, their_chain) in zip(ours, audience):
                if character.isspace():
                    continue
                counts[0] += 1
                counts[1] += style.looks(chain) == style.looks(their_chain)
                counts[2] += chain[-1][1] == their_chain[-1][1] if len(chain) > 3 or len(their_chain) > 3 else True
        print(f"{label}: {len(codes)} highlighted code elements")
        for language, (count, looks, classes) in sorted(totals.items()):
            print(f"  {language:<12} {count:6d} characters  look {100 * looks / count:5.1f}%  class {100 * classes / count:5.1f}%")
        count, looks, classes = (sum(values[i] for values in totals.values()) for i in range(3))
        print(f"  {'all':<12} {count:6d} characters  look {100 * looks / count:5.1f}%  class {100 * classes / count:5.1f}%")


if __name__ == "__main__":
    main()
