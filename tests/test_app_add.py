"""AppTest of the Add a document page: paste an article, propose, review, add, and see it on the Overview."""

import datetime

import pytest

from tests.apptest import open_page

pytestmark = [pytest.mark.app, pytest.mark.usefixtures("app_env")]

ARTICLE = "At least 27 migrants drowned off Harbourtown on Tuesday when their dinghy capsized, the coastguard said."


@pytest.fixture
def own_store(app_env, monkeypatch, tmp_path):  # after app_env, whose shared store it replaces
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path}/store.sqlite3")


def _pasted():
    at = open_page("pages/add.py")
    at.text_area(key="add_text").input(ARTICLE)
    at.date_input(key="add_published").set_value(datetime.date(2021, 11, 25))
    at.text_input(key="add_title").input("Dinghy capsizes")
    at.run()
    return at


@pytest.mark.usefixtures("own_store")
def test_pasting_an_article_proposes_its_records_and_adding_them_puts_them_on_every_page(fixture_dataset):
    at = _pasted()
    at.button[0].click().run()  # "Propose records"
    assert not at.exception
    assert any(m.value.startswith("**Figures**") for m in at.markdown)
    reader = next(h.proto.body for h in at.get("html") if "atlas-doc" in h.proto.body)
    assert '<mark class="ent-place" title="place: Harbourtown">Harbourtown</mark>' in reader  # proposals marked in place
    at.text_input(key="add_who").input("analyst@example").run()
    add = next(b for b in at.button if b.label == "Add to the atlas")
    add.click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Added ")
    overview = open_page("pages/overview.py")
    incidents = {m.label: m.value for m in overview.metric}["Incidents"]
    assert incidents == str(len(fixture_dataset.frames["incidents"]) + 1)


@pytest.mark.usefixtures("own_store")
def test_nothing_is_proposed_without_a_text_and_a_date():
    at = open_page("pages/add.py")
    assert not at.exception
    assert at.button[0].disabled  # "Propose records" waits for a text and its publication date
    at.text_area(key="add_text").input(ARTICLE).run()
    assert at.button[0].disabled


@pytest.mark.usefixtures("own_store")
def test_a_record_the_extractor_missed_is_added_to_the_review_with_its_sentence():
    at = _pasted()
    at.button[0].click().run()  # "Propose records"
    at.selectbox(key="add_missed_type").set_value("stakeholders").run()
    next(t for t in at.text_input if t.label == "Name").input("Harbour Watch")
    next(b for b in at.button if b.label == "Add this record to the review").click().run()
    assert not at.exception
    names = [n for t in at.dataframe if "name" in t.value for n in t.value["name"]]
    assert "Harbour Watch" in names


@pytest.mark.usefixtures("own_store")
def test_pasted_text_not_in_english_is_refused_with_a_reason():
    at = open_page("pages/add.py")
    french = ("Au moins vingt-sept migrants se sont noyés mardi au large de Calais lorsque leur canot pneumatique a "
              "chaviré, selon la préfecture maritime, qui a précisé que trois enfants figuraient parmi les victimes et "
              "que douze personnes étaient toujours portées disparues dans la Manche.")  # fmt: skip
    at.text_area(key="add_text").input(french)
    at.date_input(key="add_published").set_value(datetime.date(2021, 11, 25)).run()
    assert not at.exception
    assert any("not in English" in e.value for e in at.error)
    assert at.button[0].disabled


@pytest.mark.usefixtures("own_store")
def test_a_document_graded_at_review_carries_its_grade_to_its_records_and_the_grade_filter(fixture_dataset):
    at = _pasted()
    at.selectbox(key="add_reliability").set_value("B")
    at.selectbox(key="add_credibility").set_value("2").run()
    at.button[0].click().run()  # "Propose records"
    at.text_input(key="add_who").input("analyst@example").run()
    next(b for b in at.button if b.label == "Add to the atlas").click().run()
    assert not at.exception and at.success
    doc_id = at.success[0].value.replace("\\", "").split()[1].rstrip(":")  # shown as literal text (escaped)
    sources = open_page("pages/sources.py", source=doc_id)
    lines = [t.value for t in sources.text]
    assert any(v.startswith("Grade: B2 (Europol 4x4)") and "graded by analyst@example" in v for v in lines)
    graded = open_page("pages/overview.py", reliability="A,B")
    assert not graded.exception
    assert {m.label: m.value for m in graded.metric}["Incidents"] == "1"  # only the graded document's incident
    assert any("source graded: A, B" in c.value.replace("\\", "") for c in graded.caption)


@pytest.mark.usefixtures("own_store")
def test_grading_a_document_on_the_sources_page_keeps_who_and_shows_the_grade():
    at = open_page("pages/sources.py", source="doc_a.txt")
    assert any(t.value.startswith("Grade: ungraded") for t in at.text)
    at.selectbox(key="src_grade_doc_letter").set_value("C")
    at.selectbox(key="src_grade_doc_digit").set_value("3")
    at.text_input(key="src_grade_doc_note").input("a local weekly; not corroborated")
    at.text_input(key="src_grade_doc_who").input("reviewer@example")
    next(b for b in at.button if b.label == "Save the grade").click().run()
    assert not at.exception
    line = next(t.value for t in at.text if t.value.startswith("Grade:"))
    assert line.startswith("Grade: C3 (Europol 4x4)") and "reviewer@example" in line and "local weekly" in line
    nobody = open_page("pages/sources.py", source="doc_b.txt")
    nobody.selectbox(key="src_grade_doc_letter").set_value("A")
    next(b for b in nobody.button if b.label == "Save the grade").click().run()
    assert any("who grades" in e.value for e in nobody.error)


@pytest.mark.usefixtures("own_store")
def test_a_record_graded_on_its_own_shows_its_grade_in_its_panel():
    at = open_page("pages/sources.py", source="doc_a.txt", record="figures:fog-drowned")
    fields = at.dataframe[-1].value
    assert fields.set_index("Field").at["Grade", "Value"].startswith("ungraded")
    at.selectbox(key="src_grade_record_letter").set_value("X")
    at.selectbox(key="src_grade_record_digit").set_value("4")
    at.text_input(key="src_grade_record_who").input("reviewer@example")
    next(b for b in at.button if b.label == "Save the grade" and "record" in b.form_id).click().run()
    assert not at.exception
    grade = at.dataframe[-1].value.set_index("Field").at["Grade", "Value"]
    assert grade.startswith("X4 (Europol 4x4)") and "graded by reviewer@example" in grade


def _incidents() -> str:
    return {m.label: m.value for m in open_page("pages/overview.py").metric}["Incidents"]


@pytest.mark.usefixtures("own_store")
def test_an_added_document_is_withdrawn_with_a_reason_and_restored_and_nothing_is_deleted(fixture_dataset):
    base = str(len(fixture_dataset.frames["incidents"]))
    at = _pasted()
    at.button[0].click().run()  # "Propose records"
    at.text_input(key="add_who").input("analyst@example").run()
    next(b for b in at.button if b.label == "Add to the atlas").click().run()
    assert _incidents() == str(int(base) + 1)
    at = open_page("pages/add.py")
    at.text_input(key="hist_who").input("reviewer@example")
    next(t for t in at.text_input if t.label == "Why").input("a duplicate of another report")
    next(b for b in at.button if b.label == "Withdraw").click().run()
    assert not at.exception and any(s.value == "Withdrawn." for s in at.success)
    assert _incidents() == base
    at = open_page("pages/add.py")
    at.text_input(key="hist_who").input("reviewer@example")
    next(b for b in at.button if b.label == "Restore").click().run()
    assert any(s.value.startswith("Restored") for s in at.success)
    assert _incidents() == str(int(base) + 1)
    history = open_page("pages/add.py").dataframe[0].value
    assert list(history["action"])[:3] == ["restored", "withdrawn", "added"]
    assert list(history["who"])[:3] == ["reviewer@example", "reviewer@example", "analyst@example"]


@pytest.mark.usefixtures("own_store")
def test_a_second_document_links_to_a_stakeholder_the_first_one_added():
    reports = (
        "At least 27 migrants drowned off Harbourtown on Tuesday, the French coastguard said.",
        "Twelve migrants were rescued off Harbourtown on Friday, the French coastguard said.",
    )
    for n, text in enumerate(reports):
        at = open_page("pages/add.py")
        at.text_area(key="add_text").input(text)
        at.date_input(key="add_published").set_value(datetime.date(2021, 11, 25 + n))
        at.text_input(key="add_title").input(f"Report {n}").run()
        at.button[0].click().run()  # "Propose records"
        at.text_input(key="add_who").input("analyst@example").run()
        next(b for b in at.button if b.label == "Add to the atlas").click().run()
        assert not at.exception
        assert at.success and not at.error, [e.value for e in at.error] + [t.value for t in at.text]
    sources = open_page("pages/stakeholders.py", q="French coastguard")
    assert any("1 stakeholder matches" in m.value.replace("*", "") for m in sources.markdown)


@pytest.mark.usefixtures("own_store")
def test_a_document_later_than_the_data_is_shown_in_the_same_session_whose_dates_were_left_at_the_whole_span():
    at = _pasted()
    at.date_input(key="add_published").set_value(datetime.date(2026, 11, 18)).run()
    at.button[0].click().run()  # "Propose records"
    at.text_input(key="add_who").input("analyst@example").run()
    next(b for b in at.button if b.label == "Add to the atlas").click().run()
    doc_id = at.success[0].value.replace("\\", "").split()[1].rstrip(":")
    at.switch_page("pages/sources.py")
    at.query_params["source"] = doc_id
    at.run()
    assert not at.exception
    assert at.date_input(key="f_dates").value[1].year == 2026  # the range followed the data's new span
    assert at.text[0].value.startswith("Dinghy capsizes")  # the new document, not a notice and another one
