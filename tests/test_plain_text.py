"""Text shown through Markdown widgets keeps its characters."""

import pytest

from components import plain_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "[click me](https://evil.example/phish)",
        "![x](http://198.51.100.7/x.png)",
        "*not bold* _not italic_ `not code` $x$ ~~no~~",
        "# not a heading",
        "- not a list\n1. nor this",
        ":material/warning: :red[not red]",
        "<b>not html</b> & O'Brien",
        "a\\b",
        "see https://evil.example/x or www.evil.example or a@evil.example",
    ],
)
def test_literal_round_trips_and_leaves_no_markup(text):
    out = plain_text.literal(text)
    assert plain_text.unescape(out) == text
    for mark in ("](", "![", "**", "`"):
        assert mark not in out.replace("\\" + mark[0], "")
    for bare in ("https://", "www.", "a@"):
        assert bare not in out.replace("\\", "")  # a bare URL or address is never left for the autolinker


def test_letters_digits_and_spaces_are_untouched():
    assert plain_text.literal("Pylos 2023 Gdańsk “quoted”") == "Pylos 2023 Gdańsk “quoted”"
    assert plain_text.literal("a.b") == "a\\.b"


def test_a_quote_box_keeps_the_characters_and_makes_no_markup():
    box = plain_text.quote_html("<script>x</script> [a](http://e.example) *b*")
    assert "&lt;script&gt;x&lt;/script&gt; [a](http://e.example) *b*" in box and "<script>" not in box
