"""The shorthand as a CodeMirror language (static/decks/editor/shorthand-language.js), in Chromium.

Loaded from the vendored bundle (bin/vendor-codemirror) on a page of the app,
as the editor loads it.
"""

import pytest

from decks.shorthand.convert import LANGUAGE_KEYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = """#= Title
---
@= pic.png
$$session bash
$$ ls
.rf[red] <br> &nbsp; plain words.
class: center
```py
x = 1 # .rf[not a class]
```
--
Note: hi
py print(1)
python is a word"""


def tokens(page, live_server, text):
    page.goto(f"{live_server.url}/guide/")
    return page.evaluate(
        """async ([text, keys]) => {
          const cm = await import('/static/vendor/codemirror/codemirror.js');
          const shorthand = await import('/static/decks/editor/shorthand-language.js');
          const view = new cm.EditorView({
            doc: text,
            extensions: [shorthand.shorthandLanguage(keys), shorthand.shorthandHighlighting],
            parent: document.body,
          });
          return [...view.contentDOM.querySelectorAll('span[class^=sh-]')].map((span) => [span.className, span.textContent]);
        }""",
        [text, list(LANGUAGE_KEYS)],
    )


def test_every_kind_of_line_and_mark_gets_its_colour(page, live_server):
    assert tokens(page, live_server, TEXT) == [
        ["sh-heading", "#= Title"],
        ["sh-separator", "---"],
        ["sh-command", "@="],
        ["sh-argument", " pic.png"],
        ["sh-command", "$$session"],
        ["sh-command", "$$"],
        ["sh-class", ".rf["],
        ["sh-class", "]"],
        ["sh-html", "<br>"],
        ["sh-entity", "&nbsp;"],
        ["sh-property", "class:"],
        ["sh-fence", "```py"],
        ["sh-code", "x = 1 # .rf[not a class]"],
        ["sh-fence", "```"],
        ["sh-separator", "--"],
        ["sh-notes", "Note:"],
        ["sh-command", "py"],
    ]
