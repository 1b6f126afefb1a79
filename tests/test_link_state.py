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
