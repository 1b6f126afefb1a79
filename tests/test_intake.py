"""The upload intake: each kind of file read, each kind of bad input refused with a clear message, metadata proposed."""

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from trafficking_atlas.intake import KINDS, MAX_BYTES, Intake, Metadata, language, propose_metadata, read_text, read_upload

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ENGLISH = (
    "A boat carrying forty migrants sank off Cape Fog on Saturday, the coastguard said. Smugglers had packed the "
    "vessel far beyond its capacity before it left the beach at night.\n\n"
    "Rescuers pulled thirty-two people from the water; eight are missing. The coastguard said the smuggling network "
    "behind the crossing had been under investigation for months."
)
FRENCH = (
    "Les passeurs ont abandonné une cinquantaine de migrants sur une plage près de Calais, a annoncé la préfecture "
    "maritime mardi soir. Selon les autorités, le bateau pneumatique était surchargé et plusieurs personnes ont dû "
    "être secourues par les sauveteurs en mer, qui ont été appelés vers minuit."
)
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Boat sinks off Cape Fog | The Harbour Times</title>
<meta property="og:title" content="Boat sinks off Cape Fog">
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:url" content="https://harbour.example.com/news/boat-sinks">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-03T10:32:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<header><div class="menu">Menu Search Sign in</div></header>
<article><h1>Boat sinks off Cape Fog</h1>
<p>A boat carrying forty migrants sank off Cape Fog on Saturday, the coastguard said. Smugglers had packed the vessel
far beyond its capacity before it left the beach at night.</p>
<p>Rescuers pulled thirty-two people from the water; eight are missing. The coastguard said the smuggling network
behind the crossing had been under investigation for months.</p>
</article>
<footer><p>Copyright 2024 The Harbour Times. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def pdf_bytes(lines: list[str], password: str | None = None) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica), or no text layer at all when `lines` is empty."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    if lines:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})  # fmt: skip
        fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        content = DecodedStreamObject()
        content.set_data(("BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({line}) '" for line in lines) + " ET").encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str], tables: int = 0) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for _ in range(tables):
        document.add_table(rows=1, cols=2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
PDF_LINES = [
    "A boat carrying forty migrants sank off Cape Fog on Saturday, the coastguard",
    "said. Smugglers had packed the vessel far beyond its capacity before it left the",
    "beach at night. Rescuers pulled thirty-two people from the water; eight are missing.",
    "The coastguard said the smuggling network had been under investigation for months.",
]


def test_the_constants():
    assert KINDS == (".txt", ".html", ".htm", ".pdf", ".docx")
    assert MAX_BYTES == 10_000_000


# Good files


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_every_seed_reads_as_english_text_with_only_its_whitespace_changed(path):
    data = path.read_bytes()
    got = read_upload(path.name, data)
    assert got.ok, got.problems
    assert got.kind == "txt"
    assert "".join(got.text.split()) == "".join(data.decode("utf-8").split())
    assert "\n\n\n" not in got.text and got.text == got.text.strip()
    assert language(got.text)[0] == "en"


def test_a_text_file_is_read_into_paragraphs_separated_by_blank_lines():
    got = read_upload("report.txt", b"Boat sinks\r\n\r\n\r\nA boat   sank.\nRescuers came.\n\n\n")
    assert got.ok and got.kind == "txt"
    assert got.text == "Boat sinks\n\nA boat sank.\n\nRescuers came."


def test_a_hard_wrapped_line_joins_its_paragraph_and_nothing_else_changes():
    got = read_text("The coastguard said the smuggling net-\nwork behind the crossing\nhad been watched.\nRescuers came.")
    assert got.text == "The coastguard said the smuggling net-work behind the crossing had been watched.\n\nRescuers came."


def test_an_html_page_gives_its_main_text_without_the_boilerplate_and_its_metadata_with_the_tags():
    got = read_upload("page.html", PAGE.encode("utf-8"))
    assert got.ok, got.problems
    assert got.kind == "html"
    assert got.text.startswith("Boat sinks off Cape Fog\n\nA boat carrying forty migrants sank off Cape Fog on Saturday")
    assert "far beyond its capacity" in got.text
    for boilerplate in ("Subscribe", "Sign in", "Copyright", "Privacy"):
        assert boilerplate not in got.text
    m = got.metadata
    assert (m.title, m.outlet, m.author, m.url, m.published) == (
        "Boat sinks off Cape Fog", "The Harbour Times", "Jane Smith", "https://harbour.example.com/news/boat-sinks",
        date(2024, 3, 3),
    )  # fmt: skip
    assert m.title_how == "the HTML page's <meta property=og:title>"
    assert m.outlet_how == "the HTML page's <meta property=og:site_name>"
    assert m.author_how == "the HTML page's <meta name=author>"
    assert m.url_how == "the HTML page's <meta property=og:url>"
    assert m.published_how == "the HTML page's <meta property=article:published_time>"
    assert m.domains == ("migrant_smuggling",)


def test_an_htm_page_without_meta_tags_names_its_title_tag_and_its_json_ld_date_and_a_disagreeing_text_is_noticed():
    body = "".join(f"<p>{p}</p>" for p in ENGLISH.split("\n\n")) + "<p>Published in Dawn, April 27th, 2024</p>"
    page = (
        "<html><head><title>Boat sinks off Cape Fog</title><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2024-04-28T08:00:00+05:00"}</script></head>'
        f"<body><article>{body}</article></body></html>"
    )
    got = read_upload("page.htm", page.encode())
    assert got.ok and got.kind == "html"
    m = got.metadata
    assert (m.title, m.title_how) == ("Boat sinks off Cape Fog", "the HTML page's <title>")
    assert (m.published, m.published_how) == (date(2024, 4, 28), "the HTML page's JSON-LD datePublished")
    assert (m.outlet, m.outlet_how) == ("Dawn", "the line 'Published in Dawn, April 27th, 2024'")
    assert any("2024-04-28" in n and "2024-04-27" in n for n in got.notices)


def test_an_html_page_in_its_declared_charset_is_read_without_a_notice():
    page = f"<html><head><meta charset='iso-8859-1'><title>Caf\xe9 raid</title></head><body><p>{ENGLISH}</p></body></html>"
    got = read_upload("page.html", page.encode("latin-1"))
    assert got.ok
    assert got.metadata.title == "Caf\xe9 raid"
    assert not [n for n in got.notices if "UTF-8" in n]


def test_a_pdf_gives_its_text_layer_with_its_wrapped_lines_joined():
    got = read_upload("report.pdf", pdf_bytes(PDF_LINES))
    assert got.ok, got.problems
    assert got.kind == "pdf"
    assert got.text.startswith("A boat carrying forty migrants sank off Cape Fog on Saturday, the coastguard said.")
    assert "the vessel far beyond its capacity before it left the beach at night." in got.text


def test_a_pdf_encrypted_only_against_copying_opens_with_the_empty_password():
    got = read_upload("report.pdf", pdf_bytes(PDF_LINES, password=""))
    assert got.ok, got.problems
    assert "forty migrants" in got.text


def test_a_docx_gives_its_paragraphs_and_says_its_tables_are_not_read():
    paragraphs = ["Boat sinks off Cape Fog", "By Jane Smith, Home Affairs Correspondent", *ENGLISH.split("\n\n")]
    got = read_upload("report.docx", docx_bytes(paragraphs, tables=1))
    assert got.ok, got.problems
    assert got.kind == "docx"
    assert got.text == "\n\n".join(paragraphs)
    assert (got.metadata.title, got.metadata.author) == ("Boat sinks off Cape Fog", "Jane Smith")
    assert "report.docx has 1 table: the text in tables is not read" in got.notices


def test_pasted_text_is_read_like_an_upload():
    got = read_text("  Boat sinks off Cape Fog\n" + ENGLISH + "\n")
    assert got.ok and got.kind == "pasted"
    assert got.text.startswith("Boat sinks off Cape Fog\n\nA boat carrying")
    assert got.metadata.title == "Boat sinks off Cape Fog"
    assert isinstance(got, Intake) and isinstance(got.metadata, Metadata)


def test_a_text_that_is_not_utf8_is_read_as_cp1252_with_a_notice():
    got = read_upload("report.txt", ENGLISH.replace("Cape Fog", "Cap Fog\u2019s caf\xe9").encode("cp1252"))
    assert got.ok
    assert "Cap Fog\u2019s caf\xe9" in got.text
    assert any(n.startswith("report.txt is not UTF-8: it was read as Windows-1252") for n in got.notices)


def test_a_text_that_merely_starts_like_a_signature_is_still_text():
    # "BM" opens a BMP image and "MZ" a Windows program; a sniffer alone would refuse these.
    for start in ("BMW cars", "MZ Transport lorries"):
        got = read_upload("report.txt", f"{start} and heroin were seized at the port. {ENGLISH}".encode())
        assert got.ok, got.problems


def test_a_utf16_text_with_its_byte_order_mark_is_read():
    got = read_upload("report.txt", ENGLISH.encode("utf-16"))
    assert got.ok and got.text == ENGLISH


# Bad input: a clear message, nothing read


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("report.docx", pdf_bytes(PDF_LINES), "report.docx is not a Word document: its first bytes are those of a PDF file"),
        ("report.pdf", zip_bytes(), "report.pdf is not a PDF: its first bytes are those of a ZIP file"),
        ("report.pdf", docx_bytes(["Hello"]), "report.pdf is not a PDF: its first bytes are those of a Word document (.docx)"),
        ("report.docx", zip_bytes(), "report.docx is not a Word document: it is a ZIP file without word/document.xml"),
        ("report.pdf", ENGLISH.encode(), "report.pdf is not a PDF: it holds plain text"),
        ("report.txt", PNG, "report.txt is not a text file: its first bytes are those of a PNG image"),
        ("report.txt", b"\x01\x02 data\x00\x00\x03 more", "report.txt is not a text file: it holds binary data (NUL bytes)"),
        ("report.html", b"<p>\x00\x00\x01</p>", "report.html is not an HTML page: it holds binary data (NUL bytes)"),
        ("report.html", pdf_bytes(PDF_LINES), "report.html is not an HTML page: its first bytes are those of a PDF file"),
        ("page.html", ENGLISH.encode(), "page.html is not an HTML page: it holds no HTML tags"),
        ("report.txt", b"{\\rtf1 Boats}", "report.txt is not a text file: its first bytes are those of an RTF document"),
        ("report.pdf", bytes(range(1, 256)), "report.pdf is not a PDF: its first bytes are of no kind of file the atlas knows"),
    ],
    ids=["pdf-as-docx", "zip-as-pdf", "docx-as-pdf", "zip-as-docx", "text-as-pdf", "png-as-txt", "binary-as-txt",
         "nul-as-html", "pdf-as-html", "text-as-html", "rtf-as-txt", "noise-as-pdf"],
)  # fmt: skip
def test_a_file_of_another_kind_than_its_name_says_is_refused(name, data, problem):
    got = read_upload(name, data)
    assert not got.ok
    assert got.problems == (problem,)
    assert got.text == ""


@pytest.mark.parametrize("name", ["report.txt", "report.html", "report.pdf", "report.docx"])
def test_an_empty_file_is_refused(name):
    assert read_upload(name, b"").problems == (f"{name} is empty",)


def test_a_file_of_nothing_but_whitespace_holds_no_text():
    assert read_upload("report.txt", b" \r\n\t\n ").problems == ("report.txt holds no text",)
    assert read_upload("report.docx", docx_bytes(["", "  "])).problems == ("report.docx holds no text",)
    assert read_text(" \n ").problems == ("The pasted text is empty",)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    assert read_upload("report.txt", b"x" * 250, limit=100).problems == ("report.txt is 250 bytes; the limit is 100 bytes",)
    assert read_upload("report.pdf", b"x" * 14_200_000).problems == ("report.pdf is 14.2 MB; the limit is 10 MB",)
    # Just over the limit shows as over it, not as "10 MB; the limit is 10 MB".
    assert read_upload("report.pdf", b"x" * 10_000_001).problems == ("report.pdf is 10.1 MB; the limit is 10 MB",)
    assert read_upload("report.txt", ENGLISH.encode(), limit=len(ENGLISH.encode())).ok


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("report.odt", ".odt files cannot be read: upload .txt, .html, .pdf or .docx"),
        ("scan.JPG", ".jpg files cannot be read: upload .txt, .html, .pdf or .docx"),
        ("README", "README has no file extension: upload .txt, .html, .pdf or .docx"),
    ],
)
def test_an_unknown_extension_is_refused(name, problem):
    assert read_upload(name, b"some bytes").problems == (problem,)


def test_the_extension_is_read_whatever_its_case_and_a_path_is_cut_to_the_file_name():
    got = read_upload("C:\\Users\\me\\Report.TXT", ENGLISH.encode())
    assert got.ok and got.kind == "txt"
    assert read_upload("/tmp/x/report.pdf", b"").problems == ("report.pdf is empty",)


def test_french_text_is_refused_as_not_english():
    for got in (read_text(FRENCH), read_upload("article.txt", FRENCH.encode())):
        assert got.problems == ("The text is not in English (it reads as French, 1.00); the extractor reads English only",)
    code, confidence = language(FRENCH)
    assert code == "fr" and confidence > 0.9


def test_a_short_text_gets_no_language_verdict_and_no_problem():
    got = read_text("Ceci est court.")
    assert got.ok
    assert language("Ceci est court.") == ("und", 0.0)
    assert any("its language was not checked" in n for n in got.notices)


def test_a_corrupted_pdf_is_a_problem_naming_the_file_not_a_crash():
    for data in (pdf_bytes(PDF_LINES)[:300], b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"):
        got = read_upload("report.pdf", data)
        assert not got.ok
        assert got.problems[0].startswith("report.pdf could not be read as a PDF (")


def test_a_corrupted_docx_is_a_problem_naming_the_file():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not really xml")
    got = read_upload("report.docx", out.getvalue())
    assert got.problems[0].startswith("report.docx could not be read as a Word document (")


def test_a_pdf_without_a_text_layer_is_a_scan():
    got = read_upload("scan.pdf", pdf_bytes([]))
    assert got.problems == ("scan.pdf holds no text layer (a scan?): run it through OCR first, or paste its text",)


def test_a_pdf_that_needs_a_password_is_refused():
    got = read_upload("secret.pdf", pdf_bytes(PDF_LINES, password="s3cret"))
    assert got.problems == ("secret.pdf is encrypted: it needs a password; upload an unprotected copy",)


# Metadata from the text


def test_the_dawn_seed_proposes_its_title_outlet_date_and_domain_from_its_own_lines():
    m = read_upload("001.txt", (SEEDS / "001_32faebf96a5eb5cb.txt").read_bytes()).metadata
    assert (m.title, m.outlet, m.published) == ("World cooperation sought to fight human smuggling", "Dawn", date(2024, 4, 27))
    assert m.published_how == m.outlet_how == "the line 'Published in Dawn, April 27th, 2024'"
    assert m.title_how == "the text's first line (a short line, not a sentence)"
    assert m.domains == ("migrant_smuggling",)
    assert m.domains_how.startswith("words in the text: Migrant smuggling 27 times")
    assert (m.author, m.url) == ("", "")


def test_the_nato_seed_proposes_its_page_update_date_saying_it_is_one():
    m = propose_metadata((SEEDS / "002_4783c7643582eb63.txt").read_text(encoding="utf-8"))
    assert m.published == date(2006, 9, 25)
    assert m.published_how == "the line 'Page Updated: 25-Sep-2006' (an update date: the document may be older)"
    assert m.title == ""  # "[ HOME ]" is navigation, not a headline
    assert m.url == ""  # a URL inside a sentence is not the document's
    assert m.domains[0] == "wmd_trafficking"


def test_the_coess_seed_proposes_its_headline_and_domains_and_no_date():
    m = propose_metadata((SEEDS / "004_3e0d603becb9e5e2.txt").read_text(encoding="utf-8"))
    assert m.title == "The EU Ports Alliance: CoESS joins initiative to fight drug trafficking and organised crime"
    assert m.published is None  # "On Wednesday 24th January" has no year: no date is invented
    assert m.domains == ("drug_trafficking", "organised_crime")


def test_a_seed_without_a_header_proposes_no_title_author_outlet_or_date():
    got = read_upload("000.txt", (SEEDS / "000_a5bc8f7f0006fcc0.txt").read_bytes())
    m = got.metadata
    assert (m.title, m.outlet, m.author, m.url, m.published) == ("", "", "", "", None)
    assert (m.title_how, m.outlet_how, m.author_how, m.url_how, m.published_how) == ("", "", "", "", "")
    assert any(n.startswith("No publication date was found") for n in got.notices)


def test_a_reuters_dateline_and_a_byline():
    text = "Boat sinks off Cape Fog\nBy Jane Smith and John Doe\nLONDON, 3 March 2024 (Reuters) - A boat carrying migrants sank."
    m = propose_metadata(text)
    assert (m.title, m.author, m.outlet, m.published) == ("Boat sinks off Cape Fog", "Jane Smith and John Doe", "Reuters",
                                                          date(2024, 3, 3))  # fmt: skip
    assert m.published_how == "the dateline 'LONDON, 3 March 2024 (Reuters) -'"
    assert m.author_how == "the line 'By Jane Smith and John Doe'"


def test_a_dateline_without_a_year_or_date_proposes_no_date():
    assert propose_metadata("ISLAMABAD: Recognising the severity of migrant smuggling, a conference met.").published is None
    m = propose_metadata("WASHINGTON, March 3 (Reuters) - The United States said on Friday it would act.")
    assert (m.published, m.outlet) == (None, "Reuters")


def test_a_url_line_and_a_published_line_with_a_time():
    m = propose_metadata("Boat sinks\nPublished 12 June 2023, 10:32 GMT\nSource: https://www.dawn.com/news/1829561\nText.")
    assert (m.published, m.url) == (date(2023, 6, 12), "https://www.dawn.com/news/1829561")
    assert m.url_how == "the line 'Source: https://www.dawn.com/news/1829561'"


@pytest.mark.parametrize(
    "text",
    [
        "Published: 03/04/2024\nText.",  # 3 April or March 4: either way round
        "Updated: Tuesday 3 March 2024\nText.",  # 3 March 2024 was a Sunday
        "Posted 2 hours ago\nText.",
        "Published in April 2024\nText.",  # no day
        "By 2025, the number of crossings will double.\nMore text.",
        "By Tuesday evening the boat had sunk.\nMore text.",
        "Police said further information may be found at https://example.com/report today.",
    ],
)
def test_nothing_is_invented_from_lines_that_do_not_state_it(text):
    m = propose_metadata(text)
    assert (m.published, m.author, m.url) == (None, "", "")


def test_a_text_without_any_header_or_domain_words_proposes_nothing():
    m = propose_metadata("the weather was fine and the sea was calm all day long.")
    assert m == Metadata()


def test_importing_the_intake_is_fast_because_its_parsers_load_when_used():
    heavy = "('trafilatura', 'docx', 'pypdf', 'spacy', 'py3langid', 'dateparser')"
    code = f"import sys, trafficking_atlas.intake; print(sorted(m for m in {heavy} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
