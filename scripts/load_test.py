#!/usr/bin/env python
"""Load and faults: many browser sessions on one dashboard server at once, briefing packs exported at once, and
the export renderer killed under them.

Usage (from the repository root; `scripts/benchmark.py --load` runs the same):

    .venv/bin/python scripts/load_test.py [--sessions 20] [--interactions 10] [--export-sessions 5] [--load-budget 240]

It starts `streamlit run streamlit_app.py` on the real data (an empty store of its own) as the benchmark does,
loads the overview once, then:

1. sessions: `--sessions` browser contexts in one headless chromium (Playwright's async API), started half a
   second apart, each opens the overview and makes `--interactions` interactions: page switches through the
   sidebar to every page but "Add a document", two domain picks in the sidebar filter, a click on an incident on
   the route map (a link to the map framed on it, then the click to its detail panel) and the CSV files download
   on the Briefing page; each session starts at another point of the same ten-step round. The phase stops at
   `--load-budget` seconds; what was not done by then is counted as not run.
2. exports at once: `--export-sessions` contexts open the Briefing page with six items and press "PowerPoint
   (.pptx)" at the same moment, then "PDF" (each file is checked to be a zip / a PDF).
3. fault: the server's export renderer (kaleido's chromium) is killed, by its process id, and the same sessions
   press "PowerPoint (.pptx)" at once again: the packs must all arrive, through one new renderer.

Counted for every interaction: errors (an HTTP response of 400 or more, a Streamlit exception box
`[data-testid=stException]`, an error notice `st.error`, the "Connection error" dialog, a download that fails or is
not the file it should be), exceptions (an uncaught JavaScript error in the page, any other exception in the driver)
and timeouts (not done within `--action-timeout` seconds). Python tracebacks in the server's log are counted per
phase. Printed: each interaction's count, median and worst latency, those counts, whether the machine held the
sessions (every interaction done in time), the CPU time the server and the browsers used (they share this machine),
the server's memory (VmRSS of the streamlit process, and summed over it and its children: kaleido's renderer; PSS
too) at the start, at the peak (sampled each second) and after each phase, and the targets: 0 errors, 0 exceptions,
0 timeouts, nothing left not run, every export finished, the killed renderer replaced by one new one. A screenshot
of every interaction that did not finish is kept in the benchmark's cache folder. As the benchmark, it prints the
targets and their verdicts and exits 0 whatever they are (2 if it cannot run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark import (  # noqa: E402
    BRIEFING_ITEMS,
    CACHE,
    DRAWN,
    FILTER_DOMAINS,
    HEADINGS,
    READY_SELECTORS,
    RESET,
    WATCH_SCRIPT,
    Server,
    fmt,
    map_view,
    page_list,
)
from tests.browser import CHROMIUM, CHROMIUM_ARGS, READY  # noqa: E402
from trafficking_atlas import catalog  # noqa: E402

# The pages a session visits (not "Add a document", which writes into the store).
VISITED = ["map", "timeline", "stakeholders", "sources", "briefing", ""]
# One round of ten interactions. Every step works from any page except the download, which follows the switch to
# the Briefing page: sessions start at even steps, so none starts with it.
ROUND = [
    ("switch", "map"),
    ("filter", 0),
    ("switch", "timeline"),
    ("click", ""),
    ("switch", "stakeholders"),
    ("filter", 1),
    ("switch", "briefing"),
    ("download", "CSV files (.zip)"),
    ("switch", "sources"),
    ("switch", ""),
]
KINDS = {"switch": "page switch", "filter": "filter change", "click": "map click", "download": "download"}
CSV_BUTTON = "CSV files (.zip)"
MAGIC = {"CSV files (.zip)": b"PK", "PowerPoint (.pptx)": b"PK", "PDF": b"%PDF-"}
RAMP_S = 0.5  # seconds between two sessions' starts
CLICKS, CLICK_TAKEN_S = 6, 10.0  # a map click that sent nothing to the server within 10 s is made again, up to 6 times
OPEN_RETRY_MS = 5_000  # a dropdown not open within this is opened again
# What the page shows when something went wrong.
PAGE_PROBLEMS = """() => ({
  exception: document.querySelectorAll('[data-testid=stException]').length,
  notice: document.querySelectorAll('[data-testid=stAlertContentError]').length,
  connection: Array.from(document.querySelectorAll('[role=dialog]')).filter(d => d.innerText.includes('Connection error')).length,
})"""
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
CATEGORIES = ("error", "exception", "timeout", "not run")


# --- Results (pure) -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One interaction of one session: its latency (None if it did not finish) and what went wrong."""

    session: int
    label: str  # the row it is counted in, e.g. "page switch → Route map"
    seconds: float | None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (category, what): category in CATEGORIES
    retries: int = 0  # map clicks made again because deck.gl did not take them

    def count(self, category: str) -> int:
        return sum(1 for c, _ in self.problems if c == category)


@dataclass
class Row:
    label: str
    count: int
    finished: int
    median: float | None
    worst: float | None
    errors: int
    exceptions: int
    timeouts: int
    not_run: int


def plan(session: int, interactions: int) -> list[tuple[str, str | int]]:
    """The interactions of one session: the round from an even step that moves with the session, repeated."""
    start = (2 * session) % len(ROUND)
    return [ROUND[(start + i) % len(ROUND)] for i in range(interactions)]


def choose_domain(search: str, preferred: int) -> str:
    """The domain a filter step picks: the preferred one (by index), or the next not already in the link."""
    for i in range(len(FILTER_DOMAINS)):
        option = FILTER_DOMAINS[(preferred + i) % len(FILTER_DOMAINS)]
        if domain_value(option) not in search:
            return option
    return FILTER_DOMAINS[preferred % len(FILTER_DOMAINS)]


def domain_value(option: str) -> str:
    return option.lower().replace(" ", "_")


def total(outcomes: list[Outcome], label: str = "all") -> Row:
    """The outcomes in one row: how many, how many finished, their median and worst latency, their problems."""
    times = [o.seconds for o in outcomes if o.seconds is not None]
    return Row(label, len(outcomes), len(times), statistics.median(times) if times else None, max(times, default=None),
               *(sum(o.count(c) for o in outcomes) for c in CATEGORIES))  # fmt: skip


def summarise(outcomes: list[Outcome], order: list[str] | None = None) -> list[Row]:
    """One row per label that occurs (in `order`, then as first seen)."""
    labels = list(dict.fromkeys([*(order or []), *(o.label for o in outcomes)]))
    groups = [(label, [o for o in outcomes if o.label == label]) for label in labels]
    return [total(group, label) for label, group in groups if group]


def table(rows: list[Row]) -> list[str]:
    cols = ("interaction", "count", "finished", "median", "worst", "errors", "exceptions", "timeouts", "not run")
    cells = [(r.label, str(r.count), str(r.finished), fmt(r.median, "s"), fmt(r.worst, "s"), str(r.errors),
              str(r.exceptions), str(r.timeouts), str(r.not_run)) for r in rows]  # fmt: skip
    widths = [max(len(c[i]) for c in [cols, *cells]) for i in range(len(cols))]
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    out += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in cells]
    return out


def counted(status: int, url: str) -> bool:
    """Whether an HTTP response is an error. Not the 404s of Streamlit's own probe: opened on a page's address
    (/map), its frontend asks for /map/_stcore/health and /map/_stcore/host-config before the server's root."""
    path = urlsplit(url).path
    probe = path.endswith(("/_stcore/health", "/_stcore/host-config")) and path.count("/") > 2
    return status >= 400 and not (status == 404 and probe)


def problem_lines(outcomes: list[Outcome], limit: int = 12) -> list[str]:
    """The first problems, worst kind first (errors, exceptions, timeouts), one line each, and how many more there
    were; the interactions not run in one line."""
    found = sorted(((CATEGORIES.index(c), o.session, f"session {o.session}, {o.label}: {c}: {what}")
                    for o in outcomes for c, what in o.problems if c != "not run"))  # fmt: skip
    out = [f"   {line[:240]}" for *_, line in found[:limit]]
    if len(found) > limit:
        out.append(f"   … and {len(found) - limit} more")
    skipped = [o for o in outcomes if o.count("not run")]
    if skipped:
        out.append(f"   not run: {len(skipped)} interactions of {len({o.session for o in skipped})} sessions "
                   f"({skipped[0].problems[-1][1]})")  # fmt: skip
    return out


def tracebacks(log: str) -> list[str]:
    """The last line (the exception) of every Python traceback in a server log."""
    out = []
    for block in re.split(r"^Traceback \(most recent call last\):\n", log, flags=re.M)[1:]:
        lines = [x for x in block.splitlines() if x and not x.startswith((" ", "\t"))]
        # After the frames: the exception line (chained tracebacks end their part with "The above exception…").
        out.append(next((x for x in lines if not x.startswith("The above") and not x.startswith("During")), "?"))
    return out


@dataclass
class Check:
    name: str
    value: str
    ok: bool


def checks(whole: Row, expected: int) -> list[Check]:
    """A phase's targets on its total row: 0 errors, 0 exceptions, 0 timeouts, none not run; all `expected` finished."""
    counts = {"errors": whole.errors, "exceptions": whole.exceptions, "timeouts": whole.timeouts, "not run": whole.not_run}
    out = [Check(f"{name} = 0", str(value), value == 0) for name, value in counts.items()]
    out.append(Check(f"finished = {expected}", str(whole.finished), whole.finished == expected))
    return out


def check_lines(found: list[Check]) -> list[str]:
    width = max(len(c.name) for c in found)
    return [f"   {c.name.ljust(width)}  {c.value:>6}  {'PASS' if c.ok else 'FAIL'}" for c in found]


# --- Processes and memory (/proc) ---------------------------------------------------------------------------


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, frontier = [pid], [pid]
    while frontier:
        children = []
        for p in frontier:
            for task in Path(f"/proc/{p}/task").glob("*/children"):  # nothing once the process has gone
                try:
                    children += [int(c) for c in task.read_text().split()]
                except OSError:
                    continue
        frontier = [c for c in dict.fromkeys(children) if c not in found]
        found += frontier
    return found


def _kb(pid: int, key: str, file: str = "status") -> int:
    """A figure in kB from /proc/<pid>/status (VmRSS) or smaps_rollup (Pss); 0 once the process has gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


@dataclass
class Memory:
    own: float  # MB resident, the streamlit process
    tree: float  # MB resident, summed over it and its children (pages shared between processes counted in each)
    shared: float  # MB proportional set size summed over them (a shared page split between its processes)
    processes: int


def memory(pid: int) -> Memory:
    pids = descendants(pid)
    rss = sum(_kb(p, "VmRSS") for p in pids) / 1024
    return Memory(_kb(pid, "VmRSS") / 1024, rss, sum(_kb(p, "Pss", "smaps_rollup") for p in pids) / 1024, len(pids))


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system, their reaped children's included) of the processes, from /proc/<pid>/stat."""
    used = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime (the stat fields 14-17)
    return used / os.sysconf("SC_CLK_TCK")


@dataclass
class Cpu:
    """CPU time used in a phase by the server (with its renderer) and by the browsers driving it."""

    server: float = 0.0
    browsers: float = 0.0
    wall: float = 0.0


class CpuClock:
    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.start = self._read()

    def _read(self) -> tuple[float, float, float]:
        server = descendants(self.server_pid)
        ours = [p for p in descendants(os.getpid())[1:] if p not in server]  # Playwright's driver and chromium
        return cpu_seconds(server), cpu_seconds(ours), time.monotonic()

    def lap(self) -> Cpu:
        now = self._read()
        used = Cpu(*(b - a for a, b in zip(self.start, now)))
        self.start = now
        return used


def cpu_note(cpu: Cpu | None) -> str:
    if cpu is None:
        return ""
    cpus = os.cpu_count() or 1
    return (f"CPU used: the server {cpu.server:.0f} s, the browsers {cpu.browsers:.0f} s, in {cpu.wall:.0f} s on {cpus} CPUs "
            f"({cpu.wall * cpus:.0f} CPU-s, shared with anything else running)")  # fmt: skip


def renderers(pid: int) -> list[int]:
    """The server's export renderers: chromium processes below it whose parent is not chromium (its own helpers)."""
    out = []
    for p in descendants(pid)[1:]:
        try:
            if "chromium" in _exe(p) and "chromium" not in _exe(_parent(p)):
                out.append(p)
        except OSError:
            continue
    return sorted(out)


class Sampler:
    """The server's memory sampled every second while a phase runs; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = memory(pid)
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            now = memory(self.pid)
            if now.tree > self.peak.tree:
                self.peak = now
            await asyncio.sleep(1)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass


def memory_lines(points: list[tuple[str, Memory]]) -> list[str]:
    width = max(len(name) for name, _ in points)
    cols = ("streamlit RSS", "+ children RSS", "+ children PSS", "processes")
    out = ["   " + "  ".join(["server memory".ljust(width), *cols])]
    for name, m in points:
        cells = (fmt(m.own, "MB"), fmt(m.tree, "MB"), fmt(m.shared, "MB"), str(m.processes))
        out.append("   " + "  ".join([name.ljust(width), *(c.rjust(len(h)) for c, h in zip(cells, cols))]))
    return out


# --- Driving a session (Playwright, async) -----------------------------------------------------------------


class Session:
    """One browser context on the server: a page whose HTTP errors and JavaScript errors are collected."""

    def __init__(self, number: int, base: str, timeout_s: float) -> None:
        self.number, self.base, self.timeout = number, base, timeout_s * 1000
        self.events: list[tuple[str, str]] = []
        self.shots: list[Path] = []
        self.missed = 0  # map clicks made again: deck.gl did not take them
        self.sent = 0  # messages the page has sent the server over its websocket
        self.context = self.page = None

    async def open(self, browser) -> None:
        self.context = await browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
        await self.context.add_init_script(WATCH_SCRIPT)
        self.page = await self.context.new_page()
        self.page.on("response", self._response)
        self.page.on("websocket", lambda ws: ws.on("framesent", self._sent))
        self.page.on("pageerror", lambda exc: self.events.append(("exception", f"JavaScript: {exc}")))

    def _sent(self, _payload) -> None:
        self.sent += 1

    def _response(self, response) -> None:
        if counted(response.status, response.url):
            self.events.append(("error", f"HTTP {response.status} {response.url}"))

    async def close(self) -> None:
        if self.context:
            await self.context.close()

    async def measure(self, label: str, action) -> Outcome:
        """Run one interaction (`action()` returns its seconds); what went wrong during it and what the page
        shows after it are its problems."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        mark = len(self.events)
        out = Outcome(self.number, label, None)
        try:
            out.seconds = await action()
        except PlaywrightTimeout as exc:
            out.problems.append(("timeout", str(exc).splitlines()[0]))
        except DownloadProblem as exc:
            out.problems.append(("error", str(exc)))
        except Exception as exc:  # Playwright's own errors (a page closed, an element gone) and anything else
            out.problems.append(("exception", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"))
        out.problems += self.events[mark:]
        if out.seconds is None:  # kept to see why
            CACHE.mkdir(parents=True, exist_ok=True)
            shot = CACHE / f"load-session{self.number}-{len(self.shots)}.png"
            try:
                await self.page.screenshot(path=str(shot), timeout=10_000)
                self.shots.append(shot)
                out.problems[0] = (out.problems[0][0], f"{out.problems[0][1]} (screenshot {shot})")
            except Exception:  # noqa: BLE001 - a screenshot is only a help
                pass
        try:
            shown = await self.page.evaluate(PAGE_PROBLEMS)
        except Exception as exc:  # noqa: BLE001 - the page itself is gone
            out.problems.append(("exception", f"page unreadable: {type(exc).__name__}"))
        else:
            for key, what in (("exception", "Streamlit exception box"), ("notice", "error notice"),
                              ("connection", "'Connection error' dialog")):  # fmt: skip
                out.problems += [("error", what)] * shown[key]
        return out

    async def finish(self, selector: str | None, changed: str = "false") -> None:
        """As the benchmark's Tab.finish: the run over, the selector shown, the browser painted."""
        t, page = self.timeout, self.page
        either = f"() => (window.__bench && window.__bench.done) || (document.querySelector('{READY}') && ({changed}))"
        await page.wait_for_function(either, timeout=t, polling=50)
        if selector:
            await page.wait_for_selector(selector, state="visible", timeout=t)
        await page.wait_for_selector(READY, timeout=t)
        await page.evaluate(FRAME)

    async def load(self, path: str, selector: str, drawn: str | None = None) -> float:
        start = time.perf_counter()
        await self.page.goto(f"{self.base}/{path}", timeout=self.timeout)
        await self.finish(selector)
        if drawn:
            await self.page.wait_for_function(f"() => {drawn}", timeout=self.timeout, polling=50)
            await self.page.evaluate(FRAME)
        return time.perf_counter() - start

    async def switch(self, path: str, title: str) -> float:
        page = self.page
        heading, selector, drawn = HEADINGS.get(path, title), READY_SELECTORS[path], DRAWN.get(path)
        link = page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first
        await page.evaluate(RESET)
        start = time.perf_counter()
        await link.click(timeout=self.timeout)
        arrived = f"Array.from(document.querySelectorAll('h1')).some(h => h.innerText.trim() === {json.dumps(heading)})"
        await self.finish(selector, changed=arrived)
        await page.wait_for_function(f"() => {arrived} && {drawn or 'true'}", timeout=self.timeout, polling=50)
        await page.evaluate(FRAME)
        return time.perf_counter() - start

    async def pick(self, preferred: int) -> float:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        page = self.page
        option = choose_domain(await page.evaluate("() => window.location.search"), preferred)
        box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Trafficking domain")
        choice = page.get_by_role("option", name=option)
        for attempt in range(3):  # a rerun that ends just after the click redraws the box and closes its list
            await page.wait_for_selector(READY, timeout=self.timeout)
            # Its text field, not the box's middle: that can be a picked domain's chip, or the × that removes it.
            await box.get_by_role("combobox").click(timeout=self.timeout)
            try:
                await choice.wait_for(timeout=OPEN_RETRY_MS if attempt < 2 else self.timeout)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                await page.keyboard.press("Escape")
        await page.evaluate(RESET)
        start = time.perf_counter()
        await choice.click(timeout=self.timeout)
        await self.finish(None, f"window.location.search.includes('{domain_value(option)}')")
        seconds = time.perf_counter() - start
        await page.keyboard.press("Escape")  # close the dropdown
        return seconds

    async def click_incident(self, view: str) -> float:
        """The map framed on an incident (a shared link, not timed), then a click on it to its detail panel."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        page = self.page
        await self.load(f"map?view={view}&layers=incidents", READY_SELECTORS["map"], DRAWN["map"])
        canvas = page.locator(READY_SELECTORS["map"]).first
        await canvas.scroll_into_view_if_needed(timeout=self.timeout)
        box = await canvas.bounding_box()
        centre = {"x": box["width"] / 2, "y": box["height"] / 2}
        selected = "window.location.search.includes('sel=incident')"
        # A click deck.gl takes as a click sends the selection to the server at once; one it misses (a tap too slow
        # for its recogniser on a busy CPU, the point not drawn yet) sends nothing and is made again. Never twice
        # when taken: a second click on the selected incident would clear it.
        for _ in range(CLICKS):
            await page.evaluate(RESET)
            sent = self.sent
            start = time.perf_counter()  # from the click that was taken
            await canvas.click(position=centre, timeout=self.timeout)
            if await until(lambda sent=sent: self.sent > sent, CLICK_TAKEN_S):
                break
            self.missed += 1
        else:
            raise PlaywrightTimeout(f"the map took none of {CLICKS} clicks on the incident")
        await page.wait_for_function(f"() => {selected}", timeout=self.timeout, polling=50)
        await self.finish("[data-testid=stMainBlockContainer] h3", changed=selected)
        return time.perf_counter() - start

    async def download(self, button: str) -> float:
        page = self.page
        start = time.perf_counter()
        async with page.expect_download(timeout=self.timeout) as info:
            await page.get_by_role("button", name=button, exact=True).first.click(timeout=self.timeout)
        download = await info.value
        failure = await download.failure()  # once it has ended
        seconds = time.perf_counter() - start
        if failure:  # "canceled": the browser found no file at the link the server gave it
            raise DownloadProblem(f"{button}: download failed: {failure} ({download.url})")
        path = await download.path()
        head = Path(path).read_bytes()[:8] if path else b""
        if not head.startswith(MAGIC.get(button, b"")):
            raise DownloadProblem(f"{button}: not the file expected (starts {head!r})")
        return seconds


class DownloadProblem(Exception):
    pass


async def until(condition, seconds: float) -> bool:
    """Whether `condition()` (checked every 50 ms) holds within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def run_session(browser, number: int, base: str, interactions: int, view: str, titles: dict[str, str],
                      timeout_s: float, deadline: float, out: list[Outcome]) -> None:  # fmt: skip
    """One session's first load and interactions, each added to `out` as it ends (so a session stopped keeps what
    it did); interactions not begun by the deadline are counted as not run."""
    await asyncio.sleep(number * RAMP_S)
    session = Session(number, base, timeout_s)
    try:
        await session.open(browser)
        out.append(await session.measure("first load: Overview", lambda: session.load("", READY_SELECTORS[""])))
        for kind, arg in plan(number, interactions):
            label = {
                "switch": f"page switch → {titles.get(str(arg), arg)}",
                "filter": "filter change (sidebar domain)",
                "click": "map click → detail panel",
                "download": f"download: {arg}",
            }[kind]
            if time.monotonic() > deadline:
                out.append(Outcome(number, label, None, [("not run", "the load phase's time budget ran out")]))
                continue
            action = {
                "switch": lambda a=arg: session.switch(a, titles[a]),
                "filter": lambda a=arg: session.pick(number + a),
                "click": lambda: session.click_incident(view),
                "download": lambda a=arg: session.download(a),
            }[kind]
            missed = session.missed
            result = await session.measure(label, action)
            result.retries = session.missed - missed
            out.append(result)
            if result.seconds is None and time.monotonic() < deadline:  # start again from the overview, so one failure
                # does not fail every step after it
                try:
                    await session.load("", READY_SELECTORS[""])
                except Exception:  # noqa: BLE001 - the next step will say what is wrong
                    pass
    finally:
        await session.close()


# --- Phases ---------------------------------------------------------------------------------------------------


@dataclass
class Report:
    sessions: list[Outcome] = field(default_factory=list)
    exports: list[Outcome] = field(default_factory=list)
    fault: list[Outcome] = field(default_factory=list)
    memory: list[tuple[str, Memory]] = field(default_factory=list)
    tracebacks: dict[str, list[str]] = field(default_factory=dict)
    renderer: str = ""
    restarted: bool | None = None
    elapsed: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, Cpu] = field(default_factory=dict)
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)
    log_read: int = 0  # characters of the server's log already read into `tracebacks`

    def read_log(self, log: Path, phase: str) -> None:
        """The tracebacks the server logged since the last phase."""
        text = log.read_text(encoding="utf-8", errors="replace")
        self.tracebacks[phase] = tracebacks(text[self.log_read :])
        self.log_read = len(text)


async def _phases(server: Server, args, report: Report, log: Path) -> None:
    from playwright.async_api import async_playwright

    titles = dict(page_list())
    view = map_view(catalog.DATA_DIR)
    pid = server.proc.pid
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        sampler = Sampler(pid)
        try:
            warm = Session(-1, server.url, args.action_timeout)  # the dataset loaded once, as any server has
            await warm.open(browser)
            await warm.load("", READY_SELECTORS[""])
            await warm.close()
            report.read_log(log, "start")
            report.memory.append(("at the start (overview served once)", memory(pid)))
            sampler.start()
            clock = CpuClock(pid)

            # 1. Sessions.
            t0 = time.monotonic()
            deadline = t0 + args.load_budget
            runs = [run_session(browser, n, server.url, args.interactions, view, titles, args.action_timeout, deadline,
                                report.sessions) for n in range(args.sessions)]  # fmt: skip
            hard = args.load_budget + args.sessions * RAMP_S + 2 * args.action_timeout + 60
            try:
                await asyncio.wait_for(asyncio.gather(*runs), hard)
            except TimeoutError:
                report.sessions.append(Outcome(-1, "all", None, [("not run", f"the sessions were stopped after {hard:.0f} s")]))
            report.elapsed["sessions"] = time.monotonic() - t0
            report.cpu["sessions"] = clock.lap()
            report.read_log(log, "sessions")
            report.memory.append(("after the sessions", memory(pid)))

            # 2. Briefing packs exported at once.
            t0 = time.monotonic()
            exporters = [Session(n, server.url, args.action_timeout) for n in range(args.export_sessions)]
            try:
                for s in exporters:
                    await s.open(browser)
                path = f"briefing?items={BRIEFING_ITEMS}"
                opened = await asyncio.gather(*(s.measure("open Briefing pack, 6 items",
                                                          lambda s=s: s.load(path, READY_SELECTORS["briefing"]))
                                                for s in exporters))  # fmt: skip
                report.exports += opened
                ready = [s for s, o in zip(exporters, opened) if o.seconds is not None]
                for button in ("PowerPoint (.pptx)", "PDF"):
                    label = f"briefing pack at once: {button}"
                    report.exports += await asyncio.gather(
                        *(s.measure(label, lambda s=s, b=button: s.download(b)) for s in ready)
                    )
                    report.exports += [Outcome(s.number, label, None, [("not run", "its Briefing page did not open")])
                                       for s, o in zip(exporters, opened) if o.seconds is None]  # fmt: skip
                report.elapsed["exports"] = time.monotonic() - t0
                report.cpu["exports"] = clock.lap()
                report.read_log(log, "exports")
                report.memory.append(("after the exports", memory(pid)))

                # 3. Fault: the renderer killed under the sessions.
                t0 = time.monotonic()
                before = renderers(pid)
                for r in before:
                    os.kill(r, signal.SIGKILL)
                label = "pack after the renderer was killed: PowerPoint (.pptx)"
                report.fault += await asyncio.gather(
                    *(s.measure(label, lambda s=s: s.download("PowerPoint (.pptx)")) for s in ready)
                )
                after = renderers(pid)
                report.restarted = bool(before) and len(after) == 1 and not set(after) & set(before)
                report.renderer = (f"renderer (kaleido's chromium) pid {', '.join(map(str, before)) or 'none'} killed; "
                                   f"after the downloads: {', '.join(map(str, after)) or 'none'}")  # fmt: skip
                report.elapsed["fault"] = time.monotonic() - t0
                report.read_log(log, "fault")
            finally:
                for s in exporters:
                    await s.close()
        finally:
            await sampler.stop()
            report.memory.insert(1, ("peak (sampled every second)", sampler.peak))
            await browser.close()
    report.memory.append(("at the end", memory(pid)))


def held(outcomes: list[Outcome], sessions: int, interactions: int) -> str:
    """Whether the machine held the sessions: each made its first load and every interaction, none timed out."""
    short = {o.session for o in outcomes if o.seconds is None}
    done = {o.session for o in outcomes if o.seconds is not None} - short
    if len(done) == sessions and sum(1 for o in outcomes if o.seconds is not None) == sessions * (interactions + 1):
        return f"held: yes, {sessions} sessions at once, each made all {interactions} interactions in time"
    return (f"held: no, {sessions - len(done)} of {sessions} sessions did not make all their interactions in time "
            "(see timeouts and not run); fewer sessions at once (--sessions) is what this machine holds")  # fmt: skip


def phase_lines(title: str, outcomes: list[Outcome], expected: int, order: list[str] | None = None,
                total_label: str = "all", extra: list[Check] = (), notes: list[str] = ()) -> tuple[list[str], bool]:  # fmt: skip
    """A phase's printout: its table (a row per interaction, then the total), notes, targets and first problems;
    and whether its targets are met."""
    whole = total(outcomes, total_label)
    found = checks(whole, expected) + list(extra)
    lines = [title, *table([*summarise(outcomes, order), whole]), *(f"   {n}" for n in notes if n), "   targets:"]
    lines += check_lines(found) + problem_lines(outcomes)
    return lines, all(c.ok for c in found)


def print_report(report: Report, args) -> bool:
    """The printout; True if every target is met."""
    sessions = report.sessions
    first = [o for o in sessions if o.label.startswith("first load")]
    moves = [o for o in sessions if o not in first]
    order = ["first load: Overview", *(f"page switch → {t}" for p, t in page_list() if p in VISITED),
             "filter change (sidebar domain)", "map click → detail panel", f"download: {CSV_BUTTON}"]  # fmt: skip
    server_tb = report.tracebacks.get("start", []) + report.tracebacks.get("sessions", [])
    lines, ok = phase_lines(
        f"== load: {args.sessions} sessions at once × {args.interactions} interactions, real data, one server, "
        f"{os.cpu_count()} CPUs ==",
        sessions, args.sessions * (args.interactions + 1), order, f"all ({len(first)} first loads, {len(moves)} interactions)",
        [Check("server tracebacks = 0", str(len(server_tb)), not server_tb)],
        [held(sessions, args.sessions, args.interactions),
         f"sessions in one headless chromium (a context each) on the same machine as the server, started {RAMP_S:g} s "
         f"apart; {report.elapsed.get('sessions', 0):.0f} s in all (budget {args.load_budget:.0f} s, "
         f"{args.action_timeout:.0f} s an interaction); load average before the run {report.load_average[0]:.1f}",
         cpu_note(report.cpu.get("sessions")),
         f"the interactions alone: median {fmt(total(moves).median, 's')}, worst {fmt(total(moves).worst, 's')}; "
         f"map clicks made again (deck.gl did not take them; timed from the click taken): "
         f"{sum(o.retries for o in moves)}"],
    )  # fmt: skip
    lines += [f"   server: {line[:200]}" for line in dict.fromkeys(server_tb)]

    exports_tb = report.tracebacks.get("exports", [])
    part, met = phase_lines(
        f"== exports under load: {args.export_sessions} sessions press the same download at once ==",
        report.exports, args.export_sessions * 3,
        extra=[Check("server tracebacks = 0", str(len(exports_tb)), not exports_tb)],
        notes=[f"{report.elapsed.get('exports', 0):.0f} s in all; the first pptx starts the renderer; the server renders "
               "one chart at a time", cpu_note(report.cpu.get("exports"))],
    )  # fmt: skip
    lines += part + [f"   server: {line[:200]}" for line in dict.fromkeys(exports_tb)]
    ok &= met

    restarted = {True: "yes", False: "no", None: "—"}[report.restarted]
    part, met = phase_lines(
        "== fault: the export renderer killed, then the packs downloaded at once ==", report.fault, args.export_sessions,
        extra=[Check("renderer started again, once", restarted, bool(report.restarted))],
        notes=[report.renderer or "not run"],  # (no CPU figure: the killed renderer's time is lost with it)
    )  # fmt: skip
    lines += part
    fault_tb = dict.fromkeys(report.tracebacks.get("fault", []) + report.tracebacks.get("shutdown", []))
    lines += [f"   server log, not counted (the killed renderer's own error): {line[:200]}" for line in fault_tb]
    ok &= met

    lines += ["== server memory ==", *memory_lines(report.memory),
              "   (+ children: summed over the streamlit process and what it started, kaleido's renderer included; RSS",
              "    counts a page they share in each, PSS splits it between them)",
              f"== load targets: {'all met' if ok else 'NOT all met'} =="]  # fmt: skip
    print("\n".join(lines))
    return ok


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions at once (default 20)")
    parser.add_argument("--interactions", type=int, default=10, help="interactions each session makes (default 10)")
    parser.add_argument("--export-sessions", type=int, default=5, help="sessions exporting a briefing pack at once (default 5)")
    parser.add_argument("--load-budget", type=float, default=240, help="seconds the sessions may take in all (default 240)")


def run(args) -> int:
    """The load test with parsed options (`add_arguments`, and the benchmark's --action-timeout); 0 once it has run
    (the printout says which targets are met), 2 if it could not."""
    if not shutil.which(CHROMIUM):
        print(f"{CHROMIUM} is not installed (set ATLAS_CHROMIUM)", file=sys.stderr)
        return 2
    started = time.time()
    store_dir = tempfile.mkdtemp(prefix="atlas-load-store-")  # an empty store of its own, never the app's
    log = Path(tempfile.gettempdir()) / f"atlas-load-server-{os.getpid()}.log"
    env = {"ATLAS_DATABASE_URL": f"sqlite:///{store_dir}/s.sqlite3"}
    report = Report()
    server = Server(ROOT / "streamlit_app.py", env, log)
    report.load_average = os.getloadavg()
    try:
        server.wait_healthy(120)
        asyncio.run(_phases(server, args, report, log))
    finally:
        server.stop()
        shutil.rmtree(store_dir, ignore_errors=True)
    report.read_log(log, "shutdown")  # asyncio reports the killed renderer's unretrieved task as the server stops
    print_report(report, args)
    print(f"(load test: {time.time() - started:.0f} s; server log {log})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    parser.add_argument("--action-timeout", type=float, default=90, help="seconds one interaction may take")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
