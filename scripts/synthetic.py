"""Synthetic data in the dataset's schema, at any size, for the performance benchmark.

`generate(n_incidents, seed)` returns one frame per dataset of `catalog.DATASETS` (columns in schema order,
as the CSV files hold them) and the texts of the synthetic source documents; `write(folder, ...)` writes them
as `data/`- and `seeds/`-shaped folders. Every record's quote is a sentence of its document, so the loader
accepts everything (no issues). The proportions follow the real data, scaled:

- figures ≈ 2 × incidents (a dead and a missing figure per incident, from two reporters),
- stakeholders ≈ incidents / 10, initiatives ≈ incidents / 5, relations ≈ 3 × incidents,
- routes up to 200 with 3–6 waypoints each, a few hundred places, and up to 200 documents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from trafficking_atlas import catalog, vocab

REGIONS = ["Europe", "Middle East & North Africa", "South Asia", "Sub-Saharan Africa", "North America", "Eurasia"]
SENTENCES = 24  # sentences per synthetic document; every quote is one of them
# Incident 0 sits here, so the benchmark can click it on the map (the real data's Pylos capsizing is nearby).
CLICK_TARGET = (36.3, 21.1)


def sizes(n_incidents: int) -> dict[str, int]:
    """How many records of each kind `generate` makes for a number of incidents."""
    n = max(int(n_incidents), 1)
    return {
        "documents": int(min(200, max(5, n // 1000))),
        "places": int(min(400, max(30, n // 50))),
        "stakeholders": max(20, n // 10),
        "initiatives": max(10, n // 5),
        "incidents": n,
        "routes": int(min(200, max(5, n // 500))),
        "figures": 2 * n,
        "relations": 3 * n,
    }


def sentence(doc: int, k: int) -> str:
    """The k-th sentence of synthetic document `doc`."""
    return f"Synthetic report {doc} states fact {k}: a record of trafficking and the response to it."


def _dates(rng: np.random.Generator, n: int, start: str = "2015-01-01", days: int = 3650) -> pd.Series:
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D"))


def _iso(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d")


def _quotes(rng: np.random.Generator, doc_index: np.ndarray) -> list[str]:
    ks = rng.integers(0, SENTENCES, len(doc_index))
    return [sentence(int(d), int(k)) for d, k in zip(doc_index, ks)]


def _pick(rng: np.random.Generator, values: list[str] | np.ndarray, n: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]


def _frame(name: str, columns: dict[str, object]) -> pd.DataFrame:
    """A frame with exactly the schema's columns, in order (absent ones empty)."""
    cols = catalog.DATASETS[name].columns()
    n = max((len(v) for v in columns.values() if not np.isscalar(v) and v is not None), default=0)
    defaults = {"basis": ["text"] * n}  # synthetic records are "stated" by their synthetic documents
    return pd.DataFrame({c: columns.get(c, defaults.get(c, [None] * n)) for c in cols})


def generate(n_incidents: int, seed: int = 0) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Synthetic frames (as the CSV files hold them: strings, numbers, ISO dates) and document texts.

    Args:
        n_incidents: how many incidents; everything else scales with it (see `sizes`).
        seed: random seed; the same seed gives the same data.

    Returns:
        (frames by dataset name, document texts by document id).
    """
    rng = np.random.default_rng(seed)
    n = sizes(n_incidents)
    domains = list(vocab.DOMAINS)

    # Documents and their texts.
    nd = n["documents"]
    doc_ids = [f"syn_{d:04d}.txt" for d in range(nd)]
    published = _dates(rng, nd, "2016-01-01", 3000)
    texts = {doc_ids[d]: "\n".join(sentence(d, k) for k in range(SENTENCES)) + "\n" for d in range(nd)}
    documents = _frame(
        "documents",
        {
            "document_id": doc_ids,
            "title": [f"Synthetic report {d}" for d in range(nd)],
            "title_basis": ["editorial"] * nd,
            "outlet": [f"Outlet {d % 17}" for d in range(nd)],
            "author": [None] * nd,
            "published": _iso(published),
            "published_end": [None] * nd,
            "published_precision": ["day"] * nd,
            "published_basis": ["text"] * nd,
            "published_source": [None] * nd,
            "domains": [";".join(sorted({domains[d % 5], domains[(d * 3 + 1) % 5]})) for d in range(nd)],
            "summary": [f"Synthetic document {d} for the benchmark." for d in range(nd)],
            "quote": [sentence(d, 0) for d in range(nd)],
        },
    )

    # Places: countries (with regions), then ports and cities in them.
    npl = n["places"]
    n_countries = max(10, npl // 6)
    kinds = ["country"] * n_countries + list(_pick(rng, ["port", "city", "city", "coast", "sea"], npl - n_countries))
    country_names = [f"Country {c:03d}" for c in range(n_countries)]
    country_of = [country_names[i] if i < n_countries else country_names[int(rng.integers(0, n_countries))] for i in range(npl)]
    region_of_country = {c: REGIONS[i % len(REGIONS)] for i, c in enumerate(country_names)}
    place_doc = rng.integers(0, nd, npl)
    place_lat = rng.uniform(-50, 65, npl).round(4)
    place_lon = rng.uniform(-120, 140, npl).round(4)
    place_lat[0], place_lon[0] = CLICK_TARGET
    place_ids = [f"place-{i:04d}" for i in range(npl)]
    names = [country_of[i] if i < n_countries else f"{kinds[i].capitalize()} {i:04d}" for i in range(npl)]
    places = _frame(
        "places",
        {
            "place_id": place_ids,
            "name": names,
            "aliases": names,
            "kind": kinds,
            "country": country_of,
            "region": [region_of_country[c] for c in country_of],
            "lat": place_lat,
            "lon": place_lon,
            "coord_basis": ["approximate"] * npl,
            "coord_source": ["synthetic"] * npl,
            "document_id": [doc_ids[d] for d in place_doc],
            "quote": _quotes(rng, place_doc),
        },
    )

    # Stakeholders: one in five a person, working for an organisation listed before them.
    ns = n["stakeholders"]
    sh_ids = [f"actor-{i:06d}" for i in range(ns)]
    org_kinds = [k for k in vocab.STAKEHOLDER_KINDS if k != "person"]
    sh_kind = np.where(np.arange(ns) % 5 == 4, "person", _pick(rng, org_kinds, ns))
    is_person = sh_kind == "person"
    org_of = [sh_ids[i - 1 - (i % 4 == 0)] if p else None for i, p in enumerate(is_person)]
    sh_doc = rng.integers(0, nd, ns)
    sh_names = [f"{'Person' if p else 'Organisation'} {i:06d}" for i, p in enumerate(is_person)]
    stakeholders = _frame(
        "stakeholders",
        {
            "stakeholder_id": sh_ids,
            "name": sh_names,
            "aliases": [f"{nm};Actor {i:06d}" for i, nm in enumerate(sh_names)],
            "kind": sh_kind,
            "country": _pick(rng, country_names + ["international"], ns),
            "role": ["Officer" if p else None for p in is_person],
            "organisation_id": org_of,
            "description": [f"Synthetic stakeholder {i}" for i in range(ns)],
            "document_id": [doc_ids[d] for d in sh_doc],
            "quote": _quotes(rng, sh_doc),
        },
    )

    # Initiatives.
    ni = n["initiatives"]
    ini_ids = [f"initiative-{i:06d}" for i in range(ni)]
    ini_doc = rng.integers(0, nd, ni)
    ini_date = _dates(rng, ni)
    initiatives = _frame(
        "initiatives",
        {
            "initiative_id": ini_ids,
            "name": [f"Initiative {i:06d}" for i in range(ni)],
            "aliases": [None] * ni,
            "kind": _pick(rng, vocab.INITIATIVE_KINDS, ni),
            "status": _pick(rng, vocab.INITIATIVE_STATUSES, ni),
            "parent_id": [ini_ids[i - 1] if i % 10 == 9 else None for i in range(ni)],
            "date": _iso(ini_date).where(np.arange(ni) % 7 != 6, None),
            "date_end": [None] * ni,
            "date_precision": np.where(np.arange(ni) % 7 != 6, "day", None),
            "date_basis": np.where(np.arange(ni) % 7 != 6, "text", None),
            "date_source": [None] * ni,
            "place_id": _pick(rng, place_ids, ni),
            "domain": _pick(rng, domains, ni),
            "focus": ["Synthetic initiative"] * ni,
            "document_id": [doc_ids[d] for d in ini_doc],
            "quote": _quotes(rng, ini_doc),
        },
    )

    # Incidents, near their place.
    nn = n["incidents"]
    inc_ids = [f"incident-{i:07d}" for i in range(nn)]
    inc_place = rng.integers(0, npl, nn)
    inc_place[0] = 0
    inc_doc = rng.integers(0, nd, nn)
    inc_date = _dates(rng, nn)
    inc_lat = np.clip(place_lat[inc_place] + rng.normal(0, 1.5, nn), -80, 80).round(4)
    inc_lon = np.clip(place_lon[inc_place] + rng.normal(0, 1.5, nn), -179, 179).round(4)
    inc_lat[0], inc_lon[0] = CLICK_TARGET
    dead = rng.integers(0, 400, nn).astype(float)
    missing = rng.integers(0, 100, nn).astype(float)
    incidents = _frame(
        "incidents",
        {
            "incident_id": inc_ids,
            "name": [f"Incident {i:07d}" for i in range(nn)],
            "kind": _pick(rng, vocab.INCIDENT_KINDS, nn),
            "date": _iso(inc_date),
            "date_end": [None] * nn,
            "date_precision": ["day"] * nn,
            "date_basis": ["text"] * nn,
            "date_source": [None] * nn,
            "place_id": [place_ids[p] for p in inc_place],
            "lat": inc_lat,
            "lon": inc_lon,
            "coord_basis": ["approximate"] * nn,
            "coord_source": ["synthetic"] * nn,
            "domain": _pick(rng, domains, nn),
            "dead": dead,
            "missing": missing,
            "other_counts": [None] * nn,
            "summary": [f"Synthetic incident {i}" for i in range(nn)],
            "document_id": [doc_ids[d] for d in inc_doc],
            "quote": _quotes(rng, inc_doc),
        },
    )

    # Routes and their waypoints.
    nr = n["routes"]
    route_ids = [f"route-{i:04d}" for i in range(nr)]
    route_doc = rng.integers(0, nd, nr)
    routes = _frame(
        "routes",
        {
            "route_id": route_ids,
            "name": [f"Route {i:04d}" for i in range(nr)],
            "domain": _pick(rng, domains, nr),
            "description": ["Synthetic route"] * nr,
            "basis": ["text"] * nr,
            "source": [None] * nr,
            "document_id": [doc_ids[d] for d in route_doc],
            "quote": _quotes(rng, route_doc),
        },
    )
    wp_rows: dict[str, list] = {c: [] for c in ("route_id", "seq", "place_id", "role", "document_id")}
    for r in range(nr):
        stops = rng.choice(npl, size=int(rng.integers(3, 7)), replace=False)
        for s, p in enumerate(stops):
            wp_rows["route_id"].append(route_ids[r])
            wp_rows["seq"].append(s + 1)
            wp_rows["place_id"].append(place_ids[p])
            wp_rows["role"].append("origin" if s == 0 else "destination" if s == len(stops) - 1 else "transit")
            wp_rows["document_id"].append(doc_ids[route_doc[r]])
    nw = len(wp_rows["seq"])
    wp_doc = np.array([int(d[4:8]) for d in wp_rows["document_id"]], dtype=int)
    route_waypoints = _frame(
        "route_waypoints",
        {**wp_rows, "basis": ["text"] * nw, "source": [None] * nw, "quote": _quotes(rng, wp_doc)},
    )

    # Figures: for every incident a dead and a missing figure, each from its own reporter; a few arrivals per year.
    nf = n["figures"]
    fig_inc = np.repeat(np.arange(nn), 2)[:nf]
    metric = np.where(np.arange(nf) % 2 == 0, "dead", "missing")
    value = np.where(metric == "dead", dead[fig_inc], missing[fig_inc])
    qualifier = _pick(rng, ["exact", "exact", "about", "at_least", "more_than", "up_to"], nf)
    fig_doc = inc_doc[fig_inc]
    figures = _frame(
        "figures",
        {
            "figure_id": [f"figure-{i:07d}" for i in range(nf)],
            "value": value,
            "value_max": [None] * nf,
            "qualifier": qualifier,
            "metric": metric,
            "unit": ["people"] * nf,
            "period_start": _iso(inc_date.iloc[fig_inc].reset_index(drop=True)),
            "period_end": [None] * nf,
            "period_precision": ["day"] * nf,
            "geography": [None] * nf,
            "place_id": [place_ids[p] for p in inc_place[fig_inc]],
            "incident_id": [inc_ids[i] for i in fig_inc],
            "initiative_id": [None] * nf,
            "reported_by": _pick(rng, sh_ids, nf),
            "basis": ["text"] * nf,
            "source": [None] * nf,
            "note": [None] * nf,
            "document_id": [doc_ids[d] for d in fig_doc],
            "quote": _quotes(rng, fig_doc),
        },
    )
    arrivals = _frame(
        "figures",
        {
            "figure_id": [f"arrivals-{y}" for y in range(2015, 2025)],
            "value": [float(1000 * (y - 2010)) for y in range(2015, 2025)],
            "value_max": [None] * 10,
            "qualifier": ["exact"] * 10,
            "metric": ["small_boat_arrivals"] * 10,
            "unit": ["people"] * 10,
            "period_start": [f"{y}-01-01" for y in range(2015, 2025)],
            "period_end": [f"{y}-12-31" for y in range(2015, 2025)],
            "period_precision": ["year"] * 10,
            "geography": ["English Channel"] * 10,
            "place_id": [None] * 10,
            "incident_id": [None] * 10,
            "initiative_id": [None] * 10,
            "reported_by": [sh_ids[0]] * 10,
            "basis": ["external"] * 10,
            "source": ["synthetic reference series"] * 10,
            "note": [None] * 10,
            "document_id": [doc_ids[0]] * 10,
            "quote": [sentence(0, 1)] * 10,
        },
    )
    figures = pd.concat([figures, arrivals], ignore_index=True)

    # Relations: stakeholders tied to incidents, initiatives and other stakeholders.
    nrel = n["relations"]
    target_type = _pick(rng, ["incident", "incident", "initiative", "stakeholder"], nrel)
    target_id = np.where(
        target_type == "incident",
        _pick(rng, inc_ids, nrel),
        np.where(target_type == "initiative", _pick(rng, ini_ids, nrel), _pick(rng, sh_ids, nrel)),
    )
    rel_roles = {
        "incident": ["responder", "perpetrator", "reported", "victim"],
        "initiative": ["organiser", "participant", "funder", "speaker", "host"],
        "stakeholder": ["member", "part_of", "supports", "employed_by"],
    }
    roles = [rel_roles[t][int(k) % len(rel_roles[t])] for t, k in zip(target_type, rng.integers(0, 60, nrel))]
    rel_doc = rng.integers(0, nd, nrel)
    relations = _frame(
        "relations",
        {
            "relation_id": [f"relation-{i:07d}" for i in range(nrel)],
            "stakeholder_id": _pick(rng, sh_ids, nrel),
            "target_type": target_type,
            "target_id": target_id,
            "role": roles,
            "note": [None] * nrel,
            "document_id": [doc_ids[d] for d in rel_doc],
            "quote": _quotes(rng, rel_doc),
        },
    )

    frames = {
        "documents": documents,
        "places": places,
        "stakeholders": stakeholders,
        "initiatives": initiatives,
        "incidents": incidents,
        "routes": routes,
        "route_waypoints": route_waypoints,
        "figures": figures,
        "relations": relations,
    }
    return frames, texts


def write(folder: Path, n_incidents: int, seed: int = 0) -> tuple[Path, Path]:
    """Write a synthetic dataset to `folder/data` and its documents to `folder/seeds`.

    Returns:
        (data folder, seeds folder), ready for `ATLAS_DATA_DIR` / `ATLAS_SEEDS_DIR`.
    """
    frames, texts = generate(n_incidents, seed)
    data, seeds = Path(folder) / "data", Path(folder) / "seeds"
    data.mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    for name, file in catalog.FILES.items():
        frames[name].to_csv(data / file, index=False, encoding="utf-8")
    for doc_id, text in texts.items():
        (seeds / doc_id).write_text(text, encoding="utf-8")
    return data, seeds
