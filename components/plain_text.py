"""Text from data, links or uploads for Streamlit's Markdown widgets: shown as the characters it holds."""

import re

# Every character CommonMark (and Streamlit's extensions: $ for maths, ~ for strikes, : for icons) may read as markup.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:=])")


def literal(text: object) -> str:
    """`text` with every Markdown character escaped, so a Markdown widget shows it verbatim."""
    return _MARKUP.sub(r"\\\1", str(text))
