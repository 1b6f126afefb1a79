"""Presentation shared by every chart, map and page: the palettes, the shared colours and the text cuts."""

from __future__ import annotations

import math

# Okabe–Ito: distinguishable with the common colour-vision deficiencies. Every categorical palette draws on it.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}


def rgb(colour: str) -> list[int]:
    """A '#rrggbb' colour as the [r, g, b] list pydeck takes: '#D55E00' -> [213, 94, 0]."""
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def rgba_css(colour: list[int], alpha: float = 1.0) -> str:
    """An [r, g, b] colour as CSS (plotly): [213, 94, 0] -> 'rgba(213,94,0,1.0)'."""
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha})"


# One colour per trafficking domain (routes, incidents and venues on both maps, and their legend), as [r, g, b].
DOMAIN_COLOURS: dict[str, list[int]] = {
    "human_trafficking": rgb(OKABE_ITO["vermillion"]),
    "migrant_smuggling": rgb(OKABE_ITO["blue"]),
    "drug_trafficking": rgb(OKABE_ITO["bluish_green"]),
    "wmd_trafficking": rgb(OKABE_ITO["reddish_purple"]),
    "organised_crime": rgb(OKABE_ITO["orange"]),
}
GREY = [120, 120, 120]  # a domain outside the vocabulary
DATASET_COLOUR = rgb(OKABE_ITO["sky_blue"])  # an imported dataset's incidents on the map, apart from the documents'
INCIDENT_ALPHA = 170  # incident circles let the routes under them show

# The casualty timeline's groups (route, region or domain), coloured in the order they are first shown.
GROUP_COLOURS: list[str] = [
    OKABE_ITO[name] for name in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue", "black", "yellow")
]
# The response lane: meetings and conferences, then the rest (`timeline.LANES`).
RESPONSE_COLOURS = ("#555555", "#b0b0b0")
RESPONSE_COLOUR = RESPONSE_COLOURS[0]
# What comes from outside the documents (the arrivals series), and the "Other" group of the totals.
EXTERNAL_COLOUR = "#999999"

# Stakeholders by kind in the network; records (initiatives, incidents) are drawn as neutral shapes.
STAKEHOLDER_COLOURS: dict[str, str] = {
    "government": OKABE_ITO["blue"],
    "ministry": OKABE_ITO["sky_blue"],
    "law_enforcement": OKABE_ITO["bluish_green"],
    "intergovernmental": OKABE_ITO["orange"],
    "military": "#4D4D4D",
    "private_sector": OKABE_ITO["reddish_purple"],
    "association": OKABE_ITO["yellow"],
    "research": "#8C6BB1",
    "media": "#999999",
    "political_party": "#A6761D",
    "criminal_network": OKABE_ITO["vermillion"],
    "person": "#332288",
    "initiative": "#FFFFFF",
    "incident": "#B91C1C",
}
OTHER_NODE_COLOUR = "#777777"  # a node group outside the palette

# The document reader's entity highlights.
ENTITY_COLOURS: dict[str, str] = {
    "stakeholder": "#dbeafe",
    "initiative": "#dcfce7",
    "place": "#fef3c7",
}

# Colours with one meaning across several views.
SELECTION = "#dc2626"  # the selected record: a route or a circle on the map, a node, the chosen quote
INK = "#374151"  # dark text and outlines, and ports on both maps
LAND = "#ecece4"  # land on both maps

ELLIPSIS = "…"


def shorten(
    text: object, limit: int = 160, *, keep: int | None = None, words: bool = True, trim: bool = False, mark: str = ELLIPSIS
) -> str:
    """The text whole up to `limit` characters, else its first `keep` (limit - 1) cut to a word or `trim`med, then `mark`."""
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    if len(text) <= limit:
        return text
    head = text[: limit - 1 if keep is None else keep]
    if words:
        head = head.rsplit(" ", 1)[0]
    if trim:
        head = head.rstrip()
    return head + mark


def wrap(text: str, width: int = 60, sep: str = "<br>") -> str:
    """The text in lines of at most `width` characters (a longer word stands alone), joined by `sep`."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return sep.join([*lines, line])
