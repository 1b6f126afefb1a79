"""Grading as police and intelligence analysts grade: the source's reliability (a letter) and the information's
credibility (a digit), on Europol's 4x4 scale or the older 6x6 Admiralty (NATO) code. An analyst grades a document
and, where it differs, a record; a record not graded on its own carries its document's grade. Grades are assessments
kept in the store with who gave them and when, never written into `data/`; the latest grade of a record counts."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pandas as pd

from trafficking_atlas import catalog, provenance


@dataclass(frozen=True)
class Scale:
    """A grading scale: its key, its name, and the meaning of each reliability letter and credibility digit."""

    key: str
    name: str
    reliability: dict[str, str]
    credibility: dict[str, str]

    def codes(self) -> list[str]:
        """Every grade of the scale, "A1" first."""
        return [r + c for r in self.reliability for c in self.credibility]


# Europol's 4x4 (the EU's evaluation of source and information): the fourth source letter is X, "cannot be assessed".
EUROPOL = Scale(
    "europol_4x4",
    "Europol 4x4",
    {
        "A": "no doubt about the source's authenticity, trustworthiness and competence, or reliable in all instances",
        "B": "a source that has in most instances proved reliable",
        "C": "a source that has in most instances proved unreliable",
        "X": "the reliability of the source cannot be assessed",
    },
    {
        "1": "information whose accuracy is not in doubt",
        "2": "information known personally to the source but not to the official passing it on",
        "3": "information not known personally to the source but corroborated by information already recorded",
        "4": "information not known personally to the source and not corroborated",
    },
)
ADMIRALTY = Scale(
    "admiralty_6x6",
    "Admiralty 6x6 (NATO)",
    {
        "A": "completely reliable",
        "B": "usually reliable",
        "C": "fairly reliable",
        "D": "not usually reliable",
        "E": "unreliable",
        "F": "reliability cannot be judged",
    },
    {
        "1": "confirmed by other sources",
        "2": "probably true",
        "3": "possibly true",
        "4": "doubtful",
        "5": "improbable",
        "6": "truth cannot be judged",
    },
)
SCALES: dict[str, Scale] = {s.key: s for s in (EUROPOL, ADMIRALTY)}
ALIASES = {"europol": EUROPOL.key, "4x4": EUROPOL.key, "admiralty": ADMIRALTY.key, "nato": ADMIRALTY.key, "6x6": ADMIRALTY.key}
# The store's grades as the loader receives them (`store.grades_table`).
GRADE_COLUMNS = ["dataset", "record_id", "document_id", "scale", "grade", "graded_by", "graded_at", "note"]


class GradeError(ValueError):
    """A grade that is not one of its scale's codes, with the codes it could be."""


def scale_named(name: str | None) -> tuple[Scale, str | None]:
    """The scale a setting names (key or alias, any case; Europol's 4x4 when unset), and what was wrong with it."""
    if not name or not name.strip():
        return EUROPOL, None
    key = ALIASES.get(name.strip().lower(), name.strip().lower())
    if key in SCALES:
        return SCALES[key], None
    return EUROPOL, f"ATLAS_GRADING={name!r} is not a grading scale (use europol_4x4 or admiralty_6x6); Europol 4x4 is used"


def instance_scale() -> tuple[Scale, str | None]:
    """The instance's grading scale (`ATLAS_GRADING`), and what was wrong with the setting."""
    return scale_named(os.environ.get("ATLAS_GRADING"))


def parse(code: object, scale: Scale) -> str:
    """A grade written as the scale writes it ("b 2", "B2", "B-2" -> "B2"); GradeError when it is not one."""
    text = re.sub(r"[\s/-]", "", str(code or "")).upper()
    if len(text) == 2 and text[0] in scale.reliability and text[1] in scale.credibility:
        return text
    letters, digits = "".join(scale.reliability), "".join(scale.credibility)
    raise GradeError(
        f"{str(code)!r} is not a grade on the {scale.name} scale: a source letter ({', '.join(letters)}) then an "
        f"information digit ({', '.join(digits)}), such as {letters[1]}{digits[1]}"
    )


def describe(code: object, scale_key: object) -> str:
    """A grade in words: "B2 (Europol 4x4): source: …; information: …"."""
    scale = SCALES.get(str(scale_key))
    text = str(code or "")
    if scale is None or len(text) != 2 or text[0] not in scale.reliability or text[1] not in scale.credibility:
        return text
    return f"{text} ({scale.name}) — source: {scale.reliability[text[0]]}; information: {scale.credibility[text[1]]}"


def latest(grades: pd.DataFrame | None) -> pd.DataFrame:
    """The grade that counts for each record: its latest (grades are never overwritten, only superseded)."""
    if grades is None or grades.empty:
        return pd.DataFrame(columns=GRADE_COLUMNS)
    known = [code in SCALES[scale].codes() if scale in SCALES else False for code, scale in zip(grades["grade"], grades["scale"])]
    ordered = grades[known].sort_values("graded_at", kind="stable")  # a grade off its scale (a hand-edited store) is not used
    return ordered.drop_duplicates(["dataset", "record_id"], keep="last").reset_index(drop=True)


def _note(rows: pd.DataFrame) -> pd.Series:
    when = pd.to_datetime(rows["graded_at"], utc=True, errors="coerce").dt.strftime("%Y-%m-%d")
    note = "graded by " + rows["graded_by"].astype(str) + " on " + when.fillna("?")
    why = rows["note"].fillna("").astype(str).str.strip()
    return note.where(why == "", note + ": " + why)


def graded(frames: dict[str, pd.DataFrame], grades: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Every dataset with its records' grades (`grade`, `grade_scale`, `grade_note`): a record's own latest grade,
    else its document's ("as its document: …") unless it comes from outside the documents, else none. Places are the
    gazetteer and are not graded."""
    current = latest(grades)
    if current.empty:
        return frames  # nothing graded: no columns to carry (a million ungraded records cost nothing more)
    by_key = current.set_index(current["dataset"] + ":" + current["record_id"].astype(str))
    docs = current[current["dataset"] == "documents"].set_index("record_id")
    out = {}
    for name, frame in frames.items():
        entry = catalog.DATASETS.get(name)
        if name == "places" or entry is None or "document_id" not in frame:
            out[name] = frame
            continue
        frame = frame.copy(deep=False)
        empty = pd.Series(pd.NA, index=frame.index, dtype=object)
        frame["grade"], frame["grade_scale"], frame["grade_note"] = empty, empty.copy(), empty.copy()
        if entry.id_column:
            keys = name + ":" + frame[entry.id_column].astype(str)
            hit = keys.isin(by_key.index)
            rows = by_key.reindex(keys[hit])
            frame.loc[hit, "grade"] = rows["grade"].to_numpy()
            frame.loc[hit, "grade_scale"] = rows["scale"].to_numpy()
            frame.loc[hit, "grade_note"] = _note(rows).to_numpy()
        if name != "documents" and len(docs):
            # A fact from outside the documents is not its document's information: it does not take that grade.
            rest = frame["grade"].isna() & frame["document_id"].isin(docs.index) & ~provenance.is_outside(frame)
            rows = docs.reindex(frame.loc[rest, "document_id"])
            frame.loc[rest, "grade"] = rows["grade"].to_numpy()
            frame.loc[rest, "grade_scale"] = rows["scale"].to_numpy()
            frame.loc[rest, "grade_note"] = ("as its document: " + _note(rows)).to_numpy()
        out[name] = frame
    return out


def passes(frame: pd.DataFrame, scale_key: str, reliability: tuple[str, ...], credibility: tuple[str, ...]) -> pd.Series:
    """Whether each record's grade, on the instance's scale, has one of the chosen letters and digits (ungraded
    records and grades on another scale do not pass a grade filter)."""
    keep = pd.Series(True, index=frame.index)
    if not reliability and not credibility:
        return keep
    grade = frame["grade"].where(frame["grade_scale"] == scale_key) if "grade" in frame else pd.Series(pd.NA, index=frame.index)
    grade = grade.fillna("").astype(str)
    if reliability:
        keep &= grade.str[:1].isin(reliability) & (grade != "")
    if credibility:
        keep &= grade.str[1:2].isin(credibility) & (grade != "")
    return keep


def grade_line(record: pd.Series, scale: Scale | None = None) -> str:
    """A record's grade in words with who gave it, or that no analyst has graded it (on the instance's `scale`)."""
    if pd.isna(record.get("grade")):
        return f"Grade: ungraded ({scale.name + ': ' if scale else ''}no analyst has graded it)"
    return f"Grade: {describe(record['grade'], record['grade_scale'])} · {record['grade_note']}"


def grade_texts(frame: pd.DataFrame) -> pd.Series:
    """Each record's grade for a table: "B2", "B2 (its document's)", "A1 (6x6)" on the Admiralty code, or "ungraded"."""
    if "grade" not in frame:
        return pd.Series("ungraded", index=frame.index, dtype=object)
    code = frame["grade"].astype(object).where(frame["grade"].notna(), "").astype(str)
    admiralty = (frame["grade_scale"] == ADMIRALTY.key).fillna(False).astype(bool)
    inherited = frame["grade_note"].fillna("").astype(str).str.startswith("as its document")
    text = code + admiralty.map({True: " (6x6)", False: ""}) + inherited.map({True: " (its document's)", False: ""})
    return text.where(code != "", "ungraded")


def narrow(
    data: dict[str, pd.DataFrame], scale_key: str, reliability: tuple[str, ...], credibility: tuple[str, ...]
) -> dict[str, pd.DataFrame]:
    """The datasets under a grade filter: the figures and relations graded so (their own grade, else their
    document's), and the incidents, initiatives and stakeholders graded so or that such a figure or relation is about
    (an A1 figure keeps its incident; a stakeholder named first in a C document is kept by its A relations); the
    documents graded so or that such a record comes from. Places are the gazetteer and are kept."""
    ok = {name: passes(frame, scale_key, reliability, credibility) for name, frame in data.items()}
    fig, rel = data["figures"][ok["figures"]], data["relations"][ok["relations"]]
    about = {kind: set(rel.loc[rel["target_type"] == kind, "target_id"]) for kind in ("incident", "initiative", "stakeholder")}
    about["incident"] |= set(fig["incident_id"].dropna())
    about["initiative"] |= set(fig["initiative_id"].dropna())
    about["stakeholder"] |= set(rel["stakeholder_id"]) | set(fig["reported_by"].dropna())
    out = dict(data, figures=fig, relations=rel)
    for name, kind in (("incidents", "incident"), ("initiatives", "initiative"), ("stakeholders", "stakeholder")):
        frame = data[name]
        out[name] = frame[ok[name] | frame[f"{kind}_id"].isin(about[kind])]
    out["routes"] = data["routes"][ok["routes"]]
    used = set().union(*(set(out[n]["document_id"]) for n in ("figures", "relations", "incidents", "initiatives",
                                                               "stakeholders", "routes")))  # fmt: skip
    docs = data["documents"]
    out["documents"] = docs[ok["documents"] | docs["document_id"].isin(used)]
    return out
