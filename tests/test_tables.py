import pandas as pd

from trafficking_atlas import tables


def test_initiative_table_says_what_dates_an_undated_initiative(frames):
    table = tables.initiative_table(frames["initiatives"], frames).set_index("Initiative")
    assert table.loc["Harbour Conference", "Date"] == "10 May 2021"
    assert table.loc["Drug Port Alliance", "Date"] == "undated (reported 2023)"
    assert table.loc["Harbour Conference", "Date basis"] == "external: fixture source"


def test_casualty_table_keeps_each_report(frames):
    table = tables.casualty_table(frames["figures"], frames["incidents"], frames)
    fog = table[table["Incident"] == "Cape Fog sinking"]
    assert dict(zip(fog["Figure"], fog["Range over sources"])) == {"12": "12–14", "about 14": "12–14", "up to 20": "20"}
    assert set(fog["Reported by"]) == {"Harbour News", "Coast Agency", "Fixture Times"}
    assert "Counts" in table.columns


def test_incident_and_document_tables(frames):
    incidents = tables.incident_table(frames["incidents"], frames).set_index("Incident")
    assert incidents.loc["Cape Fog sinking", "Dead"] == "12" and incidents.loc["Portland crossing deaths", "Date"] == "2023"
    documents = tables.document_table(frames["documents"]).set_index("File")
    assert documents.loc["doc_b.txt", "Domains"] == "Drug trafficking, Migrant smuggling"
    assert documents.loc["doc_b.txt", "Date basis"] == "inferred: launch year"
    unnamed = tables.document_table(frames["documents"].assign(outlet="unknown")).set_index("File")
    assert unnamed.loc["doc_b.txt", "Outlet"] == "Outlet not named"  # as the Sources page labels it


def test_casualty_table_pages_keep_the_order_and_each_row_once(frames):
    whole = tables.casualty_table(frames["figures"], frames["incidents"], frames)
    total = len(tables.casualty_rows(frames["figures"], frames["incidents"]))
    assert total == len(whole) > 2
    pages = [tables.casualty_table(frames["figures"], frames["incidents"], frames, start, 2) for start in range(0, total, 2)]
    assert all(len(p) <= 2 for p in pages)
    assert pd.concat(pages, ignore_index=True).equals(whole.reset_index(drop=True))
    # The range spans every report of the incident even when its other reports are on another page.
    fog = pd.concat(pages)
    assert set(fog.loc[fog["Incident"] == "Cape Fog sinking", "Range over sources"]) <= {"12–14", "20"}
    assert tables.casualty_table(frames["figures"], frames["incidents"], frames, total + 5, 2).empty


def test_casualty_table_of_nothing_is_empty(frames):
    none = frames["figures"].iloc[0:0]
    assert tables.casualty_table(none, frames["incidents"], frames).empty
    assert tables.casualty_rows(none, frames["incidents"]).empty
