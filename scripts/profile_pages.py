#!/usr/bin/env python
"""The server's own time for each page at a data size: what a filter change costs before the browser draws anything.

Usage (from the repository root):

    .venv/bin/python scripts/profile_pages.py --data DIR --seeds DIR [--pages overview,map,timeline] [--repeat 3]

Each page is opened in Streamlit's AppTest (the page scripts as the server runs them, no browser) on the data in
DIR: first with the page's own filters (its first load, which fills the caches of what depends on the data alone),
then again (a warm rerun: every result cached), then with a domain picked, one new domain each repeat (a filter
change: the results that depend on the filters are worked out again). It prints each figure's median in seconds.
The benchmark (`scripts/benchmark.py`) measures the same interactions in a browser; the difference between the two
is the browser's drawing and Streamlit's messages.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {"overview": "pages/overview.py", "map": "pages/map.py", "timeline": "pages/timeline.py",
         "stakeholders": "pages/stakeholders.py", "sources": "pages/sources.py", "briefing": "pages/briefing.py"}  # fmt: skip
DOMAINS = ["migrant_smuggling", "human_trafficking", "drug_trafficking", "organised_crime"]


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--seeds", type=Path, required=True)
    p.add_argument("--pages", default=",".join(PAGES))
    p.add_argument("--repeat", type=int, default=3)
    ns = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="atlas-pages-"))
    os.environ.update({"ATLAS_DATA_DIR": str(ns.data), "ATLAS_SEEDS_DIR": str(ns.seeds),
                       "ATLAS_DATABASE_URL": os.environ.get("ATLAS_DATABASE_URL", f"sqlite:///{work}/store.sqlite3"),
                       "ATLAS_SNAPSHOT_DIR": os.environ.get("ATLAS_SNAPSHOT_DIR", str(work / "snapshots"))})  # fmt: skip
    warnings.filterwarnings("ignore")
    from tests.apptest import app

    def open_page(page: str, **params: str):
        at = app(**params)
        at.switch_page(page)  # the page itself, not the Overview first
        at.run()
        return at

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    seconds, _ = timed(open_page, PAGES["overview"])
    print(f"{'first start (data opened), overview':<40} {seconds:7.2f} s", flush=True)
    for key in ns.pages.split(","):
        page = PAGES[key]
        first, at = timed(open_page, page)
        if at.exception:
            print(f"{key}: {at.exception[0].message}", flush=True)
            continue
        warm = [timed(open_page, page)[0] for _ in range(ns.repeat)]
        change = [timed(open_page, page, domain=DOMAINS[i % len(DOMAINS)])[0] for i in range(ns.repeat)]
        print(f"{key:<12} first {first:6.2f} s   warm {statistics.median(warm):6.2f} s   "
              f"filter change {statistics.median(change):6.2f} s (each: {', '.join(f'{c:.2f}' for c in change)})",
              flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
