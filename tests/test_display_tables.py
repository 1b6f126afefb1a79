import pandas as pd
import pytest

from trafficking_atlas import display_tables, filtering, timeline

pytestmark = pytest.mark.unit


def test_initiative_table_says_what_dates_an_undated_initiative(frames):
    table = display_tables.initiative_table(frames["initiatives"], frames).set_index("Initiative")
    assert table.loc["Harbour Conference", "Date"] == "10 May 2021 (date from outside the documents)"
    assert table.loc["Drug Port Alliance", "Date"] == "undated (reported 2023)"
    assert table.loc["Harbour Conference", "Date basis"] == "Outside the documents: fixture source"


def test_casualty_table_keeps_each_report(frames):
    table = display_tables.casualty_table(frames["figures"], frames["incidents"], frames)
    fog = table[table["Incident"] == "Cape Fog sinking"].set_index("Figure")
    assert set(fog.index) == {"12 drowned", "about 14 dead", "up to 20 missing", "9 dead"}
    assert set(fog["Reported by"]) == {"Harbour News", "Coast Agency", "Fixture Times"}
    # Whom a figure counts, and the outside mark, stand before the columns an analyst scrolls to.
    assert fog.at["9 dead", "Counts"] == "Harbourland nationals only"
    assert fog.at["about 14 dead", "Source"] == "Outside the documents: Fixture Times"
    assert "the figure is not in it" in fog.at["about 14 dead", "Document"]
    assert fog.at["12 drowned", "Source"] == "Document" and fog.at["12 drowned", "Document"] == "Harbour News · 4 May 2021"
    assert list(table.columns).index("Source") < 4


def test_incident_and_document_tables(frames):
    incidents = display_tables.incident_table(frames["incidents"], frames).set_index("Incident")
    assert (
        incidents.loc["Cape Fog sinking", "Dead, at least"] == "12"
        and incidents.loc["Portland crossing deaths", "Date"] == "2023"
    )
    assert incidents.loc["Portland crossing deaths", "Dead, at least"] == "16"  # more than 15
    assert incidents.loc["Cape Fog sinking", "Missing, at least"] == ""  # up to 20 sets no minimum
    assert incidents.loc["Cape Fog sinking", "Source"] == "Document"
    documents = display_tables.document_table(frames["documents"]).set_index("Title")
    assert "File" not in documents.columns  # file names are the atlas's business, not the analyst's
    assert documents.loc["Port alliance", "Domains"] == "Drug trafficking, Migrant smuggling"
    assert documents.loc["Port alliance", "Date basis"] == "Inferred: launch year"
    unnamed = display_tables.document_table(frames["documents"].assign(outlet="unknown")).set_index("Title")
    assert unnamed.loc["Port alliance", "Outlet"] == "Outlet not named"  # as the Sources page labels it


def test_casualty_table_pages_keep_the_order_and_each_row_once(frames):
    whole = display_tables.casualty_table(frames["figures"], frames["incidents"], frames)
    total = len(display_tables.casualty_rows(frames["figures"], frames["incidents"]))
    assert total == len(whole) > 2
    pages = [
        display_tables.casualty_table(frames["figures"], frames["incidents"], frames, start, 2) for start in range(0, total, 2)
    ]
    assert all(len(p) <= 2 for p in pages)
    assert pd.concat(pages, ignore_index=True).equals(whole.reset_index(drop=True))
    assert display_tables.casualty_table(frames["figures"], frames["incidents"], frames, total + 5, 2).empty


def test_casualty_table_of_nothing_is_empty(frames):
    none = frames["figures"].iloc[0:0]
    assert display_tables.casualty_table(none, frames["incidents"], frames).empty
    assert display_tables.casualty_rows(none, frames["incidents"]).empty


def test_timeline_table_lists_qualifier_reporter_and_quote(frames):
    t = display_tables.timeline_table(timeline.casualty_marks(frames["figures"], frames))
    row = t[t["record"] == "figure:fog-missing"].iloc[0]
    assert row["Qualifier"] == "up to" and row["Reported by"] == "Coast Agency"
    assert row["Quote"].startswith("Up to 20 people are missing")
    assert t[t["record"] == "figure:fog-drowned"].iloc[0]["Qualifier"] == "exact"


@pytest.mark.parametrize("domains", [("migrant_smuggling",), ("drug_trafficking",), ()])
def test_the_whole_datasets_casualty_order_restricted_to_a_view_is_the_views_own_order(frames, domains):
    order = display_tables.casualty_rows(frames["figures"], frames["incidents"]).index
    view = filtering.apply_filters(frames, filtering.Filters(domains=domains))
    own = display_tables.casualty_rows(view["figures"], view["incidents"])
    assert display_tables.casualty_rows(view["figures"], view["incidents"], order).equals(own)
