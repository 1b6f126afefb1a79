"""Hostile input for the tests: a payload that is live Markdown, HTML and script if anything renders it, a copy of the
fixture data with it in every free-text field, and a check that a page shows it only as text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from components import document_view
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import catalog, schemas

# Every piece is harmless as characters and live if read as Markdown or HTML: a link off-site, an image fetched from
# outside (a tracking pixel), script, emphasis, maths, a Streamlit colour directive, a spreadsheet formula.
PAYLOAD = (
    "*b* _i_ $x$ [click me](https://evil.example/phish) ![x](http://198.51.100.7/x.png) "
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> '
    '<a href="https://evil.example/a">a</a> :red[red] =HYPERLINK("https://evil.example")'
)
# What must never reach a Markdown widget unescaped (a backslash before it is CommonMark's escape)...
MARKDOWN_LIVE = [
    r"(?<!\\)\[click me(?<!\\)\]",
    r"(?<!\\)!(?<!\\)\[x",
    r"(?<!\\)\*b(?<!\\)\*",
    r"(?<!\\)\$x(?<!\\)\$",
    r"(?<!\\):red(?<!\\)\[",
    r"(?<!\\)<img",
    r"(?<!\\)<script",
    r"(?<!\\)<a href",
]
# ... and what must never reach HTML (a chart's hover text, a map's tooltip, an st.html block) unescaped.
HTML_LIVE = [r"<img", r"<script", r"<a href=\"https://evil"]

_ID_LIKE = {"document_id", "quote", "target_id"} | {column for _, column in schemas.REFERENCES}


def free_text_columns(name: str) -> list[str]:
    """A dataset's columns that hold free text (no vocabulary, pattern or reference), where a payload may be stored."""
    columns = catalog.DATASETS[name].schema.to_schema().columns
    return [c for c, col in columns.items()
            if "str" in str(col.dtype) and not col.checks and c not in _ID_LIKE]  # fmt: skip


def hostile_copy(target: Path) -> tuple[Path, Path]:
    """The fixture's data and seeds copied under `target`, the payload in every free-text field and quote (and each
    document holding it, so that the quotes are found)."""
    data, seeds = target / "data", target / "seeds"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(FIXTURE_SEEDS, seeds)
    for doc in seeds.glob("*.txt"):
        doc.write_text(doc.read_text(encoding="utf-8") + f"\n{PAYLOAD}\n", encoding="utf-8")
    for name, entry in catalog.DATASETS.items():
        frame = pd.read_csv(data / entry.file, dtype=str, keep_default_na=False)
        for column in free_text_columns(name):
            frame[column] = [f"{v} {PAYLOAD}".strip() for v in frame[column]]
        frame["quote"] = PAYLOAD
        frame.to_csv(data / entry.file, index=False)
    return data, seeds


_PLAIN_TYPES = {"text", "code", "html", "json"}  # shown as characters (an HTML block is checked as HTML)
_MARKDOWN_TYPES = {"markdown", "caption", "latex", "error", "warning", "info", "success", "exception", "toast",
                   "title", "header", "subheader", "divider", "badge"}  # fmt: skip


def _strings(value: object, skip: frozenset | set = frozenset()):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from _strings(v, skip)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, skip)


def _live(patterns: list[str], text: str) -> list[str]:
    return [p for p in patterns if re.search(p, text)]


def leaks(at: AppTest) -> list[str]:
    """Every place the page would read hostile text as Markdown or HTML: a Markdown widget's body, label or help, a
    block's label, an HTML block, a chart's spec or a map's layers and tooltip. Empty when all is shown as text."""
    found = []
    for node in at._tree:
        kind, proto = getattr(node, "type", ""), getattr(node, "proto", None)
        if proto is None:
            continue
        texts: list[tuple[str, list[str]]] = []
        if kind in _MARKDOWN_TYPES or hasattr(proto, "body") and kind not in _PLAIN_TYPES:
            texts.append((getattr(proto, "body", "") or "", MARKDOWN_LIVE))
        for field in ("label", "help", "placeholder"):
            if hasattr(proto, field):
                texts.append((getattr(proto, field) or "", MARKDOWN_LIVE))
        if kind in ("radio", "segmented_control", "pills"):
            texts += [(o, MARKDOWN_LIVE) for o in getattr(proto, "options", [])]
        if kind == "tab" or kind == "expandable" or kind == "popover":
            texts.append((str(proto), MARKDOWN_LIVE))
        if kind == "html" and proto.body != document_view.SCROLL_TO_FOCUS:  # the app's own one-line script
            texts.append((proto.body, HTML_LIVE))
        if kind == "plotly_chart":  # a trace's legend group is a key, never drawn
            texts += [(s, HTML_LIVE) for s in _strings(json.loads(proto.spec), skip={"legendgroup"})]
        if kind == "deck_gl_json_chart":
            # Streamlit's deck component escapes every value it puts into the tooltip's HTML: the template is ours.
            texts += [(s, HTML_LIVE) for s in _strings(json.loads(proto.json).get("tooltip", {}))]
        for text, patterns in texts:
            for pattern in _live(patterns, text):
                found.append(f"{kind}: {pattern} in {text[:160]!r}")
    return found
