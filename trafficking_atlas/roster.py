"""The stakeholder roster: one row per stakeholder with what it is tied to, its filters and profiles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trafficking_atlas import formatting, frame_tools, grading, provenance, vocab

LIST_FACETS = ("domains", "roles", "initiatives", "documents")
FACETS = ("kinds", "countries", *LIST_FACETS)
# Rows the page sends the browser at a time: a screenful many times over, yet bounded at any data size.
PAGE_SIZE = 200
# Options a facet offers at most (the most frequent, plus those chosen): 20,000 initiatives are no menu.
MAX_OPTIONS = 300
# Sort orders of the whole roster (the table's own header sort only orders the page it shows).
SORTS: dict[str, tuple[str, list[str], list[bool]]] = {
    "relations": ("Most relations", ["relations", "name"], [False, True]),
    "name": ("Name", ["name"], [True]),
    "initiatives": ("Most initiatives", ["initiatives", "incidents", "name"], [False, False, True]),
    "incidents": ("Most incidents", ["incidents", "initiatives", "name"], [False, False, True]),
    "people": ("Most people", ["people", "name"], [False, True]),
}
COLUMNS = ["stakeholder_id", "name", "kind", "country", "aliases", "search", "relations", "initiatives", "incidents",
           "people", "documents", "source", "grade"]  # fmt: skip


@dataclass(frozen=True)
class RosterFilter:
    """The stakeholder page's own filters; an empty tuple or text means no restriction."""

    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Roster:
    """The roster table and, for each list facet, its (`stakeholder_id`, `value`) pairs (one row per distinct pair)."""

    table: pd.DataFrame
    links: dict[str, pd.DataFrame]


def _pairs(*parts: tuple[pd.Series, pd.Series]) -> pd.DataFrame:
    """Distinct (`stakeholder_id`, `value`) pairs from aligned column pairs, empty values dropped."""
    frames = [pd.DataFrame({"stakeholder_id": k.to_numpy(), "value": v.to_numpy()}) for k, v in parts]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["stakeholder_id", "value"])
    return out.dropna().drop_duplicates(ignore_index=True).astype({"stakeholder_id": "str", "value": "str"})


def build(data: dict[str, pd.DataFrame], stakeholders: pd.DataFrame, relations: pd.DataFrame) -> Roster:
    """The roster of `stakeholders` with its facet memberships, vectorised (no per-stakeholder Python).

    Args:
        data: the full dataset (for initiatives, incidents, documents and every stakeholder's organisation).
        stakeholders: the stakeholders to list (already narrowed by the global filters).
        relations: the relations to count (already narrowed likewise).

    Returns:
        `table`: columns `stakeholder_id`, `name`, `kind`, `country`, `aliases`, `search` (name and aliases,
        casefolded), counts `relations` (either direction), `initiatives`, `incidents`, `people`, `documents`;
        `links`: for `domains`, `roles`, `initiatives` and `documents`, the distinct (`stakeholder_id`, `value`) pairs.
        A stakeholder with no initiative or incident takes its document's domains; roles received from another
        stakeholder are prefixed `has_`.
    """
    sid = stakeholders["stakeholder_id"]
    listed = frame_tools.member(relations["stakeholder_id"], sid)
    own = relations[listed]
    inbound = relations[(relations["target_type"] == "stakeholder") & frame_tools.member(relations["target_id"], sid)]
    own_ini = own[own["target_type"] == "initiative"]
    own_inc = own[own["target_type"] == "incident"]
    ini_domain = data["initiatives"].set_index("initiative_id")["domain"]
    inc_domain = data["incidents"].set_index("incident_id")["domain"]
    tied = _pairs(
        (own_ini["stakeholder_id"], own_ini["target_id"].map(ini_domain)),
        (own_inc["stakeholder_id"], own_inc["target_id"].map(inc_domain)),
    )
    untied = stakeholders[~frame_tools.member(sid, tied["stakeholder_id"])]
    doc_domains = pd.Series(
        [frame_tools.split_list(v) for v in data["documents"]["domains"]], index=data["documents"]["document_id"], dtype=object
    )
    fallback = pd.DataFrame({"stakeholder_id": untied["stakeholder_id"], "value": untied["document_id"].map(doc_domains)})
    fallback = fallback.explode("value")
    links = {
        "domains": _pairs((tied["stakeholder_id"], tied["value"]), (fallback["stakeholder_id"], fallback["value"])),
        "roles": _pairs((own["stakeholder_id"], own["role"]), (inbound["target_id"], "has_" + inbound["role"])),
        "initiatives": _pairs((own_ini["stakeholder_id"], own_ini["target_id"])),
        "documents": _pairs(
            (sid, stakeholders["document_id"]),
            (own["stakeholder_id"], own["document_id"]),
            (inbound["target_id"], inbound["document_id"]),
        ),
    }
    # An organisation's people: those naming it (in the full data) and those employed by it (in view).
    sh = data["stakeholders"]
    employed = relations[relations["role"] == "employed_by"]
    people = _pairs((sh["organisation_id"], sh["stakeholder_id"]), (employed["target_id"], employed["stakeholder_id"]))

    def count(keys: pd.Series) -> np.ndarray:
        return sid.map(keys.value_counts()).fillna(0).astype(int).to_numpy()

    aliases = stakeholders["aliases"].fillna("").astype(str)
    table = pd.DataFrame({
        "stakeholder_id": sid.to_numpy(),
        "name": stakeholders["name"].to_numpy(),
        "kind": stakeholders["kind"].to_numpy(),
        "country": stakeholders["country"].to_numpy(),
        "aliases": aliases.to_numpy(),
        "search": (stakeholders["name"].astype(str) + " " + aliases).str.casefold().to_numpy(),
        "relations": count(own["stakeholder_id"]) + count(inbound["target_id"]),
        "initiatives": count(links["initiatives"]["stakeholder_id"]),
        "incidents": count(own_inc.drop_duplicates(["stakeholder_id", "target_id"])["stakeholder_id"]),
        "people": count(people["stakeholder_id"]),
        "documents": count(links["documents"]["stakeholder_id"]),
        # Where the record itself comes from, in words: the mark an outside stakeholder carries in every table.
        "source": provenance.provenance_texts(stakeholders["basis"], stakeholders["source"]).to_numpy(),
        "grade": grading.grade_texts(stakeholders).to_numpy(),
    }, columns=COLUMNS)  # fmt: skip
    return Roster(table=table, links=links)


def roster(data: dict[str, pd.DataFrame], stakeholders: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """The roster table alone (see `build`)."""
    return build(data, stakeholders, relations).table


def _masks(r: Roster, f: RosterFilter) -> dict[str, np.ndarray]:
    """One boolean mask over the table per active filter (facet name, or `text`)."""
    table = r.table
    out: dict[str, np.ndarray] = {}
    if f.kinds:
        out["kinds"] = frame_tools.member(table["kind"], f.kinds).to_numpy()
    if f.countries:
        out["countries"] = frame_tools.member(table["country"], f.countries).to_numpy()
    for facet in LIST_FACETS:
        wanted = getattr(f, facet)
        if wanted:
            pairs = r.links[facet]
            out[facet] = frame_tools.member(
                table["stakeholder_id"], pairs.loc[frame_tools.member(pairs["value"], wanted), "stakeholder_id"]
            ).to_numpy()
    needle = f.text.strip().casefold()
    if needle:
        out["text"] = table["search"].str.contains(needle, regex=False).to_numpy(dtype=bool)
    return out


def _combine(masks: dict[str, np.ndarray], n: int, skip: str | None = None) -> np.ndarray | None:
    """The AND of the masks except `skip`'s; None when nothing restricts."""
    parts = [m for name, m in masks.items() if name != skip]
    if not parts:
        return None
    return np.logical_and.reduce(parts) if len(parts) > 1 else parts[0]


def apply(r: Roster, f: RosterFilter) -> pd.DataFrame:
    """The roster table narrowed by the page's filters."""
    keep = _combine(_masks(r, f), len(r.table))
    return r.table if keep is None else r.table[keep]


def _counts(r: Roster, facet: str, keep: np.ndarray | None) -> dict[str, int]:
    if facet in ("kinds", "countries"):
        column = r.table["kind" if facet == "kinds" else "country"]
        values = column if keep is None else column[keep]
    else:
        pairs = r.links[facet]
        if keep is not None:
            pairs = pairs[frame_tools.member(pairs["stakeholder_id"], r.table.loc[keep, "stakeholder_id"])]
        values = pairs["value"]
    return {str(k): int(v) for k, v in values.value_counts().items()}


def facet_counts(r: Roster, f: RosterFilter, facet: str) -> dict[str, int]:
    """For each option of one filter, how many stakeholders choosing it would leave (the other filters applied)."""
    masks = _masks(r, f)
    return _counts(r, facet, _combine(masks, len(r.table), skip=facet))


def all_facet_counts(r: Roster, f: RosterFilter) -> dict[str, dict[str, int]]:
    """`facet_counts` of every facet, each filter's mask computed once."""
    masks = _masks(r, f)
    return {facet: _counts(r, facet, _combine(masks, len(r.table), skip=facet)) for facet in FACETS}


def top_options(counts: dict[str, int], chosen: tuple[str, ...] = (), limit: int = MAX_OPTIONS) -> dict[str, int]:
    """The `limit` most frequent options (ties by value) and every chosen one, with their counts."""
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    out = dict(top)
    for value in chosen:
        out.setdefault(value, counts.get(value, 0))
    return out


def sort(table: pd.DataFrame, by: str = "relations") -> pd.DataFrame:
    """The table in one of the `SORTS` orders (stable, so equal rows keep the data's order)."""
    _, columns, ascending = SORTS.get(by, SORTS["relations"])
    return table.sort_values(columns, ascending=ascending, kind="stable")


def pages(n_rows: int, size: int = PAGE_SIZE) -> int:
    """How many pages `n_rows` rows fill (at least one, so an empty table still has page 1)."""
    return max(1, -(-n_rows // size))


def page(table: pd.DataFrame, number: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page `number` (1-based, clamped to the pages there are)."""
    number = min(max(int(number), 1), pages(len(table), size))
    return table.iloc[(number - 1) * size : number * size]


def country_name(country: object) -> str:
    """A stakeholder's country as shown: the data's 'unknown' reads 'not stated'."""
    return "not stated" if pd.isna(country) or str(country).lower() in ("", "unknown") else str(country)


def display(rows: pd.DataFrame, r: Roster) -> pd.DataFrame:
    """The table as shown: labels for kinds and domains, one row per stakeholder of `rows` in their order."""
    domains = r.links["domains"]
    domains = domains[frame_tools.member(domains["stakeholder_id"], rows["stakeholder_id"])].sort_values(
        ["stakeholder_id", "value"]
    )
    labels = domains["value"].map(lambda d: vocab.label(vocab.DOMAINS, d))
    joined = labels.groupby(domains["stakeholder_id"].to_numpy(), sort=False).agg(", ".join)
    return pd.DataFrame({
        "Name": rows["name"].to_numpy(),
        "Kind": rows["kind"].map(lambda k: vocab.label(vocab.STAKEHOLDER_KINDS, k)).to_numpy(),
        "Country": rows["country"].map(country_name).to_numpy(),
        "Source": rows["source"].to_numpy(),
        "Grade": rows["grade"].to_numpy(),
        "Relations": rows["relations"].to_numpy(),
        "Initiatives": rows["initiatives"].to_numpy(),
        "Incidents": rows["incidents"].to_numpy(),
        "People": rows["people"].to_numpy(),
        "Documents": rows["documents"].to_numpy(),
        "Domains": rows["stakeholder_id"].map(joined).fillna("").to_numpy(),
    })  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """A stakeholder's profile: its name, a line of facts, its description, its outside source when it comes from
    outside the documents, its quote, its people and every relation it has (both directions)."""

    stakeholder_id: str
    name: str
    line: str
    description: str | None
    outside: str | None
    quote: str
    document_id: str
    people: pd.DataFrame
    relations: pd.DataFrame
    organisation: tuple[str, str] | None

    @property
    def outside_relations(self) -> int:
        """How many of its relations come from outside the documents."""
        return int(self.relations["Source"].str.startswith(provenance.OUTSIDE).sum())


def profile(data: dict[str, pd.DataFrame], stakeholder_id: str, docs: dict[str, str] | None = None) -> Profile | None:
    """A stakeholder's record, every relation it has (both directions), its people or its organisation."""
    sh = data["stakeholders"]
    rows = sh[sh["stakeholder_id"] == stakeholder_id]
    if rows.empty:
        return None
    record = rows.iloc[0]
    rel = data["relations"]
    out_rel = rel[rel["stakeholder_id"] == stakeholder_id]
    in_rel = rel[(rel["target_type"] == "stakeholder") & (rel["target_id"] == stakeholder_id)]
    # Look up only the records this stakeholder touches, not every name of the dataset.
    frames = {"stakeholder": (sh, "stakeholder_id"), "initiative": (data["initiatives"], "initiative_id"),
              "incident": (data["incidents"], "incident_id")}  # fmt: skip
    wanted = {
        kind: set(out_rel.loc[out_rel["target_type"] == kind, "target_id"])
        | (set(in_rel["stakeholder_id"]) if kind == "stakeholder" else set())
        for kind in frames
    }
    wanted["stakeholder"] |= {record["organisation_id"]} if pd.notna(record.get("organisation_id")) else set()
    found = {
        kind: frame[frame_tools.member(frame[column], wanted[kind])].set_index(column) for kind, (frame, column) in frames.items()
    }
    names = {kind: dict(zip(f.index, f["name"])) for kind, f in found.items()}
    docs = docs if docs is not None else formatting.document_labels(data["documents"])
    table = []
    for direction, frame in (("out", out_rel), ("in", in_rel)):
        for r in frame.to_dict("records"):
            if direction == "out":
                other_type, other = r["target_type"], r["target_id"]
                role = str(r["role"]).replace("_", " ")
            else:
                other_type, other = "stakeholder", r["stakeholder_id"]
                role = f"{str(r['role']).replace('_', ' ')} (by)"
            when = ""
            if other_type in ("initiative", "incident") and other in found[other_type].index:
                when = formatting.date_label(found[other_type].loc[other])
            table.append({
                "Role": role,
                "With": names.get(other_type, {}).get(other, other),
                "Type": other_type,
                "Date": when,
                "Source": provenance.provenance(r["basis"], r["source"]),
                "Document": docs.get(r["document_id"], r["document_id"])
                + (" (names the event; the relation is not in it)" if r["basis"] == "external" else ""),
                "Quote": r["quote"],
                "target_type": other_type,
                "target_id": other,
                "relation_id": r["relation_id"],
                "document_id": r["document_id"],
            })  # fmt: skip
    relations = pd.DataFrame(table, columns=["Role", "With", "Type", "Date", "Source", "Document", "Quote", "target_type",
                                             "target_id", "relation_id", "document_id"])  # fmt: skip
    people_ids = set(sh.loc[sh["organisation_id"] == stakeholder_id, "stakeholder_id"])
    people_ids |= set(rel.loc[(rel["role"] == "employed_by") & (rel["target_id"] == stakeholder_id), "stakeholder_id"])
    people = sh[sh["stakeholder_id"].isin(people_ids)][["stakeholder_id", "name", "role"]]
    organisation = None
    if pd.notna(record.get("organisation_id")) and record["organisation_id"] in names["stakeholder"]:
        organisation = (record["organisation_id"], names["stakeholder"][record["organisation_id"]])
    line = f"{vocab.label(vocab.STAKEHOLDER_KINDS, record['kind'])} · {country_name(record['country'])}"
    if pd.notna(record.get("role")):
        line += f" · {record['role']}"
    if organisation:
        line += f" · organisation: {organisation[1]}"
    return Profile(
        stakeholder_id=stakeholder_id,
        name=str(record["name"]),
        line=line,
        description=None if pd.isna(record.get("description")) else str(record["description"]),
        outside=provenance.provenance(record["basis"], record["source"]) if record["basis"] == "external" else None,
        quote=str(record["quote"]),
        document_id=str(record["document_id"]),
        people=people.rename(columns={"name": "Name", "role": "Role"})[["Name", "Role"]].reset_index(drop=True),
        relations=relations,
        organisation=organisation,
    )
