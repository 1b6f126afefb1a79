"""A new document's upload or pasted text, checked and read, with the metadata its text states (pure: nothing stored)."""

from __future__ import annotations

import codecs
import functools
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from trafficking_atlas import vocab

MAX_BYTES = 10_000_000
KINDS = (".txt", ".html", ".htm", ".pdf", ".docx")
# Language verdicts: fewer words than this and py3langid's reading is too noisy to refuse a document on.
MIN_LANGUAGE_WORDS = 30
CONFIDENT = 0.9
# A domain is proposed when its words occur at least this often: one passing "border" or "Office on Drugs" is not a topic.
MIN_DOMAIN_MENTIONS = 2
# extraction.DOMAIN_WORDS has no words for organised crime (it is the extractor's fallback); the text can name it, though.
ORGANISED_CRIME_WORDS = r"organi[sz]ed crim|criminal (?:network|gang|group|organi[sz]ation)s?|crime gangs?"

UPLOAD_HINT = "upload .txt, .html, .pdf or .docx"
EXPECTED = {"txt": "a text file", "html": "an HTML page", "pdf": "a PDF", "docx": "a Word document"}
# filetype's names for what a file's first bytes say it is.
KIND_NAMES = {
    "pdf": "a PDF file",
    "zip": "a ZIP file",
    "docx": "a Word document (.docx)",
    "doc": "a Word 97-2003 document (.doc)",
    "xlsx": "an Excel workbook (.xlsx)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "pptx": "a PowerPoint file (.pptx)",
    "odt": "an OpenDocument text (.odt)",
    "epub": "an EPUB book",
    "rtf": "an RTF document",
    "png": "a PNG image",
    "jpg": "a JPEG image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "tif": "a TIFF image",
    "gz": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "exe": "a Windows program",
    "elf": "a Linux program",
}

WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
YEAR = r"(?:19|20)\d{2}"
# Only dates with a day, a month and a year: a partial date would make the reader invent the rest.
FULL_DATE = re.compile(
    rf"(?:(?P<weekday>{WEEKDAY}),?\s+(?:the\s+)?)?(?P<date>"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+{YEAR}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}"
    rf"|\d{{1,2}}[-/ ]{MONTH}[-/ ]{YEAR}"
    rf"|{YEAR}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?P<d1>\d{{1,2}})[/.](?P<d2>\d{{1,2}})[/.]{YEAR})\b",
    re.I,
)
DATE_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY",
                 "PARSERS": ["absolute-time"]}  # fmt: skip
PUBLISHED = re.compile(
    r"^(?P<label>(?:(?:First|Originally)\s+)?(?:Published|Posted)|Date(?:\s+published)?|Publication\s+date"
    r"|(?P<updated>(?:Last\s+|Page\s+)?(?:Updated|Modified)))\b\s*:?\s*(?P<rest>.*)$",
    re.I,
)
PUBLISHED_IN = re.compile(r"^(?:in|by)\s+(?P<outlet>[A-Z][^,;|:–—]{0,60}?)(?:\s*[,;|:–—]\s*|\s+on\s+|$)(?P<tail>.*)$")
DATELINE = re.compile(
    r"^(?P<head>(?P<place>[A-Z][A-Z'’.\-]*[A-Z.](?: [A-Z][A-Z'’.\-]*[A-Z.])*)(?:,\s*[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?)*)?"
    r"(?:,\s*(?P<when>[^()\n:–—]{3,40}?))?\s*(?:\((?P<agency>[A-Z][A-Za-z .&]{1,30})\))?\s*(?::|[-–—]{1,2}))\s+\S"
)
PARTICLE = r"(?:de|da|del|della|van|von|der|den|al|el|bin|ibn|le|la|du|dos|di)"
NAME = rf"[A-Z][\w'’.\-]*(?:\s+(?:{PARTICLE}\s+)*[A-Z][\w'’.\-]*){{1,4}}"
BYLINE = re.compile(
    rf"^(?i:By|Written\s+by|Words\s+by|Author:)\s+(?P<name>{NAME}(?:\s*(?:,\s*and|and|&)\s+{NAME})*)"
    r"\s*(?:$|[,|–—-]\s*.{0,80}$|\s+in\s+[A-Z].{0,40}$)"
)
URL_LINE = re.compile(
    r"^(?:(?:Source|URL|Link|Original(?:\s+article)?|Read\s+(?:more|online|it)\s+(?:at|on)|Available\s+(?:at|from)"
    r"|Retrieved\s+from)\s*:?\s*)?<?(?P<url>https?://[^\s<>\"]+?)>?[.,;)]?$",
    re.I,
)
TERMINAL = tuple('.!?:;"”’)]…')


@dataclass(frozen=True)
class Metadata:
    """What the text (or its HTML page) says of itself, each with where it was read; empty where it says nothing."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: date | None = None
    domains: tuple[str, ...] = ()
    title_how: str = ""
    outlet_how: str = ""
    author_how: str = ""
    url_how: str = ""
    published_how: str = ""
    domains_how: str = ""


@dataclass(frozen=True)
class Intake:
    """A document as read: its main text, kind, proposed metadata, problems (any one refuses it) and notices."""

    text: str
    kind: str
    metadata: Metadata = field(default_factory=Metadata)
    problems: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing is wrong: the document may go on to review."""
        return not self.problems


class _Unreadable(Exception):
    """A clear sentence saying why a file cannot be read (becomes a problem, never a crash)."""


def _size(n: int) -> str:
    """A byte count as people read it: '250 bytes', '14.2 MB' (rounded up, so a file just over the limit shows it)."""
    if n < 1000:
        return f"{n} bytes"
    scale, unit = (1000, "kB") if n < 1_000_000 else (1_000_000, "MB")
    tenths = -(-n * 10 // scale)  # ceiling in integers: floats would make 14.2 MB read 14.3
    return f"{tenths / 10:g} {unit}"


def _paragraphs(text: str, unwrap: bool = True) -> str:
    """The text's paragraphs separated by blank lines, runs of spaces made one; words and punctuation untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = re.sub(r"[\f\v\u2028\x85]", "\n", text).lstrip("\ufeff")
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in (re.sub(r"[^\S\n]+", " ", raw).strip() for raw in block.split("\n")) if line]
        current = ""
        for line in lines:
            # A hard-wrapped line (a PDF's, an e-mail's) stops mid-sentence and the next goes on in lower case.
            if current and unwrap and not current.endswith(TERMINAL) and line[0].islower():
                current += line if re.search(r"[^\W\d_]-$", current) else " " + line
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


@functools.cache
def _identifier():
    """py3langid's identifier with probabilities normalised to 0-1 (its model ships in the package; loaded once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language(text: str) -> tuple[str, float]:
    """The text's language (ISO 639 code) and py3langid's confidence; ('und', 0.0) when the text is too short to tell."""
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_LANGUAGE_WORDS:
        return "und", 0.0
    # The first 20,000 characters tell the language as well as ten megabytes do, much faster.
    code, confidence = _identifier().classify(text[:20_000])
    return code, float(confidence)


def _language_name(code: str) -> str:
    """'French' for 'fr' (pycountry); the code itself when pycountry does not know it."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found else code


def _language_check(text: str) -> tuple[list[str], list[str]]:
    """Problems and notices about the text's language: refused only on a confident non-English reading."""
    code, confidence = language(text)
    if code == "und":
        words = len(re.findall(r"[^\W\d_]{2,}", text))
        return [], [f"The text is short ({words} words): its language was not checked"]
    if code == "en":
        return [], []
    name = _language_name(code)
    if confidence >= CONFIDENT:
        return [f"The text is not in English (it reads as {name}, {confidence:.2f}); the extractor reads English only"], []
    return [], [f"The text may not be in English (it reads as {name}, {confidence:.2f}); the extractor reads English only"]


def _read_date(words: str) -> tuple[date, str] | None:
    """The first full date the words write and its words; None when none is unambiguous (03/04/2024 is not)."""
    import dateparser

    for m in FULL_DATE.finditer(words):
        if m["d1"] and int(m["d1"]) <= 12 and int(m["d2"]) <= 12 and m["d1"] != m["d2"]:
            continue  # day and month could be either way round
        parsed = dateparser.parse(m["date"], languages=["en"], settings=DATE_SETTINGS)
        if parsed is None:
            continue
        day = parsed.date()
        # A weekday that disagrees with the date means a typo somewhere: read neither.
        if m["weekday"] and day.strftime("%A").lower()[:3] != m["weekday"].lower()[:3]:
            continue
        return day, m[0]
    return None


def _domains(text: str) -> tuple[tuple[str, ...], str]:
    """The trafficking domains the text's words name at least MIN_DOMAIN_MENTIONS times, most named first, and how."""
    from trafficking_atlas.extraction import DOMAIN_WORDS  # the extractor's own words; imported late, it loads spaCy

    counts: dict[str, Counter] = {}
    for pattern, domain in [*DOMAIN_WORDS, (ORGANISED_CRIME_WORDS, "organised_crime")]:
        # Whole words in the how ('smuggling', not the pattern's 'smuggl').
        words = Counter(m[0].lower() for m in re.finditer(rf"(?:{pattern})\w*", text, re.I))
        if words:
            counts.setdefault(domain, Counter()).update(words)
    ranked = sorted(counts.items(), key=lambda item: -item[1].total())
    chosen = tuple(d for d, c in ranked if c.total() >= MIN_DOMAIN_MENTIONS)
    if not chosen:
        return (), ""

    def said(domain: str, c: Counter) -> str:
        examples = ", ".join(f"'{w}'" for w, _ in c.most_common(3))
        return f"{vocab.DOMAINS.get(domain, domain)} {c.total()} times ({examples})"

    parts = [said(d, c) for d, c in ranked if d in chosen]
    once = [f"{vocab.DOMAINS.get(d, d)} ({', '.join(repr(w) for w in c)})" for d, c in ranked if d not in chosen]
    if once:
        parts.append("once only, so not proposed: " + ", ".join(once))
    return chosen, "words in the text: " + "; ".join(parts)


def _text_metadata(text: str) -> dict[str, tuple[object, str]]:
    """Each field the text states of itself: field -> (value, how)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found: dict[str, tuple[object, str]] = {}
    published, updated = None, None
    for line in lines:
        m = PUBLISHED.match(line)
        if not m or len(line) > 150:
            continue
        rest = m["rest"]
        if (by := PUBLISHED_IN.match(rest)) and len(by["outlet"].split()) <= 8:
            found.setdefault("outlet", (by["outlet"].strip(), f"the line '{line}'"))
            rest = by["tail"]
        if (read := _read_date(rest)) is None:
            continue
        if m["updated"]:
            updated = updated or (read[0], f"the line '{line}' (an update date: the document may be older)")
        else:
            published = published or (read[0], f"the line '{line}'")
    dateline = next((m for m in map(DATELINE.match, lines[:6]) if m and len(m["place"].replace(" ", "")) >= 3), None)
    if dateline:
        head = dateline["head"].strip()
        read = _read_date(dateline["when"] or "")
        if read and not published:
            published = (read[0], f"the dateline '{head}'")
        if dateline["agency"]:
            found.setdefault("outlet", (dateline["agency"].strip(), f"the dateline '{head}' (a news agency's name)"))
    if published or updated:
        found["published"] = published or updated
    if byline := next((m for m in map(BYLINE.match, lines[:10]) if m and len(m[0]) <= 120), None):
        found["author"] = (byline["name"].strip(), f"the line '{byline[0]}'")
    if url := next((m for m in map(URL_LINE.match, lines) if m), None):
        found["url"] = (url["url"], f"the line '{url[0]}'")
    if len(lines) > 1 and _is_title(lines[0]):
        found["title"] = (lines[0], "the text's first line (a short line, not a sentence)")
    return found


def _is_title(line: str) -> bool:
    """Whether a first line reads as a headline: short, a few words, no closing full stop, no navigation or header."""
    words = line.split()
    return (
        2 <= len(words) <= 25
        and len(line) <= 150
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'")
        and not line.endswith((".", ",", ";", ":"))
        and not re.search(r"[|>»]", line)
        and not any(p.match(line) for p in (PUBLISHED, BYLINE, URL_LINE, DATELINE))
    )


def propose_metadata(text: str, html_meta: Metadata | None = None) -> Metadata:
    """The metadata the text states (or its HTML page's, which comes first where it has a field); nothing guessed."""
    found = _text_metadata(text)
    fields: dict[str, object] = {}
    for name in ("title", "outlet", "author", "url", "published"):
        page_value = getattr(html_meta, name) if html_meta else None
        if page_value:
            fields[name], fields[f"{name}_how"] = page_value, getattr(html_meta, f"{name}_how")
        elif name in found:
            fields[name], fields[f"{name}_how"] = found[name]
    fields["domains"], fields["domains_how"] = _domains(text)
    return Metadata(**fields)


def _decode(name: str, data: bytes, kind: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Bytes as text: UTF-8 (or UTF-16 with its byte-order mark), else the declared charset, else cp1252 with a notice."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as err:
            raise _Unreadable(f"{name} is not readable UTF-16 text ({err.reason} at byte {err.start})") from err
    if b"\x00" in data:
        raise _Unreadable(f"{name} is not {EXPECTED[kind]}: it holds binary data (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), []
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise _Unreadable(f"{name} is not UTF-8 or Windows-1252 text: it cannot be decoded") from err
    return text, [f"{name} is not UTF-8: it was read as Windows-1252 (cp1252); check its accented letters and quotation marks"]


def _binary(text: str) -> bool:
    """Whether decoded 'text' is really binary: more than 1% control characters other than tabs and line breaks."""
    controls = len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))
    return controls > max(1, len(text) // 100)


def _sniffed(data: bytes) -> str | None:
    """The kind of file the first bytes are (filetype's extension: 'pdf', 'zip', 'png'...), None when it knows none."""
    import filetype

    try:
        guess = filetype.guess(data[:8192])
    except Exception:  # a sniffer's own bug must not hide the real problem
        return None
    return guess.extension if guess else None


def _plain_text(sample: bytes) -> bool:
    """Whether a sample of bytes reads as text (UTF-8, possibly cut mid-character at its end, or cp1252)."""
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            text = sample[: err.start].decode("utf-8") if err.start > len(sample) - 4 else sample.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return not _binary(text)


def _first_bytes(data: bytes) -> str:
    """What the file's first bytes say it is, as the end of a sentence ('its first bytes are those of a ZIP file')."""
    if sniffed := _sniffed(data):
        return f"its first bytes are those of {KIND_NAMES.get(sniffed, f'a {sniffed.upper()} file')}"
    return "it holds plain text" if _plain_text(data[:4096]) else "its first bytes are of no kind of file the atlas knows"


def _wrong_kind(name: str, kind: str, data: bytes) -> str | None:
    """A problem when the file's bytes are not of the kind its name says; None when they are."""
    if kind == "pdf":
        # The PDF specification lets the header start anywhere in the first 1,024 bytes.
        return None if b"%PDF-" in data[:1024] else f"{name} is not a PDF: {_first_bytes(data)}"
    if kind == "docx":
        if zipfile.is_zipfile(io.BytesIO(data)):
            try:
                names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
            except (zipfile.BadZipFile, OSError) as err:
                return f"{name} is a damaged ZIP file ({err})"
            if "word/document.xml" in names:
                return None
            if _sniffed(data) in (None, "zip", "docx"):
                return f"{name} is not a Word document: it is a ZIP file without word/document.xml"
        return f"{name} is not a Word document: {_first_bytes(data)}"
    # Text that merely starts like a signature ("BMW seized..." is a BMP's "BM", "MZ" an .exe's) is still text;
    # PDF, RTF and PostScript are formats written in text, and are not what a .txt or .html should hold.
    sniffed = _sniffed(data)
    if sniffed and (sniffed in ("pdf", "rtf", "ps") or not _plain_text(data[:4096])):
        return f"{name} is not {EXPECTED[kind]}: {_first_bytes(data)}"
    return None


def _read_txt(name: str, data: bytes) -> tuple[str, list[str], Metadata | None]:
    """A text file's text."""
    text, notices = _decode(name, data, "txt")
    if _binary(text):
        raise _Unreadable(f"{name} is not a text file: it holds binary data")
    return text, notices, None


def _read_html(name: str, data: bytes) -> tuple[str, list[str], Metadata | None]:
    """An HTML page's main text (trafilatura drops menus, footers and comments) and its metadata."""
    import trafilatura

    declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.I)
    html, notices = _decode(name, data, "html", declared[1].decode("ascii") if declared else None)
    if _binary(html):
        raise _Unreadable(f"{name} is not an HTML page: it holds binary data")
    if not re.search(r"<\s*(?:!doctype|html|head|body|p|div|article|main|meta|title|h1)\b", html, re.I):
        raise _Unreadable(f"{name} is not an HTML page: it holds no HTML tags")
    options = {"include_comments": False, "include_tables": True, "deduplicate": False}
    # Precision first (less boilerplate); a page too sparse for it still gets trafilatura's balanced reading.
    text = trafilatura.extract(html, favor_precision=True, **options) or trafilatura.extract(html, **options) or ""
    if not text.strip():
        raise _Unreadable(f"{name} holds no main text that trafilatura could find")
    try:
        page = _html_metadata(html)
    except Exception as err:  # the page's text is still good without its metadata
        page = None
        notices.append(f"The metadata of {name} could not be read ({type(err).__name__}: {err})")
    return text, notices, page


def _html_metadata(html: str) -> Metadata:
    """The page's title, site name, author, URL and publication date (trafilatura, htmldate), each with its tag."""
    import trafilatura

    # No extensive search: htmldate then reads only the markup (meta tags, <time>, JSON-LD, the URL), not loose text.
    meta = trafilatura.extract_metadata(html, date_config={"original_date": True, "extensive_search": False})
    tree = trafilatura.load_html(html)
    published = None
    if meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    values = {"title": meta.title, "outlet": meta.sitename, "author": meta.author, "url": meta.url}
    fields: dict[str, object] = {k: (v or "").strip() for k, v in values.items()}
    for k, v in list(fields.items()):
        fields[f"{k}_how"] = _html_how(tree, k, v, meta.url or "") if v else ""
    if published:
        fields["published"] = published
        fields["published_how"] = _html_how(tree, "published", published.isoformat(), meta.url or "")
    return Metadata(**fields)


def _html_how(tree, kind: str, value: str, url: str) -> str:
    """Which of the page's tags says `value`: "the HTML page's <meta property=og:title>", "<title>", "<time>"..."""
    if tree is None:
        return "the HTML page's metadata (as trafilatura reads it)"

    def same(content: str, exact: bool) -> bool:
        content = " ".join(content.split())
        if kind == "published":
            return content[:10] == value if exact else value in content
        return content == value if exact else value in content

    for exact in (True, False):
        for el in tree.iter("meta"):
            key = next((a for a in ("property", "name", "itemprop", "http-equiv") if el.get(a)), None)
            if key and same(el.get("content") or "", exact):
                return f"the HTML page's <meta {key}={el.get(key)}>"
        if kind == "title" and same(tree.findtext(".//title") or "", exact):
            return "the HTML page's <title>"
        if kind == "url":
            for el in tree.iter("link"):
                if "canonical" in (el.get("rel") or "").lower() and same(el.get("href") or "", exact):
                    return "the HTML page's <link rel=canonical>"
        if kind == "published":
            for el in tree.iter("time"):
                if same(el.get("datetime") or "", exact):
                    return f"the HTML page's <time datetime={el.get('datetime')}>"
        for el in tree.iter("script"):
            if "ld+json" not in (el.get("type") or ""):
                continue
            # JSON-LD: the key whose string value is the value (a date's may go on with a time of day).
            start, end = ("", '"' if kind != "published" else "") if exact else (r'[^"]*', "")
            if found := re.search(rf'"(\w+)"\s*:\s*"{start}{re.escape(value)}{end}', el.text or ""):
                return f"the HTML page's JSON-LD {found[1]}"
    if kind == "published" and re.search(value.replace("-", r"[/-]"), url):
        return "the date in the page's URL"
    if kind == "outlet" and value.lower() in url.lower():
        return "the host name in the page's URL"
    return "the HTML page's markup (as trafilatura reads it)"


def _read_pdf(name: str, data: bytes) -> tuple[str, list[str], Metadata | None]:
    """A PDF's text layer, page after page (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            # Many PDFs are encrypted only to restrict printing or copying: the empty password opens them.
            opened = reader.decrypt("")
        except Exception as err:
            raise _Unreadable(f"{name} is encrypted and cannot be opened here ({err}); upload an unprotected copy") from err
        if not opened:
            raise _Unreadable(f"{name} is encrypted: it needs a password; upload an unprotected copy")
    pages = [page.extract_text() or "" for page in reader.pages]
    if not any(p.strip() for p in pages):
        raise _Unreadable(f"{name} holds no text layer (a scan?): run it through OCR first, or paste its text")
    blank = sum(1 for p in pages if not p.strip())
    notices = [f"{blank} of the {len(pages)} pages of {name} hold no text (scanned pages?): their text is missing"]
    return "\n".join(pages), notices if blank else [], None


def _read_docx(name: str, data: bytes) -> tuple[str, list[str], Metadata | None]:
    """A Word document's paragraphs (python-docx); its tables, headers and footers are not read."""
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n\n".join(p.text for p in document.paragraphs)
    tables = len(document.tables)
    notices = [f"{name} has {tables} table{'s' if tables > 1 else ''}: the text in tables is not read"] if tables else []
    return text, notices, None


READERS = {"txt": _read_txt, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx}
PARSED_AS = {"txt": "a text file", "html": "an HTML page", "pdf": "a PDF", "docx": "a Word document"}


def _finished(text: str, kind: str, notices: list[str], page: Metadata | None = None) -> Intake:
    """The intake of a read text: its language checked, its metadata proposed."""
    problems, language_notices = _language_check(text)
    metadata = propose_metadata(text, page)
    notices = [*notices, *language_notices]
    if page and page.published:
        said = _text_metadata(text).get("published", (None, ""))[0]
        if said and said != page.published:
            notices.append(
                f"The page's metadata dates it {page.published.isoformat()} but its text says {said.isoformat()}: "
                f"check the publication date"
            )
    if metadata.published is None:
        notices.append("No publication date was found: enter it (relative dates such as 'last week' are read from it)")
    return Intake(text, kind, metadata, tuple(problems), tuple(notices))


def read_upload(name: str, data: bytes, limit: int = MAX_BYTES) -> Intake:
    """An uploaded file checked (kind, size, content) and read; a problem names whatever is wrong, nothing raises."""
    shown = PurePosixPath(name.replace("\\", "/")).name or "The file"
    extension = PurePosixPath(shown).suffix.lower()
    if extension not in KINDS:
        said = f"{extension} files cannot be read" if extension else f"{shown} has no file extension"
        return Intake("", "", problems=(f"{said}: {UPLOAD_HINT}",))
    kind = "html" if extension == ".htm" else extension[1:]
    if len(data) > limit:
        return Intake("", kind, problems=(f"{shown} is {_size(len(data))}; the limit is {_size(limit)}",))
    if not data:
        return Intake("", kind, problems=(f"{shown} is empty",))
    if wrong := _wrong_kind(shown, kind, data):
        return Intake("", kind, problems=(wrong,))
    try:
        raw, notices, page = READERS[kind](shown, data)
    except _Unreadable as err:
        return Intake("", kind, problems=(str(err),))
    except Exception as err:  # a parser's failure on a damaged file is the file's problem, not a crash
        detail = f"{type(err).__name__}: {err}"[:200]
        return Intake("", kind, problems=(f"{shown} could not be read as {PARSED_AS[kind]} ({detail})",))
    text = _paragraphs(raw, unwrap=kind in ("txt", "pdf"))
    if not text:
        return Intake("", kind, problems=(f"{shown} holds no text",), notices=tuple(notices))
    return _finished(text, kind, notices, page)


def read_text(text: str) -> Intake:
    """Pasted text read as an upload is: paragraphs normalised, its language checked, its metadata proposed."""
    text = _paragraphs(text or "")
    if not text:
        return Intake("", "pasted", problems=("The pasted text is empty",))
    return _finished(text, "pasted", [])
