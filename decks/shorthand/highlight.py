"""Code in colour, the way the decks' remark.js showed it: a pure function of text and language.

What the audience's browser had
-------------------------------
The decks were shown with an old remark build (FORMAT.md §7.1), the one of
remark 0.5.9–0.6.0, which bundled highlight.js 7. Its slide view ran over every
`<code>` element of a slide (and of its notes), inline or not:

* a `<code>` whose class attribute is empty (inline code from backticks,
  hand-written `<pre><code>`, the `co` key's `class=""`) was left alone;
* any other `<code>` was highlighted: the first of its classes (or of its
  parent's) that names a language highlight.js knew chose the grammar, and the
  text (with `<br>` read as a line break) was replaced by token spans; the
  element's own markup (content-class spans, `<c>`, …) was merged back around
  them. A class that names no known language (`haskell`, `delphi`, `elixir`,
  `powershell`, `go` in the decks) made highlight.js guess among its
  languages and append the guess, or `undefined`, to the class;
* then every `<code>` got the class `remark-code`, and the slide's content
  element the class `hljs-default`, under which remark's built-in "default"
  style coloured the tokens.

So a code block the audience saw was (on one line)::

    <pre><code class="python remark-code"><span class="prompt">&gt;&gt;&gt; </span><span
    class="keyword">import</span> this</code></pre>

and inline code `<code class="remark-code">`. The token classes carry no
prefix (`keyword`, `string`, `number`, `comment`, `built_in`, `literal`,
`title`, `prompt`, …: highlight.js 7's names). That build had no
`remark-code-line` wrappers (remark 0.6.5 added them), no `hljs` class and no
`remark-inline-code` (0.7 added it): a talk folder's `highlightjs.css`, written
for highlight.js 9's `hljs-*` names, styled no token in the audience's
browser; the colours they saw were remark's default style (strings #800,
numbers and literals #080, comments #888, keywords, built-ins and titles
bold), scoped to `.hljs-default pre`.

What the app writes
-------------------
The same markup: `<pre><code class="LANGUAGE remark-code">` (the classes as
the deck wrote them, then `remark-code`) holding the text, escaped, in token
spans `<span class="NAME">`, with the element's own sanitized markup merged
around them; `<code class="remark-code">` with its text as it was for inline
code, for a `<code>` without a class and for one whose classes name no
grammar. A line break in the code is a newline in the text (`<br>` included);
a tab starting a line is two spaces, as remark asked. Two differences: for a
language highlight.js 7 guessed at, the app appends no guess (nor
`undefined`) to the class and colours only strings, numbers and comments,
which every guess agreed on; and the slide element is the app's
`.slide-content`, which carries no `hljs-default`: the default theme colours
tokens under `.slide-content pre` (static/presenter/theme.css, its code
colours block), as remark's style did under `.hljs-default pre`.

This module gives the token spans for a text and a language name:
`tokens(text, language)` as runs of (classes from the outermost span in,
text), and `highlight(text, language)` as HTML. A run goes over a line break
only inside something that does (a block comment, a long string, an SQL
statement over lines), so a caller that shows code line by line cuts the
runs at their newlines and keeps each piece's classes. The pass over a slide's `<code>`
elements is remark_code.py. Tokens come from Pygments, mapped onto
highlight.js 7's classes: words by the keyword groups highlight.js 7 gave each
language (where they differ from Pygments' own), everything else by token
type, and a few containers highlight.js drew around tokens where a style
depends on them (`tag` around an XML tag, `rules` and `value` around CSS
declarations, `operator` around an SQL statement). Containers that no style
shows are left out (`function` and `params` around a definition), and so is
what highlight.js found inside a string (`subst`, `variable`): the string's
colour shows either way. docs/benchmarks.md says how close it comes.
"""

import functools
import html
import re
from dataclasses import dataclass, field

from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Generic, Keyword, Literal, Name, Number, Operator, String
from pygments.util import ClassNotFound


def _words(text):
    return frozenset(text.split())


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Language:
    """How highlight.js 7 classed one language, on top of a Pygments lexer."""

    lexer: str
    words: dict = field(default_factory=dict)  # class -> the words highlight.js gave it
    case_insensitive: bool = False
    word: re.Pattern = _WORD  # what highlight.js took for a word
    # A word followed by `.` was no keyword (highlight.js 7's default word
    # pattern: Java's `this.x`), except where the language had a pattern of its
    # own or a `.` ended the text its words were looked for in (JavaScript).
    word_before_dot: bool = False
    # A number wherever the grammar found one, plain text included (bash's `-5`).
    loose_numbers: bool = False
    token_types: tuple = ()  # (Pygments type, class or None): this language's own readings, before the common ones
    titles: re.Pattern | None = None  # group 1 is a name highlight.js showed as a `title`
    # (pattern, container): text highlight.js put in a span of its own around the tokens
    containers: tuple = ()
    only_in_containers: bool = False  # outside them, only comments (SQL's statements)

    def word_class(self, word):
        key = word.lower() if self.case_insensitive else word
        return next((name for name, words in self.words.items() if key in words), None)


_CSS_AT_RULES = re.compile(r"@[^{;]*")
_CSS_AT_RULE_NAME = re.compile(r"(?<=@)[\w-]+")
_CSS_RULES = re.compile(r"\{[^{}]*\}")
_CSS_VALUES = re.compile(r"(?<=:)[^;{}]*(?=;|\})|(?<=:)[^;{}]*\Z")

# The languages the decks' highlight.js knew, with the keyword groups it had.
LANGUAGES = {
    "python": Language(
        "python2",  # highlight.js 7 was older than f-strings and async
        {
            "keyword": _words(
                "and elif is global as in if from raise for except finally print import pass return exec else"
                " break not with class assert yield try while continue del or def lambda nonlocal"
            ),
            "built_in": _words("None True False Ellipsis NotImplemented"),
        },
    ),
    "javascript": Language(
        "javascript",
        {
            "keyword": _words(
                "in if for while finally var new function do return void else break catch instanceof with throw"
                " case default try this switch continue typeof delete let yield const"
            ),
            "literal": _words("true false null undefined NaN Infinity"),
        },
        word_before_dot=True,
        titles=re.compile(r"\bfunction\s+([A-Za-z$_][0-9A-Za-z$_]*)"),
    ),
    "ruby": Language(
        "ruby",
        {
            "keyword": _words(
                "and false then defined module in return redo if BEGIN retry end for true self when next until do"
                " begin unless END rescue nil else break undef not super class case require yield alias while"
                " ensure elsif or include def"
            )
        },
        word_before_dot=True,
        token_types=((String.Interpol, "subst"),),  # `#{…}` in a string, drawn as code
    ),
    "bash": Language(
        "bash",
        {
            "keyword": _words(
                "if then else elif fi for break continue while in do done exit return set declare case esac export exec"
            ),
            "literal": _words("true false"),
            "built_in": _words(
                "printf echo read cd pwd pushd popd dirs let eval unset typeset readonly getopts source shopt"
                " caller type hash bind help sudo"
            ),
            "operator": _words("-ne -eq -lt -gt -f -d -e -s -l -a"),
        },
        word=re.compile(r"(?<![\w-])-?[a-z]+"),
        word_before_dot=True,
        loose_numbers=True,
        token_types=((Name.Variable, "variable"),),
    ),
    "java": Language(
        "java",
        {
            "keyword": _words(
                "false synchronized int abstract float private char boolean static null if const for true while"
                " long throw strictfp finally protected import native final return void enum else break transient"
                " new catch instanceof byte super volatile case assert short package default double public try"
                " this switch continue throws class interface extends implements"
            )
        },
        token_types=((Name.Function, None), (Name.Attribute, None)),
    ),
    "php": Language(
        "php",
        {
            "keyword": _words(
                "and include_once list abstract global private echo interface as static endswitch array null if"
                " endwhile or const for endforeach self var while isset public protected exit foreach throw elseif"
                " include __file__ empty require_once do xor return implements parent clone use __class__"
                " __line__ else break print eval new catch __method__ case exception php_user_filter default die"
                " require __function__ enddeclare final try this switch continue endfor endif declare unset true"
                " false namespace trait goto instanceof insteadof __dir__ __namespace__ __halt_compiler function"
                " class extends"
            )
        },
        case_insensitive=True,
    ),
    "perl": Language("perl"),
    "cpp": Language(
        "cpp",
        {
            "keyword": _words(
                "false int float while private char catch export virtual operator sizeof dynamic_cast typedef"
                " const_cast const struct for static_cast union namespace unsigned long throw volatile static"
                " protected bool template mutable if public friend do return goto auto void enum else break new"
                " extern using true class asm case typeid short reinterpret_cast default double register explicit"
                " signed typename try this switch continue wchar_t inline delete alignof char16_t char32_t"
                " constexpr decltype noexcept nullptr static_assert thread_local restrict _Bool complex"
            ),
            "built_in": _words(
                "std string cin cout cerr clog stringstream istringstream ostringstream auto_ptr deque list queue"
                " stack vector map set bitset multiset multimap unordered_set unordered_map unordered_multiset"
                " unordered_multimap array shared_ptr"
            ),
        },
        token_types=((Name.Function, None),),
    ),
    "objectivec": Language("objective-c"),
    "cs": Language("csharp"),
    "sql": Language(
        "sql",
        {
            "keyword": _words(
                "all and any as asc at begin between by call case cast check column commit constraint create cross"
                " current_date current_time current_timestamp database date default delete desc describe distinct"
                " do double drop else end escape except exec exists false fetch float for foreign from full grant"
                " group handler having if in index inner insert int integer intersect interval into is join key"
                " left like ilike limit load lock natural not null numeric on or order outer pragma primary"
                " procedure references rename replace revoke right rollback row rows savepoint select set show"
                " smallint start table then to transaction trigger true truncate union unique update user using"
                " values varchar view when where with work"
            ),
            "aggregate": _words("count sum min max avg"),
        },
        case_insensitive=True,
        token_types=((String.Symbol, "string"), (Name.Builtin, None)),  # "quoted" identifiers are strings
        # From a statement's first word to its `;`.
        containers=(
            (
                re.compile(
                    r"\b(?:begin|end|start|commit|rollback|savepoint|lock|alter|create|drop|rename|call|delete|do"
                    r"|handler|insert|load|replace|select|truncate|update|set|show|pragma|grant)\b(?!:)[^;]*;?",
                    re.IGNORECASE,
                ),
                "operator",
            ),
        ),
        only_in_containers=True,
    ),
    "xml": Language(
        "html",
        token_types=((Name.Tag, "title"), (Name.Attribute, "attribute"), (String, "value")),
        containers=((re.compile(r"</?[^\s/><!?]+(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"), "tag"),),
    ),
    "css": Language(
        "css",
        token_types=(
            (Name.Class, "class"),
            (Name.Tag, "tag"),
            (Name.Namespace, "id"),
            (Name.Decorator, "pseudo"),
            (Number.Hex, "hexcolor"),
            (Comment.Preproc, "important"),
            (Keyword.Type, None),
            (Keyword, "attribute"),
        ),
        containers=((_CSS_AT_RULES, "at_rule"), (_CSS_RULES, "rules"), (_CSS_VALUES, "value")),
    ),
    "scala": Language(
        "scala",
        {
            "keyword": _words(
                "type yield lazy override def with val var false true sealed abstract private trait object null if"
                " for while throw finally protected extends import final return else break new catch super class"
                " case package default try this match continue throws"
            )
        },
    ),
    "coffeescript": Language("coffeescript"),
    "lisp": Language("common-lisp"),
    "clojure": Language("clojure"),
    "http": Language("http"),
}

# Pygments token types -> highlight.js 7 classes, the most specific first.
_TOKEN_CLASSES = (
    (Generic.Prompt, "prompt"),
    (Comment.Hashbang, "shebang"),
    (Comment.Preproc, "preprocessor"),
    (Comment.PreprocFile, "preprocessor"),
    (Comment, "comment"),
    (String.Regex, "regexp"),
    (String.Symbol, "symbol"),
    (String, "string"),
    (Number, "number"),
    (Name.Decorator, "decorator"),
    (Name.Function, "title"),
    (Name.Class, "title"),
    (Name.Variable, "variable"),
    (Name.Constant, "constant"),
    (Name.Builtin, "built_in"),
    (Keyword.Constant, "literal"),
    (Keyword, "keyword"),
    (Operator.Word, "keyword"),
    (Literal.Date, "number"),
)
# Classes a word keeps whatever the keyword groups say: they come from where
# the word stands (a string, a comment, a function's name), not what it is.
_PLACE_CLASSES = frozenset(
    {"prompt", "preprocessor", "shebang", "comment", "regexp", "symbol", "string", "number", "decorator", "title",
     "attribute", "variable", "constant", "subst", "value", "class", "tag", "id", "pseudo", "hexcolor", "important"}
)  # fmt: skip
_WORD_CLASSES = frozenset({"keyword", "built_in", "literal", "aggregate", "operator"})
# A language the decks' highlight.js did not know made it guess among those it
# did, and the guesses disagree on keywords; they agree on what these are.
_GUESSED_CLASSES = frozenset({"string", "number", "comment"})
_LOOSE_NUMBER = re.compile(r"\b\d+(?:\.\d+)?")
_PYTHON_CALLS = re.compile(r"\b(?:print|exec)\(")
_PYTHON_PROMPT = re.compile(r"^(?:>>>|\.\.\.) ", re.MULTILINE)
_PUNCTUATION_OF = {"class": ".", "id": "#", "pseudo": ":"}  # CSS: the mark belongs to the name after it


@functools.cache
def _token_class(token_type, language):
    spec = LANGUAGES.get(language)
    for kind, name in (spec.token_types if spec else ()) + _TOKEN_CLASSES:
        if token_type in kind:
            return name
    return None


@functools.lru_cache(maxsize=64)
def _lexer(name, **options):
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=True, **options)
    except ClassNotFound:
        return None


def _lexer_for(spec, language, text):
    if spec is None:
        return _lexer(language)
    if spec.lexer == "php" and "<?" not in text:
        return _lexer("php", startinline=True)  # highlight.js read a snippet as PHP without `<?php`
    return _lexer(spec.lexer)


@functools.lru_cache(maxsize=4096)
def tokens(text, language):
    """`text` as [(classes, text)] runs, `classes` a tuple from the outermost span in; () is plain text.

    `language` is a name the decks' highlight.js knew, or any name Pygments
    knows (then only strings, numbers and comments are classed). None when
    there is no grammar for it: the text stays as it is.
    """
    spec = LANGUAGES.get(language)
    lexer = _lexer_for(spec, language, text)
    if lexer is None:
        return None
    classes = [None] * (len(text) + 1)  # the lexer is given a last line break, to end a last comment
    position = 0
    for token_type, value in lexer.get_tokens(text):
        name = _token_class(token_type, language if spec else None)
        if spec is None and name not in _GUESSED_CLASSES:
            name = None
        elif spec and spec.words and name in _WORD_CLASSES:
            name = None  # its words are classed below, by the language's own groups
        elif name == "variable" and language == "bash" and not value.startswith("$"):
            name = None  # `PORT=` is no variable to highlight.js, `$PORT` is
        classes[position : position + len(value)] = [name] * len(value)
        if spec and name not in _PLACE_CLASSES:
            _class_words(spec, text, position, min(position + len(value), len(text)), classes)
        position += len(value)
    del classes[len(text) :]
    if spec is None or spec.loose_numbers:
        _loose_numbers(text, classes)
    if spec:
        _language_rules(spec, language, text, classes)
    _end_lines_outside_spans(text, classes)
    containers = _containers(spec, text, classes) if spec and spec.containers else None
    return _runs(text, classes, containers)


def _class_words(spec, text, start, end, classes):
    """Words in text[start:end] (outside strings and comments) classed by the language's keyword groups."""
    for match in spec.word.finditer(text, start, end):
        if not spec.word_before_dot and text.startswith(".", match.end()):
            word_class = None
        elif spec.words:
            word_class = spec.word_class(match.group())
        else:
            continue  # no groups of its own: Pygments' classes stand
        classes[match.start() : match.end()] = [word_class] * (match.end() - match.start())


def _loose_numbers(text, classes):
    """Numbers in plain text: what every grammar of highlight.js 7 found (bash's `-5`, a REPL's `36`)."""
    for match in _LOOSE_NUMBER.finditer(text):
        if all(classes[index] is None for index in range(match.start(), match.end())):
            classes[match.start() : match.end()] = ["number"] * (match.end() - match.start())


def _language_rules(spec, language, text, classes):
    if spec.titles:
        for match in spec.titles.finditer(text):
            if classes[match.start()] == "keyword":
                classes[match.start(1) : match.end(1)] = ["title"] * (match.end(1) - match.start(1))
    if language == "python":
        for match in _PYTHON_CALLS.finditer(text):
            if classes[match.start()] == "keyword":  # print(): Python 3's function, no keyword
                classes[match.start() : match.end() - 1] = [None] * (match.end() - match.start() - 1)
        for match in _PYTHON_PROMPT.finditer(text):
            if classes[match.start()] not in ("string", "comment"):
                classes[match.start() : match.end()] = ["prompt"] * (match.end() - match.start())
    if language == "css":
        for match in _CSS_AT_RULES.finditer(text):
            if classes[match.start()] != "comment":
                classes[match.start() : match.end()] = [None] * (match.end() - match.start())
                name = _CSS_AT_RULE_NAME.match(text, match.start() + 1)
                if name:
                    classes[name.start() : name.end()] = ["keyword"] * (name.end() - name.start())
        for index in range(len(text) - 1):
            if _PUNCTUATION_OF.get(classes[index + 1]) == text[index] and classes[index] is None:
                classes[index] = classes[index + 1]


def _end_lines_outside_spans(text, classes):
    """A line break ends a token unless the token goes on on the next line (a block comment, a long string)."""
    for index, character in enumerate(text):
        if character == "\n" and classes[index] and (index + 1 == len(text) or classes[index + 1] != classes[index]):
            classes[index] = None


def _containers(spec, text, classes):
    """For each character, the containers around its token, outermost first."""
    around = [()] * len(text)
    for pattern, name in spec.containers:
        for match in pattern.finditer(text):
            if match.start() == match.end() or classes[match.start()] == "comment":
                continue
            for index in range(match.start(), match.end()):
                around[index] = (*around[index], name)
    if spec.only_in_containers:
        for index, name in enumerate(classes):
            if not around[index] and name != "comment":
                classes[index] = None
    return around


def _runs(text, classes, containers):
    runs = []
    for index, character in enumerate(text):
        path = (containers[index] if containers else ()) + ((classes[index],) if classes[index] else ())
        if runs and runs[-1][0] == path:
            runs[-1][1].append(character)
        else:
            runs.append((path, [character]))
    return tuple((path, "".join(characters)) for path, characters in runs)


def spans(runs):
    """[(offset, "start" | "stop", class)] for runs, with runs sharing outer classes inside one span of each."""
    events, opened, offset = [], [], 0
    for path, value in runs:
        common = 0
        while common < min(len(opened), len(path)) and opened[common] == path[common]:
            common += 1
        while len(opened) > common:
            events.append((offset, "stop", opened.pop()))
        for name in path[common:]:
            events.append((offset, "start", name))
            opened.append(name)
        offset += len(value)
    events.extend((offset, "stop", name) for name in reversed(opened))
    return events


def highlight(text, language):
    """HTML of `text` (plain text, not markup) with highlight.js 7's token spans, or None without a grammar."""
    runs = tokens(text, language)
    if runs is None:
        return None
    parts, position = [], 0
    for offset, event, name in spans(runs):
        parts.append(html.escape(text[position:offset], quote=False))
        parts.append(f'<span class="{name}">' if event == "start" else "</span>")
        position = offset
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)
