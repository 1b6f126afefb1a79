"""The document reader: the source text, escaped, with entities and one quote marked."""

from __future__ import annotations

import html

from trafficking_atlas.presentation import ENTITY_COLOURS, SELECTION
from trafficking_atlas.text_spans import Span

_ENTITY_CSS = "".join(f".atlas-doc .ent-{kind} {{background: {colour};}}\n" for kind, colour in ENTITY_COLOURS.items())
STYLE = (
    "<style>\n"
    ".atlas-doc {white-space: pre-wrap; font-family: Georgia, 'Times New Roman', serif; font-size: 1.02rem;"
    " line-height: 1.6; padding: 1rem 1.2rem; border: 1px solid #e5e7eb; border-radius: 6px;"
    " background: #fff; color: #111827;}\n"
    ".atlas-doc mark {padding: 0 1px; border-radius: 3px; color: inherit;}\n"
    + _ENTITY_CSS
    + f".atlas-doc .focus {{background: #fee2e2; box-shadow: 0 2px 0 {SELECTION};}}\n"
    ".atlas-legend span {padding: 1px 6px; border-radius: 3px; margin-right: 6px; font-size: 0.85rem;}\n"
    "</style>\n"
)


def legend_html(with_focus: bool = True) -> str:
    """A one-line legend of the highlight colours (and of the chosen quote's outline, where there is one)."""
    items = "".join(f'<span style="background:{c}">{k.capitalize()}</span>' for k, c in ENTITY_COLOURS.items())
    if with_focus:
        items += f'<span class="focus" style="outline:2px solid {SELECTION};background:#fee2e2">Chosen quote</span>'
    return f'<div class="atlas-legend">{items}</div>'


SCROLL_TO_FOCUS = (
    "<script>const f = parent.document.getElementById('atlas-focus') || document.getElementById('atlas-focus');"
    "if (f) f.scrollIntoView({block: 'center', behavior: 'smooth'});</script>"
)


def document_html(text: str, spans: list[Span], focus: tuple[int, int] | None = None) -> str:
    """The document as HTML: every character escaped, entities in <mark>, the focus quote outlined."""
    cuts = {0, len(text)}
    for s in spans:
        cuts |= {s.start, s.end}
    if focus:
        cuts |= {focus[0], focus[1]}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    by_start = {s.start: s for s in spans}
    parts: list[str] = []
    current: Span | None = None
    for a, b in zip(points, points[1:]):
        if current is not None and a >= current.end:
            current = None
        if a in by_start:
            current = by_start[a]
        piece = html.escape(text[a:b])
        if current is not None:
            title = html.escape(f"{current.kind}: {current.label}", quote=True)
            piece = f'<mark class="ent-{current.kind}" title="{title}">{piece}</mark>'
        if focus and focus[0] <= a and b <= focus[1]:
            anchor = ' id="atlas-focus"' if a == focus[0] else ""
            piece = f'<span class="focus"{anchor}>{piece}</span>'
        parts.append(piece)
    return STYLE + f'<div class="atlas-doc">{"".join(parts)}</div>'
