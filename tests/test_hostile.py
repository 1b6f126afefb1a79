"""Hostile input, tried as an attacker and a careless colleague would: broken data files, payloads stored in every
text field, and a generated set of hand-edited links over every documented parameter of every page. Each ends with
the page working, a notice naming what was wrong, nothing lost but the broken part, and nothing read as Markdown or
HTML (the browser tier checks that nothing executes and no request leaves the machine)."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components import plain_text
from tests import hostile
from tests.apptest import GLOBAL, app, open_page
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import link_state, loader

pytestmark = pytest.mark.hostile

PAGES = {
    "pages/overview.py": ["cas_page"],
    "pages/map.py": [*link_state.MAP, "cl_page"],
    "pages/timeline.py": [*link_state.TIMELINE, "tl_page"],
    "pages/stakeholders.py": list(link_state.STAKEHOLDERS),
    "pages/sources.py": [*link_state.SOURCES, "src_page"],
    "pages/briefing.py": list(link_state.BRIEFING),
    "pages/add.py": [],
}

# Values a hand-edited or crafted link may hold: bad and impossible dates, huge, negative and non-finite numbers,
# digits that are not ASCII (str.isdigit accepts them), a 10 kB value, Markdown, HTML and script, path traversal,
# control characters and list separators.
LINK_VALUES = [
    "2024-13-45",
    "0000-00-00",
    "-1",
    "99999999999999999999999",
    "9" * 5_000,  # past int()'s 4,300 digits
    "1e308",
    "nan",
    "²",
    "١٢٣",
    "Ⅻ",
    "x" * 10_240,
    "[click me](https://evil.example/phish)",
    "![x](http://198.51.100.7/x.png)",
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "../../../../etc/passwd",
    "%00%0a\x00\x1b[31m",
    ",,,;;;",
    hostile.PAYLOAD,
]


def _links() -> list[tuple[str, dict[str, object]]]:
    """Every page with every parameter it documents (its own and the global filters) set to one hostile value, and
    every page with each parameter repeated."""
    links = []
    for page, own in PAGES.items():
        names = [*GLOBAL, *own]
        links += [(page, dict.fromkeys(names, value)) for value in LINK_VALUES]
        links.append((page, dict.fromkeys(names, ["2024-01-01", hostile.PAYLOAD])))  # a parameter given twice
    return links


LINKS = _links()


def _shown(at: AppTest) -> None:
    """The page ran to its end: no exception, nothing read as Markdown or HTML, every notice short and as text."""
    assert not at.exception, [e.value for e in at.exception]
    assert hostile.leaks(at) == []
    for notice in at.warning:
        assert len(notice.value) < 1_500, notice.value[:200]  # a 10 kB value is named, not repeated


def test_there_are_at_least_a_hundred_hostile_links_over_every_documented_parameter():
    assert len(LINKS) >= 100
    covered = {name for _, params in LINKS for name in params}
    documented = set(GLOBAL) | {p for own in PAGES.values() for p in own}
    assert covered == documented
    assert documented >= set(link_state.PARAMS) | set(link_state.MAP) | set(link_state.TIMELINE)


@pytest.mark.parametrize(("script", "params"), LINKS, ids=[f"{p[6:-3]}-{i}" for i, (p, _) in enumerate(LINKS)])
def test_a_hostile_link_opens_the_page_with_notices_and_shows_every_value_as_text(script, params):
    # As `open_page`, checked after each run: the frame's notices about the global filters are read on the first.
    at = app(**{k: v for k, v in params.items() if k in GLOBAL})
    at.run()
    _shown(at)
    notices = [w.value for w in at.warning]
    at.switch_page(script)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    _shown(at)
    notices += [w.value for w in at.warning]
    value = params["from"]
    if isinstance(value, str) and value.strip(",;"):
        assert notices, "a corrected link says what was wrong"
    assert at.get("title") or at.get("heading"), "the page is served, not an error screen"


def test_the_checker_catches_markdown_and_html_and_passes_plain_text():
    def script():
        import streamlit as st

        from tests import hostile

        st.markdown(hostile.PAYLOAD)
        st.html(hostile.PAYLOAD)
        st.text(hostile.PAYLOAD)

    at = AppTest.from_function(script)
    at.run()
    found = hostile.leaks(at)
    assert any(f.startswith("markdown") for f in found) and any(f.startswith("html") for f in found)
    assert not any(f.startswith("text") for f in found)
    assert hostile.leaks(AppTest.from_function(lambda: st.text(hostile.PAYLOAD)).run()) == []


def test_literal_text_reads_back_as_the_payload():
    assert plain_text.unescape(plain_text.literal(hostile.PAYLOAD)) == hostile.PAYLOAD


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """The fixture with the payload in every free-text field and quote, served to the pages."""
    return hostile.hostile_copy(tmp_path_factory.mktemp("hostile"))


VIEWS = [
    ("pages/overview.py", {}),
    ("pages/overview.py", {"area": "Harbourland " + hostile.PAYLOAD}),
    ("pages/map.py", {}),
    ("pages/map.py", {"sel": "incidents:cape-fog-sinking"}),
    ("pages/map.py", {"layers": "routes", "sel": "routes:harbour-route"}),
    ("pages/timeline.py", {}),
    ("pages/timeline.py", {"tl_sel": "figure:fog-drowned"}),
    ("pages/timeline.py", {"group": "document"}),
    ("pages/timeline.py", {"group": "domain", "cumulative": "on"}),
    ("pages/timeline.py", {"tl_tab": "context"}),
    ("pages/stakeholders.py", {}),
    ("pages/stakeholders.py", {"who": "anna-smith"}),
    ("pages/stakeholders.py", {"sh_tab": "network", "who": "coast-agency"}),
    ("pages/sources.py", {"source": "doc_a.txt"}),
    ("pages/sources.py", {"source": "doc_a.txt", "record": "figures:fog-drowned"}),
    ("pages/sources.py", {"source": "doc_b.txt"}),
    ("pages/briefing.py", {"title": hostile.PAYLOAD}),
    ("pages/add.py", {}),
]


@pytest.mark.parametrize(("script", "params"), VIEWS, ids=[f"{p[6:-3]}-{i}" for i, (p, _) in enumerate(VIEWS)])
def test_payloads_stored_in_every_text_field_are_shown_as_text(hostile_data, monkeypatch, tmp_path, script, params):
    data, seeds = hostile_data
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    at = open_page(script, **params)
    _shown(at)
    assert not at.error, [e.value for e in at.error]  # the payload is data, not a data problem


def _payload_frames(data) -> dict[str, pd.DataFrame]:
    return {name: frame for name, frame in loader.load_dataset(*data).frames.items()}


def test_the_payload_reaches_every_free_text_field_it_is_meant_to(hostile_data):
    frames = _payload_frames(hostile_data)
    for name, frame in frames.items():
        for column in hostile.free_text_columns(name):
            assert frame[column].str.contains("evil.example", regex=False).all(), (name, column)


# --- Broken data files: each costs only its broken part, and says so ---------------------------------------------


def _break(kind: str, data, seeds) -> str:
    """Break the copy in one way; returns the file its notice must name."""

    def edit(file: str, old: str, new: str) -> None:
        text = (data / file).read_text(encoding="utf-8")
        assert old in text, (file, old)
        (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    match kind:
        case "missing column":
            edit("incidents.csv", "summary,", "summry,")
        case "wrong type":
            edit("incidents.csv", ",49.9,0.9,", ",north,0.9,")
        case "dangling reference":
            edit("relations.csv", "coast-agency,initiative", "no-such-agency,initiative")
        case "quote not in document":
            edit("figures.csv", "12 people drowned", "twelve people drowned")
        case "empty file":
            (data / "routes.csv").write_bytes(b"")
            return "routes.csv"
        case "header only":
            lines = (data / "relations.csv").read_text(encoding="utf-8").splitlines()
            (data / "relations.csv").write_text(lines[0] + "\n", encoding="utf-8")
        case "binary file":
            (data / "figures.csv").write_bytes(bytes(range(256)) * 64)
            return "figures.csv"
        case "bad byte":
            raw = (data / "stakeholders.csv").read_bytes().split(b"\n")
            raw[1] = raw[1].replace(b"Coast Agency", b"Coast \xe9Agency", 1)
            (data / "stakeholders.csv").write_bytes(b"\n".join(raw))
            return "stakeholders.csv"
        case "duplicate id":
            lines = (data / "incidents.csv").read_text(encoding="utf-8").splitlines()
            (data / "incidents.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
            return "incidents.csv"
        case "missing file":
            (data / "places.csv").unlink()
            return "places.csv"
        case "huge field":
            edit("incidents.csv", "A boat sank.", "A boat sank." + "x" * 200_000)
        case "bad seed encoding":
            doc = seeds / "doc_b.txt"
            doc.write_bytes(doc.read_bytes() + b"\nan odd byte \xff here\n")
            return "doc_b.txt"
        case "ragged row":
            lines = (data / "relations.csv").read_text(encoding="utf-8").splitlines()
            lines[2] += ",one too many"
            (data / "relations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        case "bad published date":
            edit("documents.csv", ",2021-05-04,", ",someday,")
            return "documents.csv"
    return {"missing column": "incidents.csv", "wrong type": "incidents.csv", "dangling reference": "relations.csv",
            "quote not in document": "figures.csv", "header only": "relations.csv", "huge field": "incidents.csv",
            "ragged row": "relations.csv"}[kind]  # fmt: skip


# What each break may cost, by dataset: the broken part and what cannot stand without it, nothing more.
BREAKS = {
    "missing column": {"incidents": 2, "relations": 2},  # the file is skipped; relations to its incidents follow
    "wrong type": {},  # the coordinates are cleared, the incident kept
    "dangling reference": {"relations": 1},
    "quote not in document": {"figures": 1},
    "empty file": {"routes": 1, "route_waypoints": 2},
    "header only": {"relations": 5},
    "binary file": {"figures": 5},
    "bad byte": {},
    "duplicate id": {},  # the copy is set aside, the first row kept
    "missing file": {"places": 5, "route_waypoints": 2},  # places referred to are cleared where optional
    "huge field": {"incidents": 1, "relations": 1},
    "bad seed encoding": {},
    "ragged row": {"relations": 1},
    "bad published date": {},  # the document is kept undated, with every record citing it
}


@pytest.mark.parametrize("kind", BREAKS)
def test_a_broken_file_is_named_and_every_page_keeps_serving_the_rest(kind, tmp_path, monkeypatch):
    data, seeds = tmp_path / "data", tmp_path / "seeds"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(FIXTURE_SEEDS, seeds)
    file = _break(kind, data, seeds)
    base = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS)
    broken = loader.load_dataset(data, seeds)
    lost = {n: len(base.frames[n]) - len(f) for n, f in broken.frames.items() if len(f) != len(base.frames[n])}
    assert lost == BREAKS[kind]
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    at = app()
    at.run()
    banner = plain_text.unescape(at.error[0].value)
    assert file in banner and loader.summary(broken) in banner, banner
    assert any(file in t.value for t in at.text)  # the detail names it by row and column
    # (AppTest drops the frame's elements from the tree after switch_page; the browser tier sees the banner on
    # every page.)
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.get("title") or at.get("heading") or at.get("header"), page


def test_the_exported_map_shows_stored_payloads_as_text(hostile_data):
    from components import map_figure
    from trafficking_atlas import geography

    f = _payload_frames(hostile_data)
    fig = map_figure.map_figure(
        geography.route_paths(f["routes"], f["route_waypoints"], f["places"], f["documents"]),
        geography.incident_points(f["incidents"], f["figures"], f["documents"]),
        geography.venue_points(f["initiatives"], f["places"], f["documents"]),
        geography.port_points(f["places"], f["documents"]),
    )
    strings = list(hostile._strings(fig.to_plotly_json()))
    assert any("evil.example" in s for s in strings)  # the payload is there ...
    assert not [s for s in strings for p in hostile.HTML_LIVE if re.search(p, s)]  # ... as text
