"""Outside datasets imported as layers beside the documents (the IOM Missing Migrants Project's CSV, a unit's own
records): which records are a dataset's, their totals counted apart from the documents', and the documents'
incident each imported incident may describe, proposed for an analyst to confirm."""

from __future__ import annotations

import numpy as np
import pandas as pd

from trafficking_atlas import casualties, formatting, timeline
from trafficking_atlas.provenance import is_dataset

# An imported incident is proposed as one of the documents' incidents when their dates (at their precision) come
# within this many days of each other and their places within this many kilometres.
LINK_DAYS = 3
LINK_KM = 100.0
LINK_SPAN_DAYS = 31  # the longest a documents' incident may last to be proposed as one row's event
TOTALS_RULE = (
    "each dataset's own rows summed (one row per incident, as the dataset counts them); never added to the "
    "documents' figures or to another dataset's"
)


def dataset_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents that are imported datasets' files."""
    return documents[(documents["title_basis"] == "dataset").fillna(False).astype(bool)]


def totals(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per imported dataset in view: `document_id`, `title`, `incidents`, `dead`, `missing` (sums of its rows'
    minimums under `casualties.casualty_minimums`, NaN when none), in title order. See `TOTALS_RULE`."""
    columns = ["document_id", "title", "incidents", "dead", "missing"]
    mine = figures[is_dataset(figures)]
    datasets = dataset_documents(documents)
    if mine.empty or datasets.empty:
        return pd.DataFrame(columns=columns)
    minimums = casualties.casualty_minimums(mine)
    doc_of = mine.drop_duplicates("incident_id").set_index("incident_id")["document_id"]
    minimums["document_id"] = minimums["incident_id"].map(doc_of)
    stated = minimums[minimums["minimum"].notna()]
    wide = stated.pivot_table(index="document_id", columns="kind", values="minimum", aggfunc="sum")
    wide = wide.reindex(columns=["dead", "missing"])
    counts = minimums.groupby("document_id")["incident_id"].nunique().rename("incidents")
    titles = datasets.set_index("document_id")["title"]
    out = pd.concat([counts, wide], axis=1).reset_index(names="document_id")
    out["title"] = out["document_id"].map(titles).fillna(out["document_id"])
    return out.sort_values("title")[columns].reset_index(drop=True)


def _coordinates(incidents: pd.DataFrame, places: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each incident's latitude and longitude: its own, else its place's."""
    at = places.drop_duplicates("place_id").set_index("place_id")
    lat = incidents["lat"].astype(float).fillna(incidents["place_id"].map(at["lat"]).astype(float))
    lon = incidents["lon"].astype(float).fillna(incidents["place_id"].map(at["lon"]).astype(float))
    return lat.to_numpy(), lon.to_numpy()


def _km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances in kilometres from one point to many (haversine, mean Earth radius)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


LINK_COLUMNS = ["incident_id", "same_as", "document_id", "days_apart", "km_apart"]


def propose_links(incidents: pd.DataFrame, places: pd.DataFrame, decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Imported incidents that may be one of the documents' incidents: dated within `LINK_DAYS` days of each other
    (each at its precision: a month-only date covers its month) and placed within `LINK_KM` km. A pair an analyst
    already decided on is not proposed again, nor an imported incident already confirmed as one. Nearest first.

    Returns `LINK_COLUMNS`: the imported incident, the documents' incident, the imported incident's dataset, and
    how many days and km apart they are."""
    mine = is_dataset(incidents)
    ours, theirs = incidents[~mine & incidents["date"].notna()], incidents[mine & incidents["date"].notna()]
    if ours.empty or theirs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    o_start, o_end = timeline.spans(ours["date"], ours["date_end"], ours["date_precision"])
    # A documents' "incident" spanning more than a month (a year's drownings in the Channel) is a tally, not an event
    # a dataset's row could be.
    event = (o_end - o_start) <= pd.Timedelta(days=LINK_SPAN_DAYS)
    ours, o_start, o_end = ours[event], o_start[event], o_end[event]
    t_start, t_end = timeline.spans(theirs["date"], theirs["date_end"], theirs["date_precision"])
    o_lat, o_lon = _coordinates(ours, places)
    t_lat, t_lon = _coordinates(theirs, places)
    ts, te = t_start.to_numpy(), t_end.to_numpy()
    found = []
    slack = np.timedelta64(LINK_DAYS, "D")
    for i, (iid, lat, lon) in enumerate(zip(ours["incident_id"], o_lat, o_lon)):  # the documents' incidents: few
        if np.isnan(lat) or np.isnan(lon):
            continue
        s, e = np.datetime64(o_start.iloc[i]), np.datetime64(o_end.iloc[i])
        near_in_time = (ts <= e + slack) & (te >= s - slack)
        if not near_in_time.any():
            continue
        km = _km(lat, lon, t_lat, t_lon)
        hit = near_in_time & (km <= LINK_KM)
        for j in np.flatnonzero(hit):
            gap = max(np.timedelta64(0, "D"), ts[j] - e, s - te[j]) / np.timedelta64(1, "D")
            found.append((theirs["incident_id"].iloc[j], iid, theirs["document_id"].iloc[j], int(gap), round(float(km[j]), 1)))
    out = pd.DataFrame(found, columns=LINK_COLUMNS)
    if decisions is not None and len(decisions) and len(out):
        decided = set(zip(decisions["incident_id"], decisions["same_as"]))
        out = out[[pair not in decided for pair in zip(out["incident_id"], out["same_as"])]]
        latest = decisions.drop_duplicates(["incident_id", "same_as"], keep="last")
        out = out[~out["incident_id"].isin(latest.loc[latest["decision"] == "confirmed", "incident_id"])]
    return out.sort_values(["km_apart", "days_apart", "incident_id"]).reset_index(drop=True)


def link_table(proposals: pd.DataFrame, incidents: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The proposals as the analyst reviews them: the dataset's incident and row, the documents' incident, dates,
    how far apart, in English column headers."""
    inc = incidents.drop_duplicates("incident_id").set_index("incident_id")
    labels = formatting.document_labels(documents)
    titles = documents.set_index("document_id")["title"]

    def when(ids: pd.Series) -> pd.Series:
        rows = inc.loc[ids]
        return formatting.date_labels(rows["date"], rows["date_end"], rows["date_precision"]).set_axis(ids.index)

    theirs, ours = proposals["incident_id"], proposals["same_as"]
    return pd.DataFrame({
        "Dataset incident": theirs.map(inc["name"]),
        "Dataset": proposals["document_id"].map(titles).fillna(proposals["document_id"]),
        "Row": theirs.map(inc["row_id"]),
        "Its date": when(theirs) if len(theirs) else pd.Series(dtype=str),
        "Documents' incident": ours.map(inc["name"]),
        "Reported in": ours.map(inc["document_id"]).map(labels),
        "Their date": when(ours) if len(ours) else pd.Series(dtype=str),
        "Days apart": proposals["days_apart"],
        "Km apart": proposals["km_apart"],
    })  # fmt: skip
