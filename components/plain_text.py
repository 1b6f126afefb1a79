"""Text from data, links or uploads, shown as the characters it holds: never read as Markdown or HTML."""

import html
import re

import streamlit as st

# CommonMark lets a backslash escape any ASCII punctuation: escaping all of it also stops Streamlit's ":icon:" and
# ":colour[…]" directives, $maths$, list and heading markers.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub's bare-URL autolinks are found in the text after escapes are read, so no escape stops them; an invisible
# word joiner after the scheme, "www" or "@" does (the text reads the same, and is no live link).
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(\\[:.])|(\\@)")
JOINER = "\u2060"


def literal(text: object) -> str:
    """`text` for a Markdown widget (notices, labels): every ASCII punctuation escaped, no bare URL made a link."""
    escaped = _PUNCTUATION.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER + (m.group(2) or m.group(3)), escaped)


def unescape(markdown: str) -> str:
    """What a `literal` string reads as (for tests that read a widget's Markdown source)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown.replace(JOINER, ""))


QUOTE_STYLE = (
    "background:rgba(28,131,225,0.1);color:#004280;border-radius:0.5rem;padding:0.75rem 1rem;margin:0 0 1rem 0;"
    "white-space:pre-wrap;line-height:1.6"
)


def quote_html(text: object) -> str:
    """A quotation box holding `text` verbatim: HTML-escaped, with no Markdown and no autolinks, so a quote copied
    from the atlas is the document's own characters."""
    return f'<div class="atlas-quote" style="{QUOTE_STYLE}">“{html.escape(str(text))}”</div>'


def quote(text: object) -> None:
    """Show a quote from a document as it stands there."""
    st.html(quote_html(text))
