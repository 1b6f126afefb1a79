#!/usr/bin/env python
"""Benchmark of what users feel: the dashboard started as a user starts it, driven in headless chromium.

Usage (from the repository root):

    .venv/bin/python scripts/benchmark.py [--sizes real,10000,100000,1000000] [--repeat 3] [--quick]
    .venv/bin/python scripts/benchmark.py --load [--sessions 20] [--interactions 10] [--export-sessions 5]

`--load` runs the load and fault test instead (scripts/load_test.py: many sessions at once on one server, briefing
packs exported at once, the export renderer killed under them).

For every dataset size (`real` is data/ and seeds/; a number is that many synthetic incidents from
`scripts/synthetic.py`, served through ATLAS_DATA_DIR / ATLAS_SEEDS_DIR) it starts
`streamlit run streamlit_app.py` on a free port and measures, each `--repeat` times (min, median, max):

- cold start: from launching the server to the overview's metrics shown and its script finished;
- warm load of every page (a fresh browser tab on a server that has already served the page; the route map's
  load ends once its basemap files have arrived and been drawn);
- a page switch to every page (its link clicked in the sidebar of the dashboard open on another page);
- a filter change (a domain picked in the sidebar) to the page's script finished and its charts redrawn;
- a map click on an incident to its detail panel;
- the export of one chart (the route map's PNG download, through the browser, renderer already running),
  and the first export (which starts the renderer);
- the briefing pack's PowerPoint download with six items (map, timeline, context, network, casualties, stakeholders);
- the server's resident memory (VmRSS of the streamlit process itself, not of its kaleido/chromium children)
  after every page has been visited;
- the bytes the server sends the browser over the websocket for each page load.

An empty Streamlit app (a title, a sidebar multiselect, a line of text and a download button) is measured
the same way in the same run; every figure is printed with its ratio to the empty app's equivalent
(a page load to its page load, a filter change or map click to its multiselect rerun, an export to its download).
Floors beside it: the empty app plus one trivial plotly chart, one pydeck map, and one pydeck map of the route
map's basemap (warm load and a rerun that redraws the chart): what the chart libraries alone cost here.
Each size has a time budget; a size projected to exceed it is skipped with the reason printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import synthetic  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, READY, free_port, healthy, serve_command  # noqa: E402
from trafficking_atlas import catalog  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "trafficking-atlas-bench"
BRIEFING_ITEMS = "map,timeline,context,network,casualties,stakeholders"
FILTER_DOMAINS = ["Migrant smuggling", "Human trafficking", "Drug trafficking", "Organised crime"]


def map_view(data: Path) -> str:
    """The map view the click test opens: centred on the Pylos capsizing (synthetic incident 0), or on the
    cluster that holds it when the map draws clusters (geography.MAP_POINTS)."""
    import pandas as pd

    from trafficking_atlas import geography

    lat, lon = synthetic.CLICK_TARGET
    placed = pd.read_csv(data / catalog.FILES["incidents"], usecols=["lat", "lon"]).dropna()
    if len(placed) > geography.MAP_POINTS:
        size = geography.cell_size(placed)
        target = geography.cell_keys(pd.DataFrame({"lat": [lat], "lon": [lon]}), size).iloc[0]
        members = placed[geography.cell_keys(placed, size) == target]
        lat, lon = round(members["lat"].mean(), 4), round(members["lon"].mean(), 4)
    return f"{lat},{lon},6"


# What shows that each page has drawn (besides its script having finished).
READY_SELECTORS = {
    "": "[data-testid=stMetric]",
    "map": "[data-testid=stDeckGlJsonChart] canvas",
    "timeline": "[data-testid=stPlotlyChart]",
    "stakeholders": "[data-testid=stDataFrame]",
    "sources": ".atlas-doc",
    "briefing": "[data-testid=stDownloadButton]",
    "add": "[data-testid=stTextArea]",
    "datasets": "[data-testid=stFileUploader]",
}
# The route map fetches its basemap (land, borders) after its first frame and draws again when they arrive;
# its load ends when both files are in and the browser has drawn once more.
BASEMAP_DRAWN = "performance.getEntriesByType('resource').filter(e => e.name.includes('/static/basemap/')).length >= 2"
DRAWN = {"map": BASEMAP_DRAWN}
# Each page's heading, which shows that a page switch has reached the new page.
HEADINGS = {"": "Trafficking Atlas"}
EMPTY_APP = """
import streamlit as st

st.title("Empty app")
picked = st.sidebar.multiselect("Trafficking domain", {domains!r}, placeholder="All domains")
st.write("Picked:", picked)
st.download_button("Download", data=lambda: b"x" * 4096, file_name="empty.bin", on_click="ignore")
{chart}
"""
# The floor of a chart page: the empty app with one trivial chart that follows the pick, so what the chart
# library alone costs in this browser is measured beside the dashboard's pages.
FLOOR_CHARTS = {
    "plotly": (
        "[data-testid=stPlotlyChart] .main-svg",
        "import plotly.graph_objects as go\nst.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, len(picked)])))",
    ),
    "pydeck": (
        "[data-testid=stDeckGlJsonChart] canvas",
        "import pydeck as pdk\n"
        "st.pydeck_chart(pdk.Deck(layers=[pdk.Layer('ScatterplotLayer', data=[{'lon': len(picked), 'lat': 0}], "
        "get_position=['lon', 'lat'], get_radius=5, radius_units=\"'pixels'\")], "
        "initial_view_state=pdk.ViewState(latitude=0, longitude=0, zoom=2), map_provider=None), height=600)",
    ),
    # The same with the route map's offline basemap as the map draws it: the 1:110m land filled, its borders as
    # line segments, both fetched from the app's static files (see components/route_map.py).
    "pydeck basemap": (
        "[data-testid=stDeckGlJsonChart] canvas",
        "import pydeck as pdk\n"
        "st.pydeck_chart(pdk.Deck(layers=[pdk.Layer('GeoJsonLayer', data='app/static/basemap/countries-110m.geojson', "
        "stroked=False, filled=True, get_fill_color=[236, 236, 228]), "
        "pdk.Layer('LineLayer', data='app/static/basemap/borders-110m.json', get_source_position='s', "
        "get_target_position='t', get_color=[175, 175, 175], get_width=1, width_units=\"'pixels'\"), "
        "pdk.Layer('ScatterplotLayer', data=[{'lon': len(picked), 'lat': 0}], "
        "get_position=['lon', 'lat'], get_radius=5, radius_units=\"'pixels'\")], "
        "initial_view_state=pdk.ViewState(latitude=30, longitude=10, zoom=2), map_provider=None), height=600)",
    ),
}
# Marks when the app's script goes from running to finished, so a measure ends when the run has ended.
WATCH_SCRIPT = """
window.__bench = {running: false, done: false};
new MutationObserver(() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app) return;
  const state = app.getAttribute('data-test-script-state');
  if (state === 'running') window.__bench.running = true;
  else if (state === 'notRunning' && window.__bench.running) window.__bench.done = true;
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
"""
RESET = "() => { window.__bench.running = false; window.__bench.done = false; }"
DONE = "() => window.__bench && window.__bench.done"

# Targets (seconds, MB, bytes); checked on medians.
WARM_RATIO = 2.0
FILTER_S = 0.5
EXPORT_S = 0.5
PACK_S = 5.0
RSS_MB = 300.0
INTERACTION_100K_S = 0.5  # issue 18: every interaction at 100,000 incidents
INTERACTION_1M_S = 1.0  # at 1,000,000 incidents
COLD_1M_S = 10.0  # cold start to the Overview once the data has been prepared
RSS_1M_MB = 1500.0
INTERACTIONS = ("switch", "filter", "click", "export")  # what a user does in an open dashboard
BYTES_100K = 2_000_000


def page_list() -> list[tuple[str, str]]:
    """(url path, title) of every page, in the app's order; the default page is ''."""
    app = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    out = []
    for path, title, default in re.findall(r'st\.Page\("pages/(\w+)\.py", title="([^"]+)"[^)]*?(default=True)?\)', app):
        out.append(("" if default else path, title))
    return out


# --- Results --------------------------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    unit: str = "s"
    values: list[float] = field(default_factory=list)
    note: str = ""
    baseline: str | None = None  # the empty app's measure this one is compared with
    target: str = ""
    verdict: str = ""

    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None


@dataclass
class SizeResult:
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    skipped: str = ""
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, value: float | None, **kwargs) -> Measure:
        m = self.measures.get(key)
        if m is None:
            m = self.measures[key] = Measure(**kwargs)
        if value is not None:
            m.values.append(value)
        return m


class Budget:
    """Time left for one dataset size; every wait is bounded by it."""

    def __init__(self, seconds: float, action: float) -> None:
        self.end = time.time() + seconds
        self.action = action

    def left(self) -> float:
        return self.end - time.time()

    def timeout_ms(self) -> float:
        return max(5.0, min(self.action, self.left())) * 1000


class OutOfBudget(Exception):
    pass


# --- Server and browser -------------------------------------------------------------------------------


class Server:
    """`streamlit run` as a user starts it: headless, on a free local port."""

    def __init__(self, script: Path, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            serve_command(script, self.port), cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float) -> None:
        if healthy(self.url, self.proc, timeout):
            return
        if self.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log.name}")
        raise OutOfBudget(f"streamlit did not answer its health check within {timeout:.0f} s")

    def rss_mb(self) -> float:
        """Resident memory of the streamlit process itself (its kaleido/chromium children are not counted)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Tab:
    """A browser context on one server, counting the websocket bytes the server sends."""

    def __init__(self, browser, budget: Budget) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
        self.context.add_init_script(WATCH_SCRIPT)
        self.budget = budget
        self.received = 0
        self.page = None

    def new_page(self):
        if self.page is not None:
            self.page.close()
        self.page = self.context.new_page()
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._count))
        return self.page

    def _count(self, payload) -> None:
        self.received += len(payload)

    def load(self, url: str, selector: str, drawn: str | None = None) -> tuple[float, int]:
        """Open a URL in a fresh tab; seconds until its script has run, the selector shows and the JavaScript
        condition `drawn` (if any) holds, and bytes received."""
        page = self.new_page()
        self.received = 0
        start = time.perf_counter()
        page.goto(url, timeout=self.budget.timeout_ms())
        self.finish(selector)
        if drawn:
            page.wait_for_function(f"() => {drawn}", timeout=self.budget.timeout_ms(), polling=20)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return time.perf_counter() - start, self.received

    def finish(self, selector: str | None, changed: str = "false") -> None:
        """Wait for the run to finish, the selector to show and the browser to paint.

        `changed` is a JavaScript condition that also shows the run has finished, for a rerun so quick that the
        browser never drew its 'running' state.
        """
        t = self.budget.timeout_ms()
        either = f"() => (window.__bench && window.__bench.done) || (document.querySelector('{READY}') && ({changed}))"
        self.page.wait_for_function(either, timeout=t, polling=20)
        if selector:
            self.page.wait_for_selector(selector, state="visible", timeout=t)
        self.page.wait_for_selector(READY, timeout=t)
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def close(self) -> None:
        self.context.close()


class TimedOut(Exception):
    pass


def _timed(budget: Budget, fn) -> float | None:
    """Run one measure; raise TimedOut (or OutOfBudget when the size's budget is spent) if it takes too long."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if budget.left() <= 5:
        raise OutOfBudget("the size's time budget ran out")
    try:
        return fn()
    except PlaywrightTimeout as exc:
        if budget.left() <= 5:
            raise OutOfBudget("the size's time budget ran out") from exc
        raise TimedOut(str(exc).splitlines()[0]) from exc


# --- Measures -----------------------------------------------------------------------------------------


def pick_domain(tab: Tab, option: str, empty_app: bool = False) -> float:
    """Pick a domain in the sidebar's multiselect; seconds from the click to the page redrawn.

    The run's end is its 'running' → 'notRunning' change, or, for a run too quick to be drawn as running, the
    link (the dashboard writes the filter into it at the end of the run) or the empty app's text naming the pick.
    """
    page = tab.page
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Trafficking domain").click()
    choice = page.get_by_role("option", name=option)
    choice.wait_for(timeout=tab.budget.timeout_ms())
    page.evaluate(RESET)
    start = time.perf_counter()
    value = option.lower().replace(" ", "_")
    if empty_app:
        changed = f"document.querySelector('[data-testid=stMain]').innerText.includes('{option}')"
    else:
        changed = f"window.location.search.includes('domain={value}')"
    choice.click()
    tab.finish(None, changed)
    seconds = time.perf_counter() - start
    page.keyboard.press("Escape")  # close the dropdown
    return seconds


def switch_page(tab: Tab, title: str, heading: str, selector: str, drawn: str | None) -> float:
    """Click a page's link in the sidebar of the open dashboard; seconds until that page has run and drawn."""
    page = tab.page
    link = page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first
    page.evaluate(RESET)
    start = time.perf_counter()
    link.click()
    arrived = f"Array.from(document.querySelectorAll('h1')).some(h => h.innerText.trim() === {json.dumps(heading)})"
    tab.finish(selector, changed=arrived)
    page.wait_for_function(f"() => {arrived} && {drawn or 'true'}", timeout=tab.budget.timeout_ms(), polling=20)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - start


def download(tab: Tab, button: str) -> float:
    """Seconds from pressing a download button to the file saved."""
    page = tab.page
    start = time.perf_counter()
    with page.expect_download(timeout=tab.budget.timeout_ms()) as info:
        page.get_by_role("button", name=button).first.click()
    info.value.path()
    return time.perf_counter() - start


def measure_empty(browser, repeat: int, workdir: Path, budget_s: float, action_s: float) -> SizeResult:
    """The empty app's figures: cold start, warm load, a multiselect rerun, a download, memory."""
    res = SizeResult("empty app")
    script = workdir / "empty_app.py"
    script.write_text(EMPTY_APP.format(domains=FILTER_DOMAINS, chart=""), encoding="utf-8")
    budget = Budget(budget_s, action_s)
    server = None
    try:
        for _ in range(repeat):
            if server:
                server.stop()
            tab = Tab(browser, budget)
            server = Server(script, {}, workdir / "empty-server.log")
            server.wait_healthy(budget.left())
            page = tab.new_page()
            page.goto(server.url, timeout=budget.timeout_ms())
            tab.finish("h1")
            res.add("cold", time.perf_counter() - server.started, name="cold start → page ready")
            tab.close()
        tab = Tab(browser, budget)
        tab.load(server.url, "h1")
        for _ in range(repeat):
            seconds, sent = tab.load(server.url, "h1")
            res.add("warm", seconds, name="warm load")
            res.add("bytes", sent, name="bytes to browser per load", unit="B")
        for i in range(repeat):
            tab.load(server.url, "h1")
            res.add(
                "rerun",
                pick_domain(tab, FILTER_DOMAINS[i % len(FILTER_DOMAINS)], empty_app=True),
                name="widget change → rerun done",
            )
        tab.load(server.url, "h1")
        for _ in range(repeat + 1):
            res.add("download", download(tab, "Download"), name="download button → file saved")
        res.add("rss", server.rss_mb(), name="server memory (RSS)", unit="MB")
        tab.close()
    finally:
        if server:
            server.stop()
    return res


def measure_floor(browser, kind: str, repeat: int, workdir: Path, budget_s: float, action_s: float) -> SizeResult:
    """The empty app with one trivial chart of `kind` (see FLOOR_CHARTS): its warm load and a rerun that redraws it."""
    selector, chart = FLOOR_CHARTS[kind]
    drawn = BASEMAP_DRAWN if kind == "pydeck basemap" else None
    res = SizeResult(f"empty app + one {kind} chart")
    script = workdir / f"floor_{kind.replace(' ', '_')}.py"
    if not (workdir / "static").exists():  # Streamlit serves static/ beside the app's script
        (workdir / "static").symlink_to(ROOT / "static")
    script.write_text(EMPTY_APP.format(domains=FILTER_DOMAINS, chart=chart), encoding="utf-8")
    budget = Budget(budget_s, action_s)
    server = Server(script, {}, workdir / f"floor-{kind.replace(' ', '-')}.log")
    try:
        server.wait_healthy(budget.left())
        tab = Tab(browser, budget)
        tab.load(server.url, selector, drawn)
        for _ in range(repeat):
            res.add("warm", tab.load(server.url, selector, drawn)[0], name="warm load", baseline="warm")
        for i in range(repeat):
            tab.load(server.url, selector, drawn)
            seconds = pick_domain(tab, FILTER_DOMAINS[i % len(FILTER_DOMAINS)], empty_app=True)
            res.add("rerun", seconds, name="widget change → chart redrawn", baseline="rerun")
        tab.close()
    finally:
        server.stop()
    return res


def dataset_dirs(size: str, seed: int) -> tuple[Path, Path, dict[str, int]]:
    """The data and seeds folders for a size ('real' or a number of synthetic incidents), generated once and cached."""
    if size == "real":
        data, seeds = catalog.DATA_DIR, catalog.SEEDS_DIR
    else:
        folder = CACHE / f"n{int(size)}-seed{seed}"
        data, seeds = folder / "data", folder / "seeds"
        if not (folder / "complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            synthetic.write(folder, int(size), seed)
            (folder / "complete").write_text("ok")
    counts = {}
    for name, file in catalog.FILES.items():
        with open(data / file, "rb") as fh:
            counts[name] = max(sum(1 for _ in fh) - 1, 0)  # data rows (no quoted line breaks in the counted files)
    return data, seeds, counts


def started(server: Server, tab: Tab) -> float:
    """Seconds from launching the server to the Overview ready in the tab (within the tab's budget)."""
    server.wait_healthy(max(tab.budget.left(), 5))
    tab.new_page().goto(server.url, timeout=tab.budget.timeout_ms())
    tab.finish(READY_SELECTORS[""])
    return time.perf_counter() - server.started


def measure_size(browser, size: str, repeat: int, seed: int, workdir: Path, budget_s: float, action_s: float) -> SizeResult:
    """Every figure for one dataset size."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    res = SizeResult(size)
    t0 = time.time()
    data, seeds, res.counts = dataset_dirs(size, seed)
    store_dir = tempfile.mkdtemp(prefix="atlas-bench-store-")  # an empty store of its own, never the app's
    # A snapshot folder of its own, empty: the first start prepares the data (reads, validates, keeps the snapshot),
    # the cold starts after it open the snapshot, as a server restarted on data it has already seen.
    env = {"ATLAS_DATA_DIR": str(data), "ATLAS_SEEDS_DIR": str(seeds), "ATLAS_DATABASE_URL": f"sqlite:///{store_dir}/s.sqlite3",
           "ATLAS_SNAPSHOT_DIR": f"{store_dir}/snapshots"}  # fmt: skip
    click_view = map_view(Path(data))
    pages = page_list()
    budget = Budget(budget_s, action_s)
    server = tab = None
    try:
        server = Server(ROOT / "streamlit_app.py", env, workdir / f"server-{size}-prepare.log")
        # Preparing a million incidents takes minutes: it may use what is left of the size's budget, not one action's.
        tab = Tab(browser, Budget(budget.left(), budget.left()))

        res.add("prepare", _timed(budget, lambda: started(server, tab)), name="first start: data read, validated, snapshot kept",
                baseline="cold")  # fmt: skip
        tab.close()
        # Cold start: a new server each time, on the prepared data.
        for r in range(repeat):
            if server:
                server.stop()
            tab = Tab(browser, budget)
            server = Server(ROOT / "streamlit_app.py", env, workdir / f"server-{size}.log")

            res.add("cold", _timed(budget, lambda s=server, t=tab: started(s, t)), name="cold start → overview ready",
                    baseline="cold")  # fmt: skip
            if r < repeat - 1:
                tab.close()
        # First load of every page (computes what is not yet cached), then warm loads. A page that times out
        # is not measured further (its figures say so), so one slow page cannot use up the whole budget.
        slow: dict[str, str] = {}

        def attempt(path: str, title: str, fn) -> float | None:
            if path in slow:
                return None
            try:
                return _timed(budget, fn)
            except TimedOut as exc:
                slow[path] = f"{title}: more than {budget.action:.0f} s ({exc}); its other figures are not taken"
                res.notes.append(slow[path])
                return None

        for path, title in pages:
            got = attempt(path, title, lambda p=path: tab.load(f"{server.url}/{p}", READY_SELECTORS[p], DRAWN.get(p)))
            res.add(f"first:{path}", got[0] if got else None, name=f"first load: {title}", baseline="warm")
        res.add("rss", server.rss_mb(), name="server memory after every page (RSS)", unit="MB", baseline="rss")
        for path, title in pages:
            for _ in range(repeat):
                got = attempt(path, title, lambda p=path: tab.load(f"{server.url}/{p}", READY_SELECTORS[p], DRAWN.get(p)))
                res.add(f"warm:{path}", got[0] if got else None, name=f"warm load: {title}", baseline="warm")
                res.add(f"bytes:{path}", got[1] if got else None, name=f"bytes to browser: {title}", unit="B",
                        baseline="bytes")  # fmt: skip
        # A page switch: the page's link clicked in the sidebar of the dashboard open on another page (the
        # browser has already loaded the libraries an earlier page used, as in a working session).
        for i, (path, title) in enumerate(pages):
            before = pages[i - 1][0]  # the page above it (the overview: the last page)
            for _ in range(repeat):

                def switch(p: str = path, t: str = title, b: str = before) -> float:
                    tab.load(f"{server.url}/{b}", READY_SELECTORS[b], DRAWN.get(b))
                    return switch_page(tab, t, HEADINGS.get(p, t), READY_SELECTORS[p], DRAWN.get(p))

                res.add(f"switch:{path}", attempt(path, title, switch), name=f"page switch to: {title}", baseline="rerun")
        # A filter change on every page.
        for path, title in pages:
            for i in range(repeat):
                option = FILTER_DOMAINS[i % len(FILTER_DOMAINS)]

                def change(p: str = path, o: str = option) -> float:
                    tab.load(f"{server.url}/{p}", READY_SELECTORS[p], DRAWN.get(p))
                    return pick_domain(tab, o)

                res.add(f"filter:{path}", attempt(path, title, change), name=f"filter change: {title}", baseline="rerun")
        # A map click on an incident to its detail panel.
        for _ in range(repeat):

            def click() -> float:
                tab.load(f"{server.url}/map?view={click_view}&layers=incidents", READY_SELECTORS["map"], DRAWN["map"])
                page = tab.page
                page.wait_for_timeout(1500)  # let deck.gl draw the points
                canvas = page.locator(READY_SELECTORS["map"]).first
                canvas.scroll_into_view_if_needed()
                box = canvas.bounding_box()
                page.evaluate(RESET)
                start = time.perf_counter()
                canvas.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
                selected = "() => window.location.search.includes('sel=incident')"
                try:
                    page.wait_for_function(selected, timeout=min(budget.timeout_ms(), 30_000))
                except PlaywrightTimeout:  # deck.gl missed the click: click again, the time still runs from the first
                    page.screenshot(path=str(CACHE / f"map-click-missed-{size}.png"))  # kept to see why
                    canvas.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
                    page.wait_for_function(selected, timeout=budget.timeout_ms())
                # The rerun may be over before the watcher saw it start: the selection in the URL shows it ran.
                tab.finish("[data-testid=stMainBlockContainer] h3", changed="window.location.search.includes('sel=incident')")
                return time.perf_counter() - start

            res.add("click", attempt("map-click", "map click", click), name="map click → detail panel", baseline="rerun")
        # Exports, through the browser's downloads.
        if attempt("map", "Route map", lambda: tab.load(f"{server.url}/map", READY_SELECTORS["map"], DRAWN["map"])):
            res.add("export_first", attempt("export", "chart export", lambda: download(tab, "PNG")),
                    name="first chart export (starts renderer)", baseline="download")  # fmt: skip
            for _ in range(repeat):
                res.add("export", attempt("export", "chart export", lambda: download(tab, "PNG")),
                        name="export one chart (map PNG, warm)", baseline="download")  # fmt: skip
        url = f"{server.url}/briefing?items={BRIEFING_ITEMS}"
        if attempt("briefing", "Briefing pack", lambda: tab.load(url, READY_SELECTORS["briefing"])):
            for _ in range(repeat):
                res.add("pack", attempt("pack", "briefing pack", lambda: download(tab, "PowerPoint (.pptx)")),
                        name="briefing pack, 6 items (pptx)", baseline="download")  # fmt: skip
        res.add("rss_end", server.rss_mb(), name="server memory after the exports (RSS)", unit="MB", baseline="rss")
    except (OutOfBudget, TimedOut) as exc:
        res.skipped = f"stopped early: {exc}"
    finally:
        if tab:
            tab.close()
        if server:
            server.stop()
    res.elapsed = time.time() - t0
    return res


# --- Targets and printing -----------------------------------------------------------------------------


def judge(res: SizeResult, empty: SizeResult) -> None:
    """Set each measure's target and PASS/FAIL (on medians)."""
    real, big = res.label == "real", res.label.isdigit() and int(res.label) == 100_000
    million = res.label.isdigit() and int(res.label) == 1_000_000
    warm_empty = empty.measures["warm"].median() if "warm" in empty.measures else None

    def check(m: Measure, target: str, ok: bool) -> None:
        m.target, m.verdict = target, "PASS" if ok else "FAIL"

    for key, m in res.measures.items():
        med = m.median()
        if med is None:
            continue
        if real:
            if key.startswith("warm:") and warm_empty:
                check(m, f"≤ {WARM_RATIO:g}× empty", med <= WARM_RATIO * warm_empty)
            elif key.startswith("filter:"):
                check(m, f"≤ {FILTER_S:g} s", med <= FILTER_S)
            elif key == "export":
                check(m, f"≤ {EXPORT_S:g} s", med <= EXPORT_S)
            elif key == "pack":
                check(m, f"≤ {PACK_S:g} s", med <= PACK_S)
            elif key == "rss":
                check(m, f"≤ {RSS_MB:g} MB", med <= RSS_MB)
        if big:
            if key.split(":")[0] in INTERACTIONS:
                check(m, f"≤ {INTERACTION_100K_S:g} s", med <= INTERACTION_100K_S)
            elif key == "pack":
                check(m, f"≤ {PACK_S:g} s", med <= PACK_S)
            elif key.startswith("bytes:"):
                check(m, f"≤ {BYTES_100K / 1e6:g} MB", med <= BYTES_100K)
        if million:
            if key.split(":")[0] in INTERACTIONS:
                check(m, f"≤ {INTERACTION_1M_S:g} s", med <= INTERACTION_1M_S)
            elif key == "cold":
                check(m, f"≤ {COLD_1M_S:g} s", med <= COLD_1M_S)
            elif key in ("rss", "rss_end"):
                check(m, f"≤ {RSS_1M_MB:,.0f} MB", med <= RSS_1M_MB)


def fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "B":
        return f"{value / 1024:,.0f} kB" if value < 10 * 1024 * 1024 else f"{value / 1024 / 1024:,.1f} MB"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:.2f} s" if value < 100 else f"{value:,.0f} s"


def table(res: SizeResult, empty: SizeResult) -> str:
    head = f"== {res.label} =="
    if res.counts:
        head += " " + ", ".join(f"{k} {v:,}" for k, v in res.counts.items())
    lines = [head]
    if res.skipped and not res.measures:
        return "\n".join(lines + [f"   skipped: {res.skipped}"])
    cols = ("measure", "min", "median", "max", "empty app", "ratio", "target", "result")
    rows = []
    for m in res.measures.values():
        base = empty.measures.get(m.baseline) if m.baseline else None
        bmed = base.median() if base else None
        med = m.median()
        ratio = f"{med / bmed:.1f}×" if med is not None and bmed else "—"
        rows.append((m.name, fmt(min(m.values, default=None), m.unit), fmt(med, m.unit), fmt(max(m.values, default=None), m.unit),
                     fmt(bmed, base.unit if base else m.unit), ratio, m.target or "—", m.verdict or "—"))  # fmt: skip
    widths = [max(len(str(r[i])) for r in [cols, *rows]) for i in range(len(cols))]
    lines.append("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
    for r in rows:
        lines.append("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    for note in res.notes:
        lines.append(f"   not measured: {note}")
    if res.skipped:
        lines.append(f"   {res.skipped}")
    lines.append(f"   ({res.elapsed:.0f} s for this size)")
    return "\n".join(lines)


def growth(results: list[SizeResult]) -> str:
    """Each measure's median at every size, and how much it grows from one size to the next."""
    sized = [r for r in results if r.measures]
    if len(sized) < 2:
        return ""
    keys = [k for k in sized[0].measures]
    head = ["measure"] + [r.label for r in sized] + ["growth per step"]
    rows = []
    for k in keys:
        meds = [r.measures[k].median() if k in r.measures else None for r in sized]
        unit = sized[0].measures[k].unit
        steps = [f"{b / a:.1f}×" if a and b else "—" for a, b in zip(meds, meds[1:])]
        rows.append([sized[0].measures[k].name] + [fmt(v, unit) for v in meds] + [", ".join(steps)])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    out = ["== growth with data size (medians) =="]
    out.append("  ".join(c.ljust(w) for c, w in zip(head, widths)))
    out += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    return "\n".join(out)


def summary(results: list[SizeResult]) -> str:
    out = ["== targets =="]
    for res in results:
        judged = [m for m in res.measures.values() if m.verdict]
        failed = [m for m in judged if m.verdict == "FAIL"]
        if res.skipped and not res.measures:
            out.append(f"{res.label}: not measured ({res.skipped})")
        elif judged:
            verdict = "all met" if not failed else "NOT met: " + "; ".join(f"{m.name} ({m.target})" for m in failed)
            out.append(f"{res.label}: {len(judged) - len(failed)}/{len(judged)} checks pass — {verdict}")
            for note in res.notes:
                out.append(f"{res.label}: not measured, so FAIL in effect — {note}")
            if res.skipped:
                out.append(f"{res.label}: {res.skipped}; the measures not taken are not judged")
    return "\n".join(out)


# --- Main -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    from scripts import load_test

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated: 'real' and/or numbers of synthetic incidents")
    parser.add_argument("--repeat", type=int, default=None, help="times each figure is measured (default 3)")
    parser.add_argument("--quick", action="store_true", help="real data and the empty app, each figure once")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=900, help="seconds allowed for each synthetic size")
    parser.add_argument("--real-budget", type=float, default=600, help="seconds allowed for the real data")
    parser.add_argument("--action-timeout", type=float, default=90, help="seconds one page load or interaction may take")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--load", action="store_true", help="run the load and fault test (scripts/load_test.py) instead")
    load_test.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.load:
        return load_test.run(args)
    sizes = (args.sizes or ("real" if args.quick else "real,10000,100000,1000000")).split(",")
    repeat = args.repeat or (1 if args.quick else 3)
    if not shutil.which(CHROMIUM):
        print(f"{CHROMIUM} is not installed (set ATLAS_CHROMIUM)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    started = time.time()
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp, sync_playwright() as p:
        workdir = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        print(
            f"Benchmark: sizes {', '.join(sizes)}; each figure {repeat}×; {os.cpu_count()} CPUs; "
            f"budget {args.real_budget:.0f} s for the real data, {args.budget:.0f} s a synthetic size"
        )
        empty = measure_empty(browser, repeat, workdir, args.budget, args.action_timeout)
        print(table(empty, empty), flush=True)
        floors = [measure_floor(browser, kind, repeat, workdir, args.budget, args.action_timeout) for kind in FLOOR_CHARTS]
        for floor in floors:
            print(table(floor, empty), flush=True)
        previous: SizeResult | None = None
        for size in sizes:
            size = size.strip()
            reason = _projected_skip(size, previous, args.budget)
            if reason:
                res = SizeResult(size, skipped=reason)
            else:
                budget = args.real_budget if size == "real" else args.budget
                res = measure_size(browser, size, repeat, args.seed, workdir, budget, args.action_timeout)
                judge(res, empty)
            results.append(res)
            print(table(res, empty), flush=True)
            if res.measures and size != "real":
                previous = res
        browser.close()
    print(growth(results))
    print(summary(results))
    print(f"(whole run: {time.time() - started:.0f} s)")
    if args.json:
        payload = [
            {"size": r.label, "counts": r.counts, "skipped": r.skipped,
             "measures": {k: {"name": m.name, "unit": m.unit, "values": m.values, "target": m.target, "verdict": m.verdict}
                          for k, m in r.measures.items()}}
            for r in [empty, *floors, *results]
        ]  # fmt: skip
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


def _projected_skip(size: str, previous: SizeResult | None, budget: float) -> str:
    """Why a synthetic size is not measured: the last size's figures, scaled, would not fit the budget."""
    if size == "real" or previous is None or not previous.label.isdigit():
        return ""
    factor = int(size) / int(previous.label)
    if factor <= 1:
        return ""
    if "cold" not in previous.measures or not previous.measures["cold"].values:
        return f"the {previous.label} run could not even start within its limits ({previous.skipped})"
    slowest = max((m.median() or 0) for k, m in previous.measures.items() if m.unit == "s")
    if slowest * factor > budget:
        return (f"projected: its slowest figure at {previous.label} incidents took {slowest:.1f} s; "
                f"at {factor:g}× the data that is about {slowest * factor:.0f} s, "
                f"too long for the {budget:.0f} s budget")  # fmt: skip
    return ""


if __name__ == "__main__":
    sys.exit(main())
