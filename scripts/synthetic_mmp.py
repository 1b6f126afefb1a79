#!/usr/bin/env python
"""A synthetic file in the IOM Missing Migrants Project's current CSV format, of any size, for the importer's tests
and benchmark (not real data: every row is made up).

    .venv/bin/python scripts/synthetic_mmp.py --rows 1000000 --out /tmp/mmp_1m.csv
    .venv/bin/python scripts/synthetic_mmp.py --time /tmp/mmp_1m.csv     # convert it: seconds, rows, peak memory

The mix follows the MMP's own: the Central, Eastern and Western Mediterranean, the English Channel, the Atlantic
route to the Canary Islands, the US-Mexico border and the Sahara; dates 2014-2025 in the forms the MMP has written
(ISO mostly, some US, Drupal and "June 14, 2023"), some rows with the month only; a few Information Sources quoted
over two lines. The same seed gives the same file.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = ["Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date", "Incident Year",
           "Reported Month", "Number of Dead", "Minimum Estimated Number of Missing", "Total Number of Dead and Missing",
           "Number of Survivors", "Number of Females", "Number of Males", "Number of Children", "Country of Origin",
           "Region of Origin", "Cause of Death", "Country of Incident", "Migration Route", "Location of Incident",
           "Coordinates", "UNSD Geographical Grouping", "Information Source", "URL", "Source Quality"]  # fmt: skip
SEA = {"Drowning": 0.7, "Mixed or unknown": 0.12, "Vehicle accident / death linked to hazardous transport": 0.05,
       "Sickness / lack of access to adequate healthcare": 0.08, "Violence": 0.05}  # fmt: skip
LAND = {"Harsh environmental conditions / lack of adequate shelter, food, water": 0.4,
        "Vehicle accident / death linked to hazardous transport": 0.2, "Drowning": 0.1, "Mixed or unknown": 0.2,
        "Violence": 0.1}  # fmt: skip
# (share of rows, region, route, UNSD grouping, causes, jitter in degrees, places: name, country, lat, lon,
# origins: country, region of origin)
ROUTES = [
    (0.33, "Mediterranean", "Central Mediterranean", "Southern Europe", SEA, 0.3,
     [("off Lampedusa", "Italy", 35.5, 12.6), ("off Zuwara", "Libya", 32.93, 12.08), ("off Sfax", "Tunisia", 34.7, 10.9),
      ("south of Malta", "Malta", 35.7, 14.5), ("off Tripoli", "Libya", 32.9, 13.18)],
     [("Tunisia", "Northern Africa"), ("Guinea", "Sub-Saharan Africa"), ("Bangladesh", "Southern Asia"),
      ("Unknown", "Unknown")]),
    (0.08, "Mediterranean", "Eastern Mediterranean", "Southern Europe", SEA, 0.15,
     [("off Lesbos", "Greece", 39.1, 26.3), ("off Samos", "Greece", 37.7, 26.9), ("off Kos", "Greece", 36.85, 27.2)],
     [("Afghanistan", "Southern Asia"), ("Syrian Arab Republic", "Western Asia"), ("Unknown", "Unknown")]),
    (0.08, "Mediterranean", "Western Mediterranean", "Southern Europe", SEA, 0.2,
     [("off Almería", "Spain", 36.6, -2.4), ("Strait of Gibraltar", "Spain", 35.95, -5.6),
      ("off Oran", "Algeria", 35.8, -0.7)],
     [("Algeria", "Northern Africa"), ("Morocco", "Northern Africa"), ("Unknown", "Unknown")]),
    (0.07, "Europe", "English Channel to the UK", "Western Europe", SEA, 0.05,
     [("off Calais", "France", 50.96, 1.85), ("off Boulogne-sur-Mer", "France", 50.73, 1.56),
      ("Beach at Wimereux", "France", 50.77, 1.61), ("off Gravelines", "France", 51.0, 2.1)],
     [("Iraq", "Western Asia"), ("Eritrea", "Eastern Africa"), ("Afghanistan", "Southern Asia"), ("Unknown", "Unknown")]),
    (0.12, "Northern Africa", "Atlantic route to the Canary Islands", "Southern Europe", SEA, 0.4,
     [("off El Hierro", "Spain", 27.6, -18.0), ("off Gran Canaria", "Spain", 27.9, -15.6),
      ("off Dakhla", "Western Sahara", 23.7, -15.9), ("off Nouadhibou", "Mauritania", 20.9, -17.1)],
     [("Senegal", "Sub-Saharan Africa"), ("Mali", "Sub-Saharan Africa"), ("Unknown", "Unknown")]),
    (0.22, "North America", "US-Mexico border crossing", "Northern America", LAND, 0.2,
     [("Near Sunland Park, New Mexico", "United States of America", 31.79, -106.58),
      ("Rio Grande near Eagle Pass, Texas", "United States of America", 28.7, -100.5),
      ("Sonoran Desert near Ajo, Arizona", "United States of America", 32.37, -112.86),
      ("Brooks County, Texas", "United States of America", 27.03, -98.2)],
     [("Mexico", "Central America"), ("Guatemala", "Central America"), ("Honduras", "Central America"),
      ("Unknown", "Unknown")]),
    (0.10, "Northern Africa", "Sahara Desert crossing", "Western Africa", LAND, 0.5,
     [("near Agadez", "Niger", 16.97, 7.99), ("near Dirkou", "Niger", 18.98, 12.88), ("near Sabha", "Libya", 27.03, 14.43)],
     [("Nigeria", "Sub-Saharan Africa"), ("Niger", "Sub-Saharan Africa"), ("Unknown", "Unknown")]),
]  # fmt: skip
SOURCES = ["Coast guard report", "IOM field office", "Media report", "NGO report", "Medical examiner's office",
           "Survivors' testimony via IOM", "Coast guard report; media"]  # fmt: skip
MONTH_ONLY = 0.04  # rows giving only the month and year
TWO_LINES = 0.005  # rows whose Information Source is quoted over two lines


def _choice(rng: np.random.Generator, options: list, n: int, p: list[float] | None = None) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _counts(rng: np.random.Generator, n: int, share: float, p: float) -> np.ndarray:
    """Counts given in `share` of the rows (geometric, at least 1), else NaN."""
    values = rng.geometric(p, n).astype(float)
    return np.where(rng.random(n) < share, values, np.nan)


def _text(values: np.ndarray) -> pd.Series:
    """Counts as the MMP writes them: whole numbers, blank where none."""
    s = pd.Series(values)
    return s.astype("Int64").astype("str").where(s.notna(), "")


def frame(n_rows: int, seed: int = 0) -> pd.DataFrame:
    """`n_rows` synthetic MMP rows, in the current download's columns (every cell a string)."""
    rng = np.random.default_rng(seed)
    n = int(n_rows)
    route = rng.choice(len(ROUTES), size=n, p=[r[0] for r in ROUTES])
    cols: dict[str, np.ndarray] = {c: np.empty(n, dtype=object) for c in COLUMNS}
    lat, lon = np.empty(n), np.empty(n)
    for k, (_, region, name, unsd, causes, jitter, places, origins) in enumerate(ROUTES):
        at = np.flatnonzero(route == k)
        m = len(at)
        place = rng.integers(0, len(places), m)
        origin = rng.integers(0, len(origins), m)
        cols["Region of Incident"][at] = region
        cols["Migration Route"][at] = name
        cols["UNSD Geographical Grouping"][at] = unsd
        cols["Cause of Death"][at] = _choice(rng, list(causes), m, list(causes.values()))
        cols["Location of Incident"][at] = np.asarray([p[0] for p in places], dtype=object)[place]
        cols["Country of Incident"][at] = np.asarray([p[1] for p in places], dtype=object)[place]
        lat[at] = np.asarray([p[2] for p in places])[place] + rng.uniform(-jitter, jitter, m)
        lon[at] = np.asarray([p[3] for p in places])[place] + rng.uniform(-jitter, jitter, m)
        cols["Country of Origin"][at] = np.asarray([o[0] for o in origins], dtype=object)[origin]
        cols["Region of Origin"][at] = np.asarray([o[1] for o in origins], dtype=object)[origin]
    day = pd.Series(pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 4383, n), unit="D"))
    form = rng.choice(4, size=n, p=[0.85, 0.07, 0.04, 0.04])
    dates = np.select(
        [form == 0, form == 1, form == 2],
        [day.dt.strftime("%Y-%m-%d"), day.dt.strftime("%m/%d/%Y"), day.dt.strftime("%a, %m/%d/%Y - 12:00")],
        day.dt.strftime("%B %d, %Y").str.replace(r" 0(\d),", r" \1,", regex=True),
    )
    cols["Incident Date"] = np.where(rng.random(n) < MONTH_ONLY, "", dates)
    year = day.dt.year.astype(str)
    cols["Incident Year"] = year.to_numpy(dtype=object)
    cols["Reported Month"] = day.dt.month_name().to_numpy(dtype=object)
    ids = year + ".MMP" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(7)
    cols["Main ID"] = cols["Incident ID"] = ids.to_numpy(dtype=object)
    cols["Incident Type"] = _choice(rng, ["Incident", "Split Incident", "Cumulative Incident"], n, [0.9, 0.07, 0.03])
    missing = _counts(rng, n, 0.3, 0.1)
    dead = np.where(np.isnan(missing), rng.geometric(0.4, n), np.where(rng.random(n) < 0.5, 0, rng.geometric(0.4, n)))
    for column, values in (
        ("Number of Dead", dead.astype(float)),
        ("Minimum Estimated Number of Missing", missing),
        ("Total Number of Dead and Missing", dead + np.nan_to_num(missing)),
        ("Number of Survivors", _counts(rng, n, 0.4, 0.03)),
        ("Number of Females", _counts(rng, n, 0.2, 0.5)),
        ("Number of Males", _counts(rng, n, 0.4, 0.4)),
        ("Number of Children", _counts(rng, n, 0.1, 0.6)),
    ):
        cols[column] = _text(values).to_numpy(dtype=object)
    cols["Coordinates"] = ("POINT (" + pd.Series(lon.round(4)).astype(str) + " " + pd.Series(lat.round(4)).astype(str)
                           + ")").to_numpy(dtype=object)  # fmt: skip
    source = _choice(rng, SOURCES, n)
    cols["Information Source"] = np.where(rng.random(n) < TWO_LINES, source + ",\nwith a later update", source)
    cols["URL"] = np.where(rng.random(n) < 0.7, ("https://example.org/synthetic/" + ids).to_numpy(dtype=object), "")
    cols["Source Quality"] = rng.integers(1, 6, n).astype(str).astype(object)
    return pd.DataFrame(cols, columns=COLUMNS)


def write(path: str | Path, n_rows: int, seed: int = 0) -> Path:
    """Write `n_rows` synthetic MMP rows as a CSV file (UTF-8, standard quoting) at `path`."""
    path = Path(path)
    frame(n_rows, seed).to_csv(path, index=False, lineterminator="\n")
    return path


def timed(path: str | Path) -> dict:
    """Convert the file as the importer would (the size limit lifted for a benchmark file over it): seconds (wall
    and CPU; pyarrow's reader uses every core), rows read and imported, issues and the process's peak memory."""
    from trafficking_atlas import dataset_import

    data = Path(path).read_bytes()
    dataset_import.MAX_BYTES = max(dataset_import.MAX_BYTES, len(data))
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    preview = dataset_import.sniff(data, Path(path).name)
    sniffed, cpu = time.perf_counter(), time.process_time()
    converted = dataset_import.convert(data, Path(path).name, "Synthetic MMP", "2025-01-01", preview.mapping)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"file_mb": round(len(data) / 1024 / 1024, 1), "sniff_s": round(sniffed - start, 2),
            "convert_s": round(done - sniffed, 2), "convert_cpu_s": round(cpu, 2), "rows_read": converted.rows_read,
            "rows_imported": converted.rows_imported, "figures": len(converted.figures),
            "issues": len(converted.issues), "rss_before_mb": round(before_mb), "peak_rss_mb": round(peak_mb)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to write (default 100,000)")
    parser.add_argument("--out", type=Path, default=Path("synthetic_mmp.csv"), help="file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time", type=Path, metavar="FILE", help="instead of writing, convert FILE and report")
    args = parser.parse_args(argv)
    if args.time:
        print(timed(args.time))
        return
    start = time.perf_counter()
    write(args.out, args.rows, args.seed)
    print(f"wrote {args.rows:,} rows to {args.out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
