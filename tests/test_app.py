"""AppTest of every page: the frame, the filters from the URL and the page content."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from components import plain_text, route_map
from tests.apptest import app as _app
from tests.apptest import open_page, quotes

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_without_filters():
    at = _app()
    at.run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Incidents"] == "2"
    # Minimum estimates: Cape Fog's 12 (not 12 + 9 nationals + about 14) and Portland's 'more than 15'.
    assert metrics["Dead, at least"] == "28"
    assert metrics["Missing, at least"] == "—"  # 'up to 20' sets no minimum
    rule = next(m for m in at.metric if m.label == "Dead, at least").proto.help
    assert "lowest" in rule and "never their sum" in rule and "With figures from outside the documents: at least 28" in rule
    assert metrics["Initiatives"] == "2" and metrics["Stakeholders"] == "4"
    assert at.query_params["from"] == "2021-01-01" and at.query_params["to"] == "2023-12-31"


def test_overview_follows_filters_from_the_url():
    at = _app(domain="drug_trafficking")
    at.run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Incidents"] == "0" and metrics["Initiatives"] == "1"
    assert at.multiselect(key="f_domains").value == ["drug_trafficking"]
    assert "domain: Drug trafficking" in plain_text.unescape(at.caption[0].value)


def test_changing_a_filter_updates_the_page_and_url():
    at = _app()
    at.run()
    at.multiselect(key="f_areas").set_value(["Asia"]).run()
    assert _metrics(at)["Incidents"] == "1"
    assert at.query_params["area"] == "Asia"


def test_stakeholder_filter_from_url():
    at = _app(actor="anna-smith")
    at.run()
    metrics = _metrics(at)
    assert metrics["Incidents"] == "0" and metrics["Initiatives"] == "1" and metrics["Stakeholders"] == "2"


def test_bad_link_gives_notices_and_still_renders():
    at = _app(**{"from": "garbage", "domain": "narwhals", "kind": "wizard"})
    at.run()
    assert not at.exception
    warnings = " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert "'garbage'" in warnings and "'narwhals'" in warnings and "'wizard'" in warnings
    assert _metrics(at)["Incidents"] == "2"


def test_casualty_table_lists_each_source():
    at = _app()
    at.run()
    table = at.dataframe[0].value
    fog = table[table["Incident"] == "Cape Fog sinking"]
    assert set(fog["Figure"]) == {"12 drowned", "up to 20 missing", "about 14 dead", "9 dead"}
    assert "Outside the documents: Fixture Times" in set(fog["Source"])


def test_sources_page_with_document_and_record_in_url():
    at = _app()
    at.run()
    at.switch_page("pages/sources.py")
    at.query_params["source"] = "doc_a.txt"
    at.query_params["record"] = "figures:fog-missing"
    at.run()
    assert not at.exception
    assert at.selectbox(key="src_doc").value == "doc_a.txt"
    assert at.selectbox(key="src_record").value == "figures:fog-missing"
    html = at.get("html")[0].proto.body
    assert '<span class="focus" id="atlas-focus">Up to 20 people are missing' in html
    assert "&lt;script&gt;" in html
    assert any("Up to 20 people are missing" in q for q in quotes(at))
    assert any(t.value.startswith("Quote") for t in at.text)


def test_sources_page_follows_document_filter_and_unknown_record():
    at = _app(doc="doc_b.txt")
    at.run()
    at.switch_page("pages/sources.py")
    at.query_params["record"] = "figures:nope"
    at.run()
    assert not at.exception
    assert at.selectbox(key="src_doc").value == "doc_b.txt"
    assert at.selectbox(key="src_record").value is None
    assert any("figures:nope" in plain_text.unescape(w.value) for w in at.warning)
    total = len(at.selectbox(key="src_doc").options)
    assert total == 1 and any("1 of the " in c.value and "matches the filters" in c.value for c in at.caption)


def test_broken_data_file_shows_error_and_keeps_serving(data_copy, monkeypatch):
    path = data_copy / "incidents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("summary,", "summry,", 1), encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    at = _app()
    at.run()
    assert not at.exception
    assert "incidents.csv" in plain_text.unescape(at.error[0].value)
    metrics = _metrics(at)
    assert metrics["Incidents"] == "0" and metrics["Initiatives"] == "2"


def test_a_data_problem_quoting_a_hostile_value_is_shown_as_text(data_copy, monkeypatch):
    path = data_copy / "relations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("coast-agency", "[click](https://evil.example/x)`**", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    at = _app()
    at.run()
    assert not at.exception
    assert any("[click](https://evil.example/x)`**" in t.value for t in at.text)  # its characters, as text
    assert not any("](https://evil.example" in m.value for m in at.markdown)  # never a live Markdown link


def _map(**params) -> AppTest:
    at = open_page("pages/map.py", **params)
    assert not at.exception
    return at


def _deck_layers(at) -> dict:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return {layer["id"]: layer for layer in route_map.flat_layers(spec["layers"])}


def test_map_shows_routes_incidents_and_venues():
    at = _map()
    layers = _deck_layers(at)
    assert {"basemap", "routes", "incidents", "venues", "ports"} <= set(layers)
    assert {d["incident_id"] for d in layers["incidents"]["data"]} == {"cape-fog-sinking", "portland-crossing"}
    assert at.query_params["tiles"] == "offline" and at.query_params["layers"] == "routes,incidents,venues,ports"


def test_map_fits_only_the_layers_shown():
    every, routes = _map().query_params["view"], _map(layers="routes").query_params["view"]
    assert every != routes  # a hidden venue far from the routes no longer widens the view
    at = _map(layers="routes", view="10,10,3")
    next(b for b in at.button if b.label == "Fit to what is shown").click().run()
    assert at.query_params["view"] == routes
    assert any(c.value.startswith("1 route. Switched off: 2 incidents") for c in at.caption)


def test_map_follows_domain_filter():
    at = _map(domain="drug_trafficking")
    layers = _deck_layers(at)
    assert "incidents" not in layers and "routes" not in layers
    assert [v["place_id"] for v in layers["venues"]["data"]] == ["portville"]


def test_map_selection_and_view_from_the_url():
    at = _map(sel="incident:cape-fog-sinking", view="50.0,1.0,6.5", layers="incidents,routes")
    layers = _deck_layers(at)
    assert set(layers) == {"basemap", "borders", "routes", "route-arrows", "incidents", "selection"}
    assert at.subheader[0].value == "Cape Fog sinking"
    figures = at.table[0].value
    assert set(figures["Reported by"]) == {"Harbour News", "Coast Agency", "Fixture Times"}
    assert at.query_params["sel"] == "incident:cape-fog-sinking"
    assert at.query_params["view"] == "50.0000,1.0000,6.50"


def test_map_bad_params_are_corrected_with_notice():
    at = _map(sel="incident:atlantis", view="north,pole", layers="incidents,dragons")
    warnings = " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert "'incident:atlantis'" in warnings and "'north,pole'" in warnings and "'dragons'" in warnings
    assert "selection" not in _deck_layers(at)


def _stakeholders(**params) -> AppTest:
    at = open_page("pages/stakeholders.py", **params)
    assert not at.exception
    return at


def test_stakeholder_page_filters_from_url():
    at = _stakeholders(sh_kind="person")
    table = at.dataframe[0].value
    assert list(table["Name"]) == ["Anna Smith"]
    assert at.multiselect(key="sh_kinds").value == ["person"]
    assert at.query_params["sh_kind"] == "person"


def test_stakeholder_profile_from_url_and_global_filter_button():
    at = _stakeholders(who="anna-smith")
    assert at.subheader[0].value == "Anna Smith"
    assert any("organisation: Coast Agency" in t.value for t in at.text)
    relations = at.dataframe[-1].value
    assert set(relations["Role"]) == {"organiser", "employed by"}
    buttons = [b for b in at.button if b.label == "Filter every page to it"]
    buttons[0].click().run()
    assert at.session_state["f_stakeholders"] == ["anna-smith"]
    assert at.query_params["actor"] == "anna-smith"


def test_stakeholder_page_bad_params():
    at = _stakeholders(who="ghost", sh_kind="wizard")
    warnings = " ".join(plain_text.unescape(w.value) for w in at.warning)
    assert "'ghost'" in warnings and "'wizard'" in warnings


def test_a_document_added_to_the_store_is_on_every_page_and_gone_when_withdrawn(monkeypatch, tmp_path, fixture_dataset):
    from datetime import date

    from trafficking_atlas import extraction, store

    url = f"sqlite:///{tmp_path}/store.sqlite3"
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    text = "At least 27 migrants drowned off Harbourtown on Tuesday when their dinghy capsized, the coastguard said.\n"
    proposal = extraction.propose(extraction.Document(text, date(2021, 11, 25), "Dinghy capsizes"), fixture_dataset.frames)
    accepted = {k: v[~v["known"].astype(bool)].drop(columns="known") if "known" in v else v for k, v in proposal.items()}
    engine = store.open_store(url)
    doc = store.add(engine, text, accepted, "analyst@example")
    at = _app()
    at.run()
    assert not at.exception and not at.error
    assert _metrics(at)["Incidents"] == str(len(fixture_dataset.frames["incidents"]) + 1)
    at = open_page("pages/sources.py", source=doc)
    assert at.selectbox(key="src_doc").value == doc
    assert any("27 migrants drowned" in h.proto.body for h in at.get("html"))  # its text, in the reader
    store.withdraw(engine, doc, "analyst@example", "test")
    at = _app()
    at.run()
    assert _metrics(at)["Incidents"] == str(len(fixture_dataset.frames["incidents"]))
