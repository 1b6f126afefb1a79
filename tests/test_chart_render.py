"""Charts rendered on the server with their title block, filters and sources."""

import plotly.graph_objects as go
import pytest

from components import map_figure
from trafficking_atlas import chart_render, formatting, geography

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def chart():
    return go.Figure(go.Bar(x=["a", "b"], y=[3, 5]))


def test_sources_line_and_decorate(frames, chart):
    line = chart_render.sources_line(["doc_a.txt", "doc_b.txt"], formatting.document_labels(frames["documents"]))
    assert line == "Sources: Harbour News · 4 May 2021; Port Gazette · 2023"
    fig = chart_render.decorate(chart, "Deaths <b>", "All records", line, caption="Bars: deaths.")
    title = fig.layout.annotations[-1].text
    assert "Deaths &lt;b&gt;" in title and "All records" in title and line in title and "Bars: deaths." in title
    assert fig.layout.margin.t > 100
    assert chart.layout.title.text is None  # the original is untouched


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-"), ("svg", b"<svg")])
def test_render_formats(chart, fmt, magic):
    data = chart_render.render(chart, fmt)
    assert data.startswith(magic) or (fmt == "svg" and magic in data[:300])


def test_render_rejects_unknown_format(chart):
    with pytest.raises(ValueError, match="unknown image format"):
        chart_render.render(chart, "gif")


def test_map_figure_renders_offline(frames):
    paths = geography.route_paths(frames["routes"], frames["route_waypoints"], frames["places"], frames["documents"])
    incidents = geography.incident_points(frames["incidents"], frames["figures"], frames["documents"])
    venues = geography.venue_points(frames["initiatives"], frames["places"], frames["documents"])
    fig = map_figure.map_figure(paths, incidents, venues, geography.port_points(frames["places"], frames["documents"]))
    names = [t.name for t in fig.data]
    assert "Route: Migrant smuggling" in names and "Incident (size: minimum dead or missing, never added)" in names
    assert fig.layout.geo.lonaxis.range[0] < 0.9 < fig.layout.geo.lonaxis.range[1]
    png = chart_render.render(fig, "png", scale=1)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # country outlines drawn from the local topojson


def _browsers() -> list[int]:
    """Process ids of the chromium browsers kaleido started for this test process, from /proc: each started by
    choreographer's wrapper, a child of this process (never a browser test's chromium, nor the renderer of a
    dashboard server this process started)."""
    import os
    from pathlib import Path

    def parent(pid: int) -> int:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])

    found = []
    for entry in Path("/proc").iterdir():
        try:
            pid = int(entry.name)
            wrapper = parent(pid)
            if (
                "chromium" in os.readlink(f"/proc/{pid}/exe")
                and parent(wrapper) == os.getpid()
                and b"choreographer" in Path(f"/proc/{wrapper}/cmdline").read_bytes()
            ):
                found.append(pid)
        except (ValueError, OSError):
            continue
    return sorted(found)


def _render_at_once(n: int) -> list[bool]:
    """n charts of different widths rendered from n threads at once; whether each got its own image back."""
    from concurrent.futures import ThreadPoolExecutor

    widths = [300 + 10 * i for i in range(n)]
    with ThreadPoolExecutor(n) as pool:
        images = list(pool.map(lambda w: chart_render.render(go.Figure(go.Bar(x=["a"], y=[w])), "svg", width=w, height=200),
                               widths))  # fmt: skip
    return [f'width="{w}"' in svg[:400].decode() for w, svg in zip(widths, images)]


def test_sessions_rendering_at_once_each_get_their_own_image():
    # kaleido's sync server hands results back through one shared queue: without the lock most of these swap.
    assert _render_at_once(8) == [True] * 8
    assert len(_browsers()) == 1


def test_a_killed_renderer_is_started_again(chart):
    import os
    import signal

    chart_render.render(chart, "png", scale=1)
    (browser,) = _browsers()
    os.kill(browser, signal.SIGKILL)
    restarts = chart_render.restarts
    png = chart_render.render(chart, "png", scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert chart_render.restarts == restarts + 1
    (again,) = _browsers()
    assert again != browser
    # Several sessions rendering at once after the browser died: one restart, one browser, every image its own.
    os.kill(again, signal.SIGKILL)
    assert _render_at_once(4) == [True] * 4
    assert chart_render.restarts == restarts + 2
    assert len(_browsers()) == 1
