"""Where a record comes from, in words: from its document, inferred, or from outside the documents; and what a
chart drawn from records cites."""

from __future__ import annotations

import re

import pandas as pd

OUTSIDE = "Outside the documents"


def provenance_texts(basis: pd.Series, source: pd.Series) -> pd.Series:
    """How each record (or field) is known, as shown: 'Document', 'Inferred: how', 'Extracted: who reviewed it, when',
    'Outside the documents: source'."""
    source = source.astype(object).where(source.notna(), "")
    src = source.astype(str).str.strip()
    base = basis.astype(object).where(basis.notna(), "text").astype(str)
    out = pd.Series("Document", index=basis.index, dtype=object)
    inferred = base == "inferred"
    out[inferred] = ("Inferred: " + src[inferred]).str.rstrip(": ")
    extracted = base == "extracted"
    out[extracted] = ("Extracted: " + src[extracted]).str.rstrip(": ")
    dataset = base == "dataset"
    out[dataset] = ("A dataset's row; its own source: " + src[dataset]).where(src[dataset] != "", "A dataset's row")
    outside = ~base.isin(["text", "inferred", "extracted", "dataset"])
    out[outside] = (OUTSIDE + ": " + src[outside]).str.rstrip(": ")
    return out


def provenance(basis: object, source: object) -> str:
    """`provenance_texts` of one record."""
    return provenance_texts(pd.Series([basis]), pd.Series([source])).iloc[0]


def is_outside(frame: pd.DataFrame) -> pd.Series:
    """Whether each record comes from outside the documents (its quote only names the event or entity)."""
    return (frame["basis"] == "external").fillna(False).astype(bool) if "basis" in frame else pd.Series(False, frame.index)


def is_dataset(frame: pd.DataFrame) -> pd.Series:
    """Whether each record is a row of an imported dataset (basis `dataset`), shown and counted apart."""
    return (frame["basis"] == "dataset").fillna(False).astype(bool) if "basis" in frame else pd.Series(False, frame.index)


def source_name(source: object) -> str:
    """An outside source as a source line names it: the sources alone, without what the data says of them.

    Drops remarks after ': ', bracketed remarks (starting in lower case, or long: '(distress call about 09:00 …)',
    '(adopted 18 Oct 2023)') and trailing clauses in lower case ('; approximate coordinates'); keeps short proper
    brackets ('(Hansard)', '(DG HOME)', '(14 Jun 2023)')."""
    text = str(source).split(": ")[0]
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):  # balanced brackets, nested ones included
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inner = text[start + 1 : i]
                keep = inner[:1].isupper() or inner[:1].isdigit()
                out.append(text[start : i + 1] if keep and len(inner) < 40 else "")
        elif depth == 0:
            out.append(ch)
    text = re.sub(r"\s+", " ", "".join(out)).strip()
    parts = [p.strip() for p in text.split(";") if p.strip()[:1].isupper() or p.strip()[:1].isdigit()]
    return "; ".join(parts) or text


def short_source(source: object) -> str:
    """An outside source as a chart label names its reporter: 'Hellenic Coast Guard', 'UN estimate', 'The Times'."""
    text = "" if source is None or (not isinstance(source, str) and pd.isna(source)) else str(source)
    cut = len(text)
    for sep in (",", " (", " as reported", " figures", ";"):
        i = text.find(sep)
        if 0 < i < cut:
            cut = i
    return text[:cut].strip() or text


def sources_of(*frames: pd.DataFrame) -> tuple[list[str], list[str]]:
    """What a chart or table drawn from these records cites: the documents of the records the documents state,
    and the outside sources of what is drawn from outside them: whole records (whose document only names the
    event), and dates and coordinates taken from outside (the Nave Andromeda's boarding position, a meeting's day)."""
    documents: dict[str, None] = {}
    outside: dict[str, None] = {}
    for frame in frames:
        if frame is None or frame.empty or "document_id" not in frame:
            continue
        ext = is_outside(frame)
        documents.update(dict.fromkeys(frame.loc[~ext, "document_id"].dropna().astype(str).tolist()))
        for basis, source in (("basis", "source"), ("date_basis", "date_source"), ("coord_basis", "coord_source")):
            if basis in frame and source in frame:
                taken = frame.loc[(frame[basis] == "external").fillna(False).astype(bool), source].dropna()
                outside.update(dict.fromkeys(source_name(s) for s in taken.astype(str).tolist()))
    return list(documents), list(outside)
