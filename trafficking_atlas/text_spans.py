"""Finds where the dataset's entities and quotes stand in a document's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from trafficking_atlas.frame_tools import split_list


@dataclass(frozen=True)
class Span:
    """A run of a document's text that names an entity."""

    start: int
    end: int
    kind: str
    ref: str
    label: str


def entity_terms(frames: dict[str, pd.DataFrame]) -> list[tuple[str, str, str, str]]:
    """Every (surface form, kind, id, display name) the highlighter looks for."""
    terms = []
    for dataset, kind, id_col in (
        ("stakeholders", "stakeholder", "stakeholder_id"),
        ("initiatives", "initiative", "initiative_id"),
        ("places", "place", "place_id"),
    ):
        frame = frames.get(dataset)
        if frame is None:
            continue
        aliases = frame["aliases"] if "aliases" in frame else pd.Series(None, index=frame.index)
        for name, alias, ident in zip(frame["name"].tolist(), aliases.tolist(), frame[id_col].tolist()):
            for form in {name, *split_list(alias)}:
                if isinstance(form, str) and len(form) >= 2:
                    terms.append((form, kind, ident, name))
    return terms


def find_spans(text: str, terms: list[tuple[str, str, str, str]]) -> list[Span]:
    """Non-overlapping entity spans in `text`, longest match first, whole words only."""
    found: list[Span] = []
    taken = [False] * len(text)
    # A plain substring test first: most of a large dataset's names are not in a given text.
    present = [t for t in terms if t[0] in text]
    for form, kind, ref, label in sorted(present, key=lambda t: -len(t[0])):
        pattern = (r"(?<!\w)" if form[0].isalnum() else "") + re.escape(form) + (r"(?!\w)" if form[-1].isalnum() else "")
        for m in re.finditer(pattern, text):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            found.append(Span(m.start(), m.end(), kind, ref, label))
    return sorted(found, key=lambda s: s.start)


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where a verbatim quote stands in the text, or None."""
    at = text.find(quote)
    return None if at < 0 else (at, at + len(quote))
