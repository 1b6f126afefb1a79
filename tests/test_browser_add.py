"""Browser test of adding a document: paste, propose, add, see it on the map and in Sources, then withdraw it."""

import re
import shutil

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, exceptions, streamlit_server, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

ARTICLE = (
    "At least 27 migrants drowned off Calais on Tuesday when their dinghy capsized, the French coastguard said.\n"
    "According to the International Organization for Migration, three children were among the dead and 12 people "
    "are still missing."
)


@pytest.fixture(scope="module")
def own_server():
    """A server with a store of its own: what this test adds is not seen by the other browser tests."""
    with streamlit_server() as url:
        yield url


def _type_date(page, label: str, year: str, month: str, day: str) -> None:
    for part, value in (("year", year), ("month", month), ("day", day)):
        page.get_by_role("spinbutton", name=f"{part}, {label}").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")


def _paste_and_propose(page, server: str, text: str, title: str, day: str) -> None:
    """Open the Add page, paste a report with its title, a November 2021 date and a reviewer, and propose."""
    page.goto(f"{server}/add")
    wait_ready(page, "h1")
    page.get_by_label("The document's text").fill(text)
    page.get_by_label("Title").fill(title)
    _type_date(page, "Published", "2021", "11", day)
    page.get_by_role("textbox", name="Reviewed by").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Propose records").click()
    page.get_by_text("Review what the atlas proposes").wait_for()


def _timeline_reports(page, server: str) -> str:
    page.goto(f"{server}/timeline")
    wait_ready(page, "h1")
    page.get_by_text("casualty figures from").first.wait_for()
    return page.get_by_text("casualty figures from").first.inner_text()


def test_paste_an_article_add_it_and_see_it_on_the_map_and_timeline_then_withdraw_and_restore_it(own_server, page):
    on_timeline = _timeline_reports(page, own_server)
    page.goto(f"{own_server}/map")
    wait_ready(page, "h1")
    page.get_by_text("routes ·").first.wait_for()
    before = page.get_by_text("routes ·").first.inner_text()
    _paste_and_propose(page, own_server, ARTICLE, "Dinghy capsizes off Calais", "25")
    wait_ready(page)
    page.get_by_role("button", name="Add to the atlas").click()
    page.get_by_text("it is on every page now").wait_for()
    assert exceptions(page) == []
    page.get_by_role("link", name="Read it in Sources").click()
    wait_ready(page, "h1")
    page.get_by_text("At least 27 migrants drowned off Calais").first.wait_for()
    shared = page.url  # a colleague opening the link sees the same document
    page.goto(f"{own_server}/map")
    wait_ready(page, "h1")
    page.get_by_text("routes ·").first.wait_for()
    after = page.get_by_text("routes ·").first.inner_text()
    assert before.split(" · ")[1] != after.split(" · ")[1]  # one more incident placed (at Calais)
    assert _timeline_reports(page, own_server) != on_timeline  # its casualty figures are on the timeline
    fresh = page.context.browser.new_context().new_page()
    fresh.goto(shared)
    wait_ready(fresh, "h1")
    fresh.get_by_text("At least 27 migrants drowned off Calais").first.wait_for()
    fresh.context.close()
    page.goto(f"{own_server}/add")
    wait_ready(page, "h1")
    page.get_by_text("History of added documents").click()
    page.get_by_role("textbox", name="Your name").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_label("Why").fill("a test report")
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text("Withdrawn.").wait_for()
    page.goto(f"{own_server}/map")
    wait_ready(page, "h1")
    page.get_by_text("routes ·").first.wait_for()
    assert page.get_by_text("routes ·").first.inner_text() == before  # withdrawn: gone from the map, not deleted
    page.goto(f"{own_server}/add")
    wait_ready(page, "h1")
    page.get_by_text("History of added documents").click()
    page.get_by_role("textbox", name="Your name").fill("reviewer")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Restore").click()
    page.screenshot(path=str(ARTIFACTS / "add-restore.png"), full_page=True)
    page.get_by_text("Restored: it is on every page again.").wait_for()
    page.goto(f"{own_server}/map")
    wait_ready(page, "h1")
    page.get_by_text("routes ·").first.wait_for()
    assert page.get_by_text("routes ·").first.inner_text() == after  # restored: back on the map


def test_an_upload_fills_the_form_and_a_file_of_the_wrong_kind_is_refused(own_server, page, tmp_path):
    page.goto(f"{own_server}/add")
    wait_ready(page, "h1")
    good = tmp_path / "report.txt"
    good.write_text("Dinghy capsizes off Calais\nPublished in Fixture Wire, November 25th, 2021\n\n" + ARTICLE, "utf-8")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text("Read from the file").wait_for()
    wait_ready(page)
    assert "At least 27 migrants drowned" in page.get_by_label("The document's text").input_value()
    assert page.get_by_label("Title").input_value() == "Dinghy capsizes off Calais"
    page.screenshot(path=str(ARTIFACTS / "add-upload.png"), full_page=True)
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("report.docx is not a Word document").wait_for()
    assert "At least 27 migrants drowned" in page.get_by_label("The document's text").input_value()  # nothing lost
    page.screenshot(path=str(ARTIFACTS / "add-upload-refused.png"), full_page=True)
    assert exceptions(page) == []


def _choose(scope, page, label: str, option: str) -> None:
    scope.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).first.click()


def test_grade_a_curated_document_on_sources_and_filter_every_page_to_a_to_b_sources(own_server, page):
    page.goto(f"{own_server}/sources?source=001_32faebf96a5eb5cb.txt")
    wait_ready(page, "h1")
    page.get_by_text("Grade: ungraded").wait_for()
    page.get_by_role("button", name="Grade this document").click()
    form = page.get_by_test_id("stForm")
    _choose(form, page, "Source reliability", "B —")
    _choose(form, page, "Information credibility", "2 —")
    page.get_by_role("textbox", name="Why (optional)").fill("national daily; the figures are the FIA's")
    page.get_by_role("textbox", name="Graded by").fill("reviewer")
    page.get_by_role("button", name="Save the grade").click()
    page.get_by_text("Grade: B2 (Europol 4x4)").wait_for()
    wait_ready(page)
    assert "graded by reviewer" in page.get_by_text("Grade: B2").inner_text()
    page.screenshot(path=str(ARTIFACTS / "sources-graded.png"), full_page=True)
    page.goto(f"{own_server}/?reliability=A,B")
    wait_ready(page, "h1")
    page.get_by_text("source graded: A, B").first.wait_for()
    assert page.get_by_text(re.compile(r"^1 of \d+ documents")).first.is_visible()  # only the graded one
    page.screenshot(path=str(ARTIFACTS / "overview-graded-filter.png"), full_page=True)
    assert exceptions(page) == []


def test_review_a_pasted_article_grade_it_and_add_a_record_the_extractor_missed(own_server, page):
    page.goto(f"{own_server}/add")
    wait_ready(page, "h1")
    page.get_by_label("The document's text").fill(ARTICLE.replace("27", "31").replace("Calais", "Dunkirk"))
    page.get_by_label("Title").fill("Dinghy capsizes off Dunkirk")
    _type_date(page, "Published", "2021", "11", "26")
    wait_ready(page)
    main = page.get_by_test_id("stMainBlockContainer")
    _choose(main, page, "Source reliability (Europol 4x4)", "B —")
    _choose(main, page, "Information credibility", "2 —")
    page.get_by_role("button", name="Propose records").click()
    page.get_by_text("Review what the atlas proposes").wait_for()
    wait_ready(page)
    page.get_by_text("Add a record the atlas missed").click()
    _choose(main, page, "Record type", "stakeholders")
    wait_ready(page)
    form = page.get_by_test_id("stForm")
    form.get_by_role("textbox", name="Name").fill("Dunkirk Rescue Volunteers")
    form.get_by_role("button", name="Add this record to the review").click()
    wait_ready(page)
    page.get_by_text("Proposed: 1 incidents, 3 figures, 3 stakeholders").wait_for()  # the missed one among them
    page.screenshot(path=str(ARTIFACTS / "add-review.png"), full_page=True)
    page.get_by_role("textbox", name="Reviewed by").fill("analyst")
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Add to the atlas").click()
    page.get_by_text("it is on every page now").wait_for()
    page.get_by_role("link", name="Read it in Sources").click()
    wait_ready(page, "h1")
    page.get_by_text("Grade: B2 (Europol 4x4)").wait_for()
    page.goto(f"{own_server}/stakeholders?q=Dunkirk+Rescue")
    wait_ready(page, "h1")
    page.screenshot(path=str(ARTIFACTS / "stakeholders-missed-added.png"), full_page=True)
    page.get_by_text("1 stakeholder matches these filters").wait_for()  # the table itself is drawn on a canvas
    assert exceptions(page) == []


@pytest.mark.parametrize("kind", ["html", "pdf", "docx"])
def test_an_html_pdf_or_word_upload_fills_the_text_and_what_it_states(own_server, page, tmp_path, kind):
    from tests.test_intake import PAGE, PDF_LINES, docx_bytes, pdf_bytes

    data = {"html": PAGE.encode("utf-8"), "pdf": pdf_bytes(PDF_LINES), "docx": docx_bytes(PDF_LINES)}
    path = tmp_path / f"report.{kind}"
    path.write_bytes(data[kind])
    page.goto(f"{own_server}/add")
    wait_ready(page, "h1")
    page.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_function("() => (document.querySelector('textarea')?.value ?? '').includes('forty migrants')")
    wait_ready(page)
    text = page.get_by_label("The document's text").input_value()
    assert "Rescuers pulled thirty-two people from the water" in text
    if kind == "html":  # the page's own metadata, and none of its menus or footer
        assert page.get_by_label("Title").input_value() == "Boat sinks off Cape Fog"
        assert page.get_by_label("Outlet").input_value() == "The Harbour Times"
        assert "Subscribe" not in text and "Copyright" not in text
    page.screenshot(path=str(ARTIFACTS / f"add-upload-{kind}.png"), full_page=True)
    assert exceptions(page) == []


def test_a_proposed_stakeholder_merged_into_the_atlas_record_is_not_added_and_its_relations_point_there(own_server, page):
    text = (
        "At least 14 migrants drowned off Lesbos on Tuesday when their dinghy capsized, the Greek coastguard said.\n"
        "According to the International Organization for Migration, four children were among the dead."
    )
    _paste_and_propose(page, own_server, text, "Dinghy capsizes off Lesbos", "24")
    editors = page.get_by_test_id("stDataFrame")
    editors.nth(2).wait_for()  # incidents, figures, stakeholders, …
    wait_ready(page)
    # The table is drawn on a canvas: reach the first row's "Same as" cell from its first cell by the keyboard.
    box = editors.nth(2).bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 52)
    page.keyboard.press("Home")
    for _ in range(6):  # Accept, In the atlas, name, kind, country, role, Same as
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.get_by_role("option", name="hellenic-coast-guard").click()
    page.keyboard.press("Escape")
    wait_ready(page)
    page.screenshot(path=str(ARTIFACTS / "add-merge.png"), full_page=True)
    page.get_by_role("button", name="Add to the atlas").click()
    page.get_by_text("it is on every page now").wait_for()
    page.get_by_role("link", name="Read it in Sources").click()
    wait_ready(page, "h1")
    page.get_by_role("combobox", name="Chosen record").click()
    page.get_by_role("option").filter(has_text="Relation: Hellenic Coast Guard — reported").wait_for()  # points there
    assert page.get_by_role("option").filter(has_text="Figure: at least 14 drowned · Hellenic Coast Guard").count() == 1
    page.keyboard.press("Escape")
    page.goto(f"{own_server}/stakeholders?q=Greek+coastguard")
    wait_ready(page, "h1")
    page.get_by_text("0 stakeholders match these filters").wait_for()  # merged, not added
    page.goto(f"{own_server}/stakeholders?q=Hellenic+Coast+Guard")
    wait_ready(page, "h1")
    page.get_by_text("1 stakeholder matches these filters").wait_for()
    assert exceptions(page) == []
