from datetime import date

import pytest

from trafficking_atlas import link_state
from trafficking_atlas.filtering import Filters

pytestmark = pytest.mark.unit


def test_round_trip(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    f = Filters(
        date_from=date(2021, 2, 1),
        date_to=date(2023, 3, 1),
        domains=("migrant_smuggling",),
        areas=("Europe", "Portland State"),
        kinds=("person",),
        documents=("doc_a.txt",),
        stakeholders=("anna-smith",),
    )
    parsed, notices = link_state.parse(link_state.to_params(f), options)
    assert parsed == f and notices == []


def test_defaults_are_written_in_full(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    params = link_state.to_params(options.defaults())
    assert params == {"from": "2021-01-01", "to": "2023-12-31"}
    assert link_state.parse({}, options) == (options.defaults(), [])


def test_garbage_is_corrected_with_notices(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    f, notices = link_state.parse(
        {"from": ["yesterday"], "to": ["2099-01-01"], "domain": ["narwhals,drug_trafficking"], "actor": ["ghost"]},
        options,
    )
    assert f.date_from == options.min_date and f.date_to == options.max_date
    assert f.domains == ("drug_trafficking",) and f.stakeholders == ()
    joined = " ".join(notices)
    assert "'yesterday'" in joined and "2099-01-01" in joined and "'narwhals'" in joined and "'ghost'" in joined


def test_reversed_dates_are_swapped(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    f, notices = link_state.parse({"from": "2023-01-01", "to": "2021-06-01"}, options)
    assert (f.date_from, f.date_to) == (date(2021, 6, 1), date(2023, 1, 1))
    assert notices


def test_dates_wholly_outside_the_data_show_every_date_not_an_empty_day(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    for params in ({"from": "2040-01-01", "to": "2041-01-01"}, {"from": "1990-05-01", "to": "1980-01-01"}):
        f, notices = link_state.parse(params, options)
        assert (f.date_from, f.date_to) == (options.min_date, options.max_date), params
        assert any("showing every date" in n for n in notices)


def test_summary(fixture_dataset):
    options = link_state.filter_options(fixture_dataset.frames)
    assert link_state.summary(options.defaults(), options) == "All records"
    text = link_state.summary(
        Filters(date_from=options.min_date, date_to=options.max_date, domains=("drug_trafficking",)),
        options,
        {"domains": {"drug_trafficking": "Drug trafficking"}},
    )
    assert text == "domain: Drug trafficking"


def test_an_unknown_page_in_a_link_is_named():
    pages = ["", "map", "timeline"]
    assert link_state.unknown_page("http://h:8501/", pages) is None
    assert link_state.unknown_page("http://h:8501/map?x=1", pages) is None
    assert link_state.unknown_page("http://h:8501/mapp", pages) == "mapp"
    assert link_state.unknown_page("http://h/atlas/map", pages, "atlas") is None  # the app's own path is not a page
    assert link_state.unknown_page("http://h/atlas/nope/map", pages, "/atlas/") == "nope/map"
    assert link_state.unknown_page("http://h/%3Cb%3E", pages) == "<b>"


def test_each_page_parameter_kind_is_read_and_corrected_with_a_notice():
    read = link_state.read
    m, t, s = link_state.MAP, link_state.TIMELINE, link_state.STAKEHOLDERS
    assert read(t["metric"], ["dead"]) == ("dead", None)
    value, notice = read(t["metric"], ["garbage"])
    assert value == "both" and "'garbage'" in notice and "'both', 'dead', 'missing'" in notice
    assert read(m["layers"], ["routes,ports"]) == (["routes", "ports"], None)
    assert read(m["layers"], ["none"]) == ([], None)
    value, notice = read(m["layers"], ["dragons"])
    assert value == list(link_state.MAP_LAYERS) and "'dragons'" in notice and "Showing every layer" in notice
    value, notice = read(m["layers"], ["routes,dragons"])
    assert value == ["routes"] and "Showing every layer" not in notice
    assert read(m["tiles"], ["online"]) == (True, None) and read(m["tiles"], ["offline"]) == (False, None)
    value, notice = read(m["tiles"], ["satellite"])
    assert value is False and "'satellite'" in notice  # issue 17: any other value was taken silently
    assert read(t["cumulative"], ["on"]) == (True, None) and read(t["cumulative"], ["maybe"])[0] is False
    assert read(t["tl_from"], ["2024-02-29"])[0] == date(2024, 2, 29)
    assert read(t["tl_from"], ["29/02/2024"]) == (None, "The link's window start '29/02/2024' is not a date (YYYY-MM-DD); "
                                                  "the window fits the figures.")  # fmt: skip
    assert read(m["view"], ["36.3,21.1,6"])[0] == {"latitude": 36.3, "longitude": 21.1, "zoom": 6.0}
    assert read(m["view"], ["north,pole"])[0] is None and read(m["view"], ["95,0,3"])[1]
    assert read(s["sh_page"], ["3"]) == (3, None)
    for bad in ("0", "two", "²", "-1", ""):  # superscript digits pass str.isdigit yet int() refuses them
        assert read(s["sh_page"], [bad])[0] == 1 and "not a number" in read(s["sh_page"], [bad])[1], bad
    assert read(s["q"], ["x" * 300])[0] == "x" * 200 and "cut to 200" in read(s["q"], ["x" * 300])[1]
    assert read(s["who"], ["europol"], allowed={"europol"}) == ("europol", None)
    assert "does not exist" in read(s["who"], ["ghost"], allowed={"europol"})[1]
    assert read(s["sh_kind"], ["person,wizard"], allowed=["person"])[0] == ["person"]


def test_a_page_parses_only_the_parameters_its_link_holds_and_writes_them_back():
    spec = link_state.TIMELINE
    values, notices = link_state.parse_page(spec, {"metric": ["dead"], "log": ["on"], "tl_tab": ["map"], "other": ["x"]})
    assert values == {"metric": "dead", "log": True, "tl_tab": "figures"} and len(notices) == 1 and "'map'" in notices[0]
    written = link_state.to_page_params(spec, {**values, "group": "route", "tl_sel": None, "tl_from": date(2024, 1, 1)})
    # Chosen defaults a reader should see are written; an unset or default-only value is left out of the link.
    assert written == {"metric": "dead", "log": "on", "tl_tab": None, "group": "route", "tl_sel": None, "tl_from": "2024-01-01"}
    assert link_state.parse_page(spec, {k: [v] for k, v in written.items() if v})[0] == {
        "metric": "dead", "log": True, "group": "route", "tl_from": date(2024, 1, 1)
    }  # fmt: skip
    layers = link_state.to_page_params(link_state.MAP, {"layers": [], "view": {"latitude": 1, "longitude": 2, "zoom": 3}})
    assert layers == {"layers": "none", "view": "1.0000,2.0000,3.00"}


def test_a_long_value_is_quoted_cut_with_its_length():
    assert link_state.quoted("short") == "'short'"
    assert link_state.quoted("x" * 10_240) == repr("x" * 60) + "… (10,240 characters)"
    _, notice = link_state.read(link_state.Param("sh_page", "table page", "page", 1), ["9" * 5000])
    assert len(notice) < 200 and "5,000 characters" in notice
