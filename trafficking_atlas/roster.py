"""The stakeholder roster: one row per stakeholder with what it is tied to, its filters and profiles."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trafficking_atlas import queries, vocab

LIST_FACETS = ("domains", "roles", "initiatives", "documents")


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


def roster(data: dict[str, pd.DataFrame], stakeholders: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """One row per stakeholder: kind, country, counts of initiatives and incidents, and the sets it belongs to.

    Args:
        data: the full dataset (for initiatives, incidents and documents).
        stakeholders: the stakeholders to list (already narrowed by the global filters).
        relations: the relations to count (already narrowed likewise).

    Returns:
        Columns `stakeholder_id`, `name`, `kind`, `country`, `aliases`, `initiatives`, `incidents`,
        `people`, and tuple columns `initiative_ids`, `incident_ids`, `roles`, `domains`, `documents`.
    """
    ini_domain = dict(zip(data["initiatives"]["initiative_id"], data["initiatives"]["domain"]))
    inc_domain = dict(zip(data["incidents"]["incident_id"], data["incidents"]["domain"]))
    doc_domains = {d: queries.split_list(v) for d, v in zip(data["documents"]["document_id"], data["documents"]["domains"])}
    people = data["stakeholders"].groupby("organisation_id")["stakeholder_id"].apply(set).to_dict()
    employed = relations[relations["role"] == "employed_by"]
    for target, sid in zip(employed["target_id"], employed["stakeholder_id"]):
        people.setdefault(target, set()).add(sid)
    # Each stakeholder's own and inbound relations, grouped once (not filtered once per stakeholder).
    inbound_rel = relations[relations["target_type"] == "stakeholder"]
    own_ini = _sets(relations[relations["target_type"] == "initiative"], "stakeholder_id", "target_id")
    own_inc = _sets(relations[relations["target_type"] == "incident"], "stakeholder_id", "target_id")
    own_docs = _sets(relations, "stakeholder_id", "document_id")
    own_roles = _sets(relations, "stakeholder_id", "role")
    in_docs = _sets(inbound_rel, "target_id", "document_id")
    in_roles = _sets(inbound_rel, "target_id", "role")
    empty: set = set()
    rows = []
    for sid, name, kind, country, aliases, doc in zip(
        stakeholders["stakeholder_id"], stakeholders["name"], stakeholders["kind"], stakeholders["country"],
        stakeholders["aliases"], stakeholders["document_id"],
    ):  # fmt: skip
        inis = tuple(sorted(own_ini.get(sid, empty)))
        incs = tuple(sorted(own_inc.get(sid, empty)))
        domains = {ini_domain[i] for i in inis if i in ini_domain} | {inc_domain[i] for i in incs if i in inc_domain}
        if not domains:
            domains = set(doc_domains.get(doc, []))
        documents = {doc} | own_docs.get(sid, empty) | in_docs.get(sid, empty)
        rows.append({
            "stakeholder_id": sid,
            "name": name,
            "kind": kind,
            "country": country,
            "aliases": aliases if pd.notna(aliases) else "",
            "initiatives": len(inis),
            "incidents": len(incs),
            "people": len(people.get(sid, set())),
            "initiative_ids": inis,
            "incident_ids": incs,
            "roles": tuple(sorted(own_roles.get(sid, empty) | {"has_" + r for r in in_roles.get(sid, empty)})),
            "domains": tuple(sorted(domains)),
            "documents": tuple(sorted(documents)),
        })  # fmt: skip
    columns = ["stakeholder_id", "name", "kind", "country", "aliases", "initiatives", "incidents", "people",
               "initiative_ids", "incident_ids", "roles", "domains", "documents"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _sets(frame: pd.DataFrame, key: str, value: str) -> dict[str, set]:
    """The set of `value`s of each `key`, in one pass."""
    if frame.empty:
        return {}
    return {k: set(v) for k, v in frame.groupby(key, sort=False)[value]}


def _mask(table: pd.DataFrame, f: RosterFilter, skip: str | None = None) -> pd.Series:
    keep = pd.Series(True, index=table.index)
    if f.kinds and skip != "kinds":
        keep &= table["kind"].isin(f.kinds)
    if f.countries and skip != "countries":
        keep &= table["country"].isin(f.countries)
    for facet, column in (
        ("domains", "domains"),
        ("roles", "roles"),
        ("initiatives", "initiative_ids"),
        ("documents", "documents"),
    ):
        wanted = set(getattr(f, facet))
        if wanted and skip != facet:
            keep &= table[column].map(lambda values, wanted=wanted: bool(wanted & set(values)))
    if f.text.strip():
        needle = f.text.strip().casefold()
        keep &= (table["name"] + " " + table["aliases"]).str.casefold().str.contains(needle, regex=False)
    return keep


def apply(table: pd.DataFrame, f: RosterFilter) -> pd.DataFrame:
    """The roster narrowed by the page's filters."""
    return table[_mask(table, f)]


def facet_counts(table: pd.DataFrame, f: RosterFilter, facet: str) -> dict[str, int]:
    """For each option of one filter, how many stakeholders choosing it would leave (the other filters applied)."""
    rest = table[_mask(table, f, skip=facet)]
    column = {"kinds": "kind", "countries": "country", "initiatives": "initiative_ids"}.get(facet, facet)
    counts: dict[str, int] = {}
    for value in rest[column]:
        for item in value if isinstance(value, tuple) else (value,):
            counts[item] = counts.get(item, 0) + 1
    return counts


def profile(data: dict[str, pd.DataFrame], stakeholder_id: str) -> dict[str, object]:
    """A stakeholder's record, every relation it has (both directions), its people or its organisation."""
    sh = data["stakeholders"]
    rows = sh[sh["stakeholder_id"] == stakeholder_id]
    if rows.empty:
        return {}
    record = rows.iloc[0]
    names = {
        "stakeholder": dict(zip(sh["stakeholder_id"], sh["name"])),
        "initiative": dict(zip(data["initiatives"]["initiative_id"], data["initiatives"]["name"])),
        "incident": dict(zip(data["incidents"]["incident_id"], data["incidents"]["name"])),
    }
    dated = {
        "initiative": data["initiatives"].set_index("initiative_id"),
        "incident": data["incidents"].set_index("incident_id"),
    }
    docs = queries.document_labels(data["documents"])
    rel = data["relations"]
    out_rel = rel[rel["stakeholder_id"] == stakeholder_id]
    in_rel = rel[(rel["target_type"] == "stakeholder") & (rel["target_id"] == stakeholder_id)]
    table = []
    for direction, frame in (("out", out_rel), ("in", in_rel)):
        for _, r in frame.iterrows():
            if direction == "out":
                other_type, other = r["target_type"], r["target_id"]
                role = str(r["role"]).replace("_", " ")
            else:
                other_type, other = "stakeholder", r["stakeholder_id"]
                role = f"{str(r['role']).replace('_', ' ')} (by)"
            when = ""
            if other_type in dated and other in dated[other_type].index:
                when = queries.date_label(dated[other_type].loc[other])
            table.append({
                "Role": role,
                "With": names[other_type].get(other, other),
                "Type": other_type,
                "Date": when,
                "Document": docs.get(r["document_id"], r["document_id"]),
                "Quote": r["quote"],
                "target_type": other_type,
                "target_id": other,
                "relation_id": r["relation_id"],
                "document_id": r["document_id"],
            })  # fmt: skip
    relations = pd.DataFrame(table, columns=["Role", "With", "Type", "Date", "Document", "Quote", "target_type",
                                             "target_id", "relation_id", "document_id"])  # fmt: skip
    people_ids = set(sh.loc[sh["organisation_id"] == stakeholder_id, "stakeholder_id"])
    people_ids |= set(rel.loc[(rel["role"] == "employed_by") & (rel["target_id"] == stakeholder_id), "stakeholder_id"])
    people = sh[sh["stakeholder_id"].isin(people_ids)][["stakeholder_id", "name", "role"]]
    organisation = None
    if pd.notna(record.get("organisation_id")) and record["organisation_id"] in names["stakeholder"]:
        organisation = (record["organisation_id"], names["stakeholder"][record["organisation_id"]])
    return {
        "record": record,
        "kind": vocab.label(vocab.STAKEHOLDER_KINDS, record["kind"]),
        "relations": relations,
        "people": people.reset_index(drop=True),
        "organisation": organisation,
    }
