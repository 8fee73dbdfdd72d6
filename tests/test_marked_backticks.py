"""marked's code span and fence regexes, read in one pass: the same answers as the regexes.

As regexes they backtrack over every shorter opening run of backticks (a
slide of 20,000 backticks took seconds; bench/inline_rules.py measures it).
The one-pass readers must agree with them on every text.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from decks.shorthand.marked import _code_spans, marked_code_span, marked_sees_closed_fence

MARKED_CODE_SPAN = re.compile(r"(`+)\s*([\s\S]*?[^`])\s*\1(?!`)")
MARKED_FENCE = re.compile(r" *(`{3,}|~{3,})[ .]*(\S+)? *\n([\s\S]*?)\s*\1 *(?:\n+|$)")

backtick_texts = st.text(st.sampled_from("```` a\n"), max_size=24)
fence_texts = st.text(st.sampled_from("`````~~~ .a\n"), max_size=24)


@settings(max_examples=1500, deadline=None)
@given(backtick_texts)
def test_a_code_span_is_where_markeds_regex_finds_it(text):
    match = MARKED_CODE_SPAN.match(text)
    span = marked_code_span(text, 0, len(text))
    assert (span is None) == (match is None)
    if match:
        assert (span.end, span.ticks, span.content.strip()) == (match.end(), len(match.group(1)), match.group(2).strip())
    assert [(span.start, span.end) for span in _code_spans(text, 0, len(text))] == [
        match.span() for match in MARKED_CODE_SPAN.finditer(text)
    ]


@settings(max_examples=1500, deadline=None)
@given(fence_texts)
def test_a_fence_is_closed_where_markeds_regex_says(text):
    assert marked_sees_closed_fence(text, 0, len(text)) == (MARKED_FENCE.match(text) is not None)


def test_the_readers_keep_to_the_given_end():
    text = "`a` and ```\ncode\n```"
    assert marked_code_span(text, 0, 2) is None
    assert marked_code_span(text, 0, 3).end == 3
    assert not marked_sees_closed_fence(text, 8, len(text) - 1)
    assert marked_sees_closed_fence(text, 8, len(text))
