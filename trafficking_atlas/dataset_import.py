"""An outside incident dataset's CSV file as records in the atlas's own schemas (pure: no Streamlit, nothing stored).

Two formats, one converter:

- **The IOM Missing Migrants Project (MMP)'s public CSV download**, one row per incident. `MMP_FIELDS` follows the
  2023-2025 `Missing_Migrants_Global_Figures_allData.csv` (Main ID, Incident Date, Incident Year, Reported Month,
  Number of Dead, Minimum Estimated Number of Missing, ..., `Coordinates` as a WKT point "POINT (lon lat)") and the
  names its fields had before: the 2019-and-older download (Web ID, Reported Date as "March 28, 2019" or the
  Drupal form "Thu, 03/28/2019 - 12:00", Reported Year, Number Dead, Total Dead and Missing, Location Description,
  `Location Coordinates` as "lat, lon" text) and the copies in between (Incident ID, Date of Incident, Year of
  Incident, Incident Region, Location of Death...). Names match ignoring case, spaces and punctuation.
- **A generic incident CSV** (a unit's own records, an ACLED-style export: event_date, latitude, longitude,
  fatalities, notes, source...) read through the `Mapping` an analyst chooses; `suggest_mapping` proposes one from
  the header by name, and an MMP file maps itself (`format="mmp"`: the MMP's wording and extra fields).

`sniff` says what a file is, for the mapping step; `convert` gives one document (the file itself), one incident
per good row and one figure per non-zero count. Every record's quote is its row exactly as the file writes it, a
multi-line record included, so each quote is whole lines of the file (`loader.dataset_lines`). Every problem is a
`loader.DataIssue` (file, 1-based data row, column, message), never silent: a file that is not a CSV is refused
whole; a row with the wrong number of cells, no readable date or a repeated id is set aside; an unreadable
coordinate or count is cleared and its record kept. Columns are read vectorised; dates once per distinct value.
"""

from __future__ import annotations

import calendar
import csv
import io
import itertools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from trafficking_atlas import catalog, loader, vocab
from trafficking_atlas.frame_tools import per_unique
from trafficking_atlas.intake import KIND_NAMES
from trafficking_atlas.presentation import shorten

MAX_BYTES: int = 200 * 1024 * 1024
PREVIEW_ROWS = 20
NAME_LENGTH = 150  # an incident's name is cut (at a word) to this many characters; its summary and quote keep all
CHUNK = 50_000  # rows turned from the csv module's lists into arrow columns at a time: the lists cost far more memory
# dateparser reads what the formats below do not (a French "14 juin 2023"), once per distinct value; past this many
# distinct unread values the column is not a date column in any form it knows, and a million calls would take hours.
DATEPARSER_LIMIT = 2_000
# Its languages: detecting the language among all it knows compiles every locale's rules (seconds for one value).
DATEPARSER_LANGUAGES = ["en", "fr", "es", "it", "pt", "de", "el", "ar"]
MMP_PUBLISHER = "IOM Missing Migrants Project"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # a date read outside these years is a misreading (a two-digit year, a count)

# The MMP's fields by their current (2023-2025) name: the `Mapping` role each plays and every name it has had,
# preferred first (the current download has both Main ID and Incident ID: Main ID is the row's own).
MMP_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Main ID": ("row_id", ("Main ID", "Web ID", "Incident ID")),
    "Incident Date": ("date", ("Incident Date", "Date of Incident", "Reported Date")),
    "Incident Year": ("year", ("Incident Year", "Incident year", "Year of Incident", "Reported Year", "Year")),
    "Reported Month": ("month", ("Reported Month", "Month")),
    "Number of Dead": ("dead", ("Number of Dead", "Number Dead")),
    "Minimum Estimated Number of Missing": ("missing", ("Minimum Estimated Number of Missing",)),
    "Total Number of Dead and Missing": ("total", ("Total Number of Dead and Missing", "Total Dead and Missing")),
    "Number of Survivors": ("survivors", ("Number of Survivors", "Survivors")),
    "Number of Females": ("females", ("Number of Females", "Females")),
    "Number of Males": ("males", ("Number of Males", "Males")),
    "Number of Children": ("children", ("Number of Children", "Children")),
    "Region of Incident": ("region", ("Region of Incident", "Incident Region", "Region")),
    "Country of Incident": ("country", ("Country of Incident",)),
    "Cause of Death": ("cause", ("Cause of Death", "Cause of death")),
    "Migration Route": ("route", ("Migration Route", "Migration route")),
    "Location of Incident": ("place", ("Location of Incident", "Location of Death", "Location of death",
                                       "Location Description", "Location")),
    "Coordinates": ("coordinates", ("Coordinates", "Location Coordinates")),
    "Information Source": ("source", ("Information Source",)),
    "URL": ("url", ("URL", "Url")),
    "Source Quality": ("source_quality", ("Source Quality",)),
    "Incident Type": ("incident_type", ("Incident Type",)),
    "UNSD Geographical Grouping": ("unsd_grouping", ("UNSD Geographical Grouping",)),
    "Country of Origin": ("country_of_origin", ("Country of Origin",)),
    "Region of Origin": ("region_of_origin", ("Region of Origin",)),
}  # fmt: skip
# Names only the MMP uses: two of them in a header make it an MMP file.
MMP_MARKS = ("Main ID", "Web ID", "Number of Dead", "Number Dead", "Minimum Estimated Number of Missing",
             "Total Number of Dead and Missing", "Total Dead and Missing", "UNSD Geographical Grouping",
             "Location Coordinates", "Information Source", "Cause of Death", "Migration Route")  # fmt: skip
# The names a generic export gives each role (ACLED's first), tried before the MMP's for a file that is not the MMP's.
GENERIC_NAMES: dict[str, tuple[str, ...]] = {
    "row_id": ("event_id_cnty", "event_id", "incident_id", "record_id", "row_id", "case_id", "id", "reference", "ref"),
    "date": ("event_date", "incident_date", "date", "start_date", "date_start", "day"),
    "date_end": ("end_date", "date_end", "event_date_end"),
    "year": ("year",),
    "month": ("month",),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "lng", "long"),
    "coordinates": ("coordinates", "coords", "location_coordinates", "geometry", "wkt", "point"),
    "place": ("location", "place", "place_name", "location_name", "site"),
    "dead": ("fatalities", "dead", "deaths", "killed", "number_dead", "deceased"),
    "missing": ("missing", "number_missing", "missing_persons"),
    "source": ("source", "sources", "source_name"),
    "url": ("url", "link", "source_url"),
    "name": ("name", "event_name", "title", "description", "notes", "summary"),
    "kind": ("kind", "incident_kind", "event_type", "type"),
    "coord_precision": ("geo_precision", "coord_precision", "location_precision", "precision"),
    "country": ("country", "country_of_incident"),
    "region": ("region",),
    "cause": ("cause", "cause_of_death"),
}

# Every role a column can play, in words (the order of `Mapping`'s fields).
ROLES: dict[str, str] = {
    "row_id": "row id", "date": "date", "date_end": "end date", "year": "year", "month": "month",
    "lat": "latitude", "lon": "longitude", "coordinates": "coordinates", "place": "place name", "dead": "dead",
    "missing": "missing", "source": "source", "url": "URL", "name": "name or description", "kind": "incident kind",
    "coord_precision": "coordinates' precision", "cause": "cause of death", "route": "migration route",
    "region": "region", "country": "country of incident", "country_of_origin": "country of origin",
    "region_of_origin": "region of origin", "unsd_grouping": "UNSD geographical grouping",
    "incident_type": "incident type", "total": "total dead and missing", "survivors": "survivors",
    "females": "females", "males": "males", "children": "children", "source_quality": "source quality",
}  # fmt: skip
# Counts other than the dead and the missing, as `other_counts` labels them.
OTHER_COUNTS = {"survivors": "survivors", "females": "females", "males": "males", "children": "children",
                "total": "total dead and missing"}  # fmt: skip
COUNT_ROLES = ("dead", "missing", *OTHER_COUNTS)
# What an incident's summary says, in order, and how it labels each.
SUMMARY_PARTS = {"region": "region", "country": "country", "route": "route", "country_of_origin": "origin",
                 "region_of_origin": "region of origin", "cause": "cause", "unsd_grouping": "UNSD grouping",
                 "incident_type": "incident type"}  # fmt: skip
# The incident kind a cause (or a kind column) names; the first that matches wins, else "other".
KIND_WORDS: list[tuple[str, str]] = [(r"shipwreck|capsiz", "shipwreck"), (r"drown", "drownings")]


@dataclass(frozen=True)
class Mapping:
    """The file's column for each role (None: no column plays it), the format it is read as ("mmp": the Missing
    Migrants Project's wording and counts; "generic") and the trafficking domain of its records. Hashable."""

    row_id: str | None = None
    date: str | None = None
    date_end: str | None = None
    year: str | None = None
    month: str | None = None
    lat: str | None = None
    lon: str | None = None
    coordinates: str | None = None  # WKT "POINT (lon lat)" or "lat, lon" text
    place: str | None = None
    dead: str | None = None
    missing: str | None = None
    source: str | None = None
    url: str | None = None
    name: str | None = None
    kind: str | None = None
    coord_precision: str | None = None
    cause: str | None = None
    route: str | None = None
    region: str | None = None
    country: str | None = None
    country_of_origin: str | None = None
    region_of_origin: str | None = None
    unsd_grouping: str | None = None
    incident_type: str | None = None
    total: str | None = None
    survivors: str | None = None
    females: str | None = None
    males: str | None = None
    children: str | None = None
    source_quality: str | None = None
    domain: str = "migrant_smuggling"
    format: str = "generic"

    def columns(self) -> dict[str, str]:
        """Role -> column, for the roles a column plays."""
        return {role: getattr(self, role) for role in ROLES if getattr(self, role)}


@dataclass(frozen=True)
class Preview:
    """What `sniff` found, for the mapping step. `problems` non-empty: the file cannot be imported at all.
    `needs`: what the suggested mapping lacks (the analyst may map other columns); empty when it imports as it is."""

    columns: list[str]
    rows: pd.DataFrame  # the first `PREVIEW_ROWS` rows, every cell a string ("" when blank)
    format: str  # "mmp" or "generic"
    variant: str  # "MMP 2023+ (Main ID, Incident Date, WKT Coordinates)"; "" for a generic file
    mapping: Mapping
    problems: list[str]
    needs: list[str]


@dataclass(frozen=True)
class Converted:
    """An import: the dataset's document row, its text, its incidents and figures (the catalog's columns, every cell
    a string or None as a CSV holds them), every problem met and how many rows were read and imported. A file that
    is refused whole has an empty `document`."""

    document: dict[str, str | None]
    text: str
    incidents: pd.DataFrame
    figures: pd.DataFrame
    issues: list[loader.DataIssue]
    rows_read: int
    rows_imported: int


def _key(name: object) -> str:
    """A column name as names are matched: case, spaces and punctuation ignored ("Main  ID" is "mainid")."""
    return re.sub(r"[^0-9a-z]+", "", str(name).casefold())


_MMP_ROLES: dict[str, tuple[str, ...]] = {role: names for role, names in MMP_FIELDS.values()}


def is_mmp(columns: list[str]) -> bool:
    """Whether a header is the MMP's (two of the names only the MMP uses)."""
    keys = {_key(c) for c in columns}
    return sum(_key(m) in keys for m in MMP_MARKS) >= 2


def suggest_mapping(columns: list[str], domain: str = "migrant_smuggling") -> Mapping:
    """The mapping a header proposes by its names: each role takes its first name present, no column two roles."""
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(_key(c), c)
    mmp = is_mmp(columns)
    found: dict[str, str] = {}
    for table in (_MMP_ROLES,) if mmp else (GENERIC_NAMES, _MMP_ROLES):
        for role, names in table.items():
            free = (by_key[k] for k in map(_key, names) if k in by_key and by_key[k] not in found.values())
            column = next(free, None)
            if role not in found and column is not None:
                found[role] = column
    return Mapping(**found, domain=domain, format="mmp" if mmp else "generic")


def _accepted(*roles: str) -> str:
    """The MMP's names of the roles' columns, in words ("'Number of Dead' / 'Number Dead'"), each spelling once."""
    names = {_key(n): n for role in roles for n in reversed(_MMP_ROLES[role])}  # the first spelling of each name
    return " / ".join(f"'{n}'" for n in reversed(names.values()))


def mapping_problems(mapping: Mapping, columns: list[str]) -> list[str]:
    """Why a mapping cannot import the file: a mapped column the file lacks, a role it needs and has no column for
    (a date; coordinates or a place; the dead or the missing), a domain or format the atlas does not know."""
    out = [f"the {ROLES[r]} column {c!r} is not in the file" for r, c in mapping.columns().items() if c not in columns]
    if not (mapping.date or mapping.year):
        out.append(f"no date column: map the date (or the year, and the month if any); the MMP's are named "
                   f"{_accepted('date')}, or {_accepted('year')} with {_accepted('month')}")  # fmt: skip
    if bool(mapping.lat) != bool(mapping.lon):
        out.append("only one of the latitude and the longitude is mapped: map both, or neither")
    if not (mapping.coordinates or (mapping.lat and mapping.lon) or mapping.place):
        out.append(f"no coordinates and no place: map the latitude and longitude, a coordinates column (WKT "
                   f"'POINT (lon lat)' or 'lat, lon') or the place's name; the MMP's are named "
                   f"{_accepted('coordinates')} and {_accepted('place')}")  # fmt: skip
    if not (mapping.dead or mapping.missing):
        out.append(f"neither the dead nor the missing: map at least one; the MMP's are named "
                   f"{_accepted('dead')} and {_accepted('missing')}")  # fmt: skip
    if mapping.domain not in vocab.DOMAINS:
        out.append(f"the domain {mapping.domain!r} is not one of {', '.join(vocab.DOMAINS)}")
    if mapping.format not in ("mmp", "generic"):
        out.append(f"the format {mapping.format!r} is neither 'mmp' nor 'generic'")
    return out


# ---- the file ----------------------------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def _refusal(data: bytes) -> str | None:
    """Why the bytes cannot be a CSV file at all, None when they may be."""
    if len(data) > MAX_BYTES:
        return f"is {_mb(len(data))}, over the {_mb(MAX_BYTES)} limit for a dataset file; import a filtered download"
    if not data or data.isspace():
        return "is empty (no header, no records)"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # UTF-16 text (Excel's "Unicode text"): its NUL bytes are half its characters
    import filetype

    try:
        kind = filetype.guess(data[:8192])
    except Exception:  # a sniffer's own bug must not hide the file's real problem
        kind = None
    # A weak signature (a BMP's "BM") counts only in bytes that are not text.
    if kind is not None and (kind.extension in KIND_NAMES or b"\x00" in data[:8192]):
        what = KIND_NAMES.get(kind.extension, f"a {kind.extension.upper()} file")
        return f"is not a CSV file: its first bytes are those of {what}; export the dataset as CSV (comma-separated)"
    if b"\x00" in data:
        return "is not a text file (it holds NUL bytes, as binary files do); export the dataset as CSV"
    return None


def _decode(data: bytes) -> tuple[str, str | None, bool]:
    """The file's text (its byte-order mark dropped), how it was read when it is not UTF-8, and whether the text is
    exactly the bytes' UTF-8 (else its own UTF-8 is what the readers are given)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), None, False
    try:
        text, note, exact = data.decode("utf-8-sig"), None, True
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        text, exact = data.decode("cp1252", errors="replace"), False
        note = f"is not UTF-8 (the first byte that is not is on line {line}); it is read as Windows-1252: check its accents"
    if "\n" not in text and "\r" in text:
        # Old Mac line ends: a quote must be lines of the file as the loader splits them (on "\n").
        text, exact = text.replace("\r", "\n"), False
    return text, note, exact


@dataclass
class _Table:
    """A CSV file as read: its header, the header's own text, its good rows' cells (strings) indexed by their 1-based
    data row, each good row's text and last line, how many rows it holds and the rows set aside."""

    header: list[str]
    header_quote: str
    rows: pd.DataFrame
    quotes: np.ndarray
    lines: np.ndarray
    rows_read: int
    issues: list[loader.DataIssue]


def _arrow_cells(body: pa.Buffer, width: int) -> pa.Table | None:
    """The body's cells by pyarrow's multi-threaded reader (rows of another width skipped); None if it fails."""
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(width)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(column_names=names, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda row: "skip"),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                 strings_can_be_null=False),
        )  # fmt: skip
    except pa.ArrowException:
        return None


def _csv_cells(raw: bytes, good: np.ndarray, width: int) -> pa.Table:
    """The cells of the records after the header that `good` marks (by the csv module), turned into arrow columns
    `CHUNK` rows at a time (lists of cells cost many times their arrow columns)."""
    columns: list[list[pa.Array]] = [[] for _ in range(width)]
    chunk: list[list[str]] = []

    def flush() -> None:
        for j, cells in enumerate(zip(*chunk)):
            columns[j].append(pa.array(cells, type=pa.large_string()))
        chunk.clear()

    reader = _reader(raw)
    next(c for c in reader if c and "".join(c).strip())  # the header
    wanted = np.flatnonzero(good)
    for j, cells in zip(range(int(wanted[-1]) + 1 if len(wanted) else 0), reader):
        if good[j]:
            chunk.append(cells)
            if len(chunk) == CHUNK:
                flush()
    flush()
    return pa.table([pa.chunked_array(c, type=pa.large_string()) for c in columns], names=[str(i) for i in range(width)])


def _reader(raw: bytes):
    """The csv module's reader of UTF-8 bytes, decoded a block at a time (a StringIO of the whole text would hold it
    at four bytes a character), its lines split as the csv module expects them (at CR LF, CR or LF)."""
    return csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))


def _line_bounds(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Where each line of the bytes starts and where its text ends, before its line break (CR LF, CR or LF)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    lf = np.flatnonzero(b == 10)
    if b"\r" in raw:
        cr = np.flatnonzero(b == 13)
        alone = cr[(cr + 1 >= len(b)) | (b[np.minimum(cr + 1, len(b) - 1)] != 10)]  # a CR not before an LF
        breaks = np.sort(np.concatenate([lf, alone]))
        after_cr = np.isin(breaks, lf) & np.isin(breaks - 1, cr)
        text_ends = np.where(after_cr, breaks - 1, breaks)
    else:
        breaks = text_ends = lf
    return np.concatenate([[0], breaks + 1]), np.concatenate([text_ends, [len(b)]])


def _read(text: str, raw: bytes, file_name: str, limit: int | None = None) -> _Table | str:
    """The file's rows (the first `limit` only, when given) from `raw`, the text's UTF-8. The csv module is the
    authority on where each record starts and ends (its line count cuts the record's text out of the file) and on
    its number of cells: a row with more or fewer than the header's is set aside and named. The cells come from
    pyarrow's reader, checked against the csv module's (row count, every row's first cell), else from the csv
    module. A string: why the text is not a CSV file with a header."""
    reader = _reader(raw)
    before, header = 0, None
    try:
        for cells in reader:
            if cells and "".join(cells).strip():
                header, header_last = cells, reader.line_num
                break
            before = reader.line_num
        if header is None:
            return "is empty (no header, no records)"
        rest = reader if limit is None else itertools.islice(reader, 2 * limit + 10)
        # One tuple per record, the least the csv module must say; the rest is worked out column-wise below.
        records = [(len(c), reader.line_num, c[0] if c else "", not c or (not c[0].strip() and not "".join(c).strip()))
                   for c in rest]  # fmt: skip
    except csv.Error as exc:
        return f"cannot be read as CSV: {exc} (near line {reader.line_num})"
    if len(header) < 2:
        first = shorten(header[0], 60)
        hint = next((f"; it looks separated by {w}: save it as comma-separated CSV"
                     for sep, w in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")) if sep in header[0]), "")  # fmt: skip
        return f"has no comma-separated header (its first line is {first!r}){hint}"
    width = len(header)
    if not records:
        return "holds no records, only its header"
    table = np.array(records, dtype=object)
    sizes, lasts, heads, blank = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2], table[:, 3]
    del records, table
    befores = np.concatenate([[header_last], lasts[:-1]]).astype(np.int64)
    record = ~blank.astype(bool)  # a blank line, or a row of empty cells, is not a record
    if not record.any():
        return "holds no records, only its header"
    row_of = np.cumsum(record)  # each record's 1-based data row
    same = sizes == width
    good = record & same
    if limit is not None:
        good &= np.cumsum(good) <= limit
    issues = [loader.DataIssue(file_name, int(row_of[i]), None, f"has {sizes[i]} cells where the header has {width} "
                               "(a stray or missing comma, or an unclosed quote"
                               + (f", lines {befores[i] + 1}-{lasts[i]}" if lasts[i] > befores[i] + 1 else "")
                               + "); the row is set aside", int(lasts[i])) for i in np.flatnonzero(record & ~same)]  # fmt: skip
    starts, ends = _line_bounds(raw)
    cells = None
    if limit is None:
        cells = _arrow_cells(pa.py_buffer(raw).slice(int(starts[header_last])), width)
        if cells is not None and cells.num_rows == int(same.sum()):
            cells = cells.filter(pa.array(good[same])) if not good[same].all() else cells
            agree = pa.array(heads[good].tolist(), type=pa.large_string()).equals(cells.column(0).combine_chunks())
            cells = cells if agree else None
        else:
            cells = None
    if cells is None:
        cells = _csv_cells(raw, good, width)
    names = _unique_names(header, file_name, issues)
    frame = pd.DataFrame({name: pd.Series(cells.column(i), dtype="str") for i, name in enumerate(names)})
    frame.index = pd.Index(row_of[good], name="row")
    spans = zip(starts[befores[good]].tolist(), ends[lasts[good] - 1].tolist())
    quotes = np.array([raw[a:b].decode("utf-8") for a, b in spans], dtype=object)
    header_quote = raw[int(starts[before]) : int(ends[header_last - 1])].decode("utf-8").removeprefix("\ufeff")
    return _Table(names, header_quote, frame, quotes, lasts[good], int(record.sum()), issues)


def _unique_names(header: list[str], file_name: str, issues: list[loader.DataIssue]) -> list[str]:
    """The header's names, a blank one named by its place and a repeated one numbered (and said)."""
    names: list[str] = []
    for i, h in enumerate(header, start=1):
        name = h if h.strip() else f"column {i}"
        if name in names:
            k = 2 + sum(n.startswith(f"{name} (") for n in names)
            issues.append(loader.DataIssue(file_name, None, name, f"is a second column named {name!r}; it is read "
                                           f"as '{name} ({k})'"))  # fmt: skip
            name = f"{name} ({k})"
        names.append(name)
    return names


def _opened(data: bytes, file_name: str, limit: int | None = None) -> tuple[_Table | None, str, list[str], list]:
    """The file read, or why it cannot be: (table, text, problems, whole-file notes)."""
    if refused := _refusal(data):
        return None, "", [refused], []
    text, note, exact = _decode(data)
    notes = [loader.DataIssue(file_name, None, None, note)] if note else []
    raw = data if exact else text.encode("utf-8")  # the bytes whose lines the text's are
    table = _read(text, raw, file_name, limit)
    if isinstance(table, str):
        return None, text, [table], notes
    return table, text, [], notes


# ---- values ------------------------------------------------------------------------------------------------------

_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_TIME = re.compile(r"(?:\s*-\s*|\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$",
                   re.I)  # fmt: skip
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_SLASHES = {"us": ("%m/%d/%Y", "%m/%d/%y"), "day": ("%d/%m/%Y", "%d/%m/%y")}
_DAY_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y",
                "%d %B, %Y", "%Y/%m/%d", "%d.%m.%Y")  # fmt: skip
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%Y-%m", "%m/%Y")
DATE_FORMS = "2023-06-14, 06/14/2023, 'Wed, 06/14/2023 - 12:00', 'June 14, 2023', 'June 2023' or '2023'"
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
} | {"sept": 9}  # fmt: skip


def _dateparser(values: pd.Series, us: bool) -> tuple[list, list]:
    """dateparser's day (with day, month and year all stated) for each of a few distinct values, else None."""
    import dateparser

    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"],
                "DATE_ORDER": "MDY" if us else "DMY"}  # fmt: skip
    days = [dateparser.parse(v, languages=DATEPARSER_LANGUAGES, settings=settings) for v in values]
    return [pd.Timestamp(d.date()) if d else pd.NaT for d in days], ["day" if d else None for d in days]


def parse_dates(values: pd.Series, us: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Each value's first day (NaT when unreadable) and precision ("day", "month", "year"), every distinct value
    read once: ISO, US 06/14/2023 (day-first 14/06/2023 when the column reads better so, unless `us`), the Drupal
    "Wed, 06/14/2023 - 12:00", "June 14, 2023", "14 June 2023", a month ("June 2023", "2023-06") or a year."""
    codes, uniques = pd.factorize(values)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    clean = distinct.map(lambda v: _ORDINAL.sub("", _TIME.sub("", _WEEKDAY.sub("", str(v).strip()))).strip())
    clean = clean.str.replace(r"\bSept\b", "Sep", regex=True, case=False)

    def tried(formats: tuple[str, ...]) -> int:
        return sum(int(pd.to_datetime(clean, format=f, errors="coerce").notna().sum()) for f in formats)

    if us is None:
        us = tried(_SLASHES["us"]) >= tried(_SLASHES["day"])
    day = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[s]")
    precision = pd.Series(None, index=distinct.index, dtype=object)
    forms = [(f, "day") for f in (*_DAY_FORMATS[:1], *_SLASHES["us" if us else "day"], *_DAY_FORMATS[1:])]
    for f, p in [*forms, *((f, "month") for f in _MONTH_FORMATS), ("%Y", "year")]:
        todo = day.isna()
        if not todo.any():
            break
        got = pd.to_datetime(clean[todo], format=f, errors="coerce")
        hit = got[got.notna()].index
        day[hit], precision[hit] = got[hit].dt.floor("D"), p
    rest = day.index[day.isna() & clean.str.contains(r"[0-9]{4}", regex=True)]  # a date states its year
    if 0 < len(rest) <= DATEPARSER_LIMIT:
        day[rest], precision[rest] = _dateparser(clean[rest], us)
    implausible = ~day.between(pd.Timestamp(f"{FIRST_YEAR}-01-01"), pd.Timestamp(f"{LAST_YEAR}-12-31"))
    day[implausible], precision[implausible] = pd.NaT, None
    days = np.append(day.to_numpy(dtype="datetime64[s]"), np.datetime64("NaT", "s"))[codes]
    precisions = np.append(precision.to_numpy(dtype=object), None)[codes]
    return pd.Series(days, index=values.index), pd.Series(precisions, index=values.index, dtype=object)


def span_end(day: pd.Series, precision: pd.Series) -> pd.Series:
    """The last day of each date's span: its month's or year's last day; NaT for a single day."""
    last_of_month = day + pd.to_timedelta(day.dt.days_in_month - 1, unit="D")
    last_of_year = day + pd.to_timedelta(365 + day.dt.is_leap_year.astype(float) - 1, unit="D")
    return last_of_month.where(precision == "month", last_of_year.where(precision == "year"))


def _months(values: pd.Series) -> pd.Series:
    """Each month's number ("March", "Mar", "3", "03"), NaN when unreadable."""
    named = values.str.lower().str.strip(". ").map(_MONTHS).astype(float)
    number = numbers(values)
    return named.fillna(number.where(number.isin(range(1, 13))))


# Written for RE2 (pyarrow's regex engine): pandas hands a pattern with `\s`, or `\d` on non-ASCII text, to Python's
# re row by row, ten times slower.
_NUM = r"[-+]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)"
_WKT = rf"(?i)^POINT *[(] *(?P<lon>{_NUM}) +(?P<lat>{_NUM}) *[)]$"  # longitude first (values are stripped)
_PAIR = rf"^[(]? *(?P<lat>{_NUM}) *[,;] *(?P<lon>{_NUM}) *[)]?$"  # latitude first
COUNT_PROBLEMS = ("is not a number", "is negative", "is not a whole number", "is larger than any count of people")
COORDINATE_FORMS = {"wkt": "WKT point, longitude first", "pair": '"lat, lon" text, latitude first'}


def _arrow(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("str"), type=pa.large_string())


def numbers(values: pd.Series) -> pd.Series:
    """Each value as a number, NaN where blank or not a plain decimal ("12", "-3.5"); read by pyarrow (pandas'
    `to_numeric` reads arrow strings one by one)."""
    import pyarrow.compute as pc

    cells = _arrow(values)
    plain = pc.match_substring_regex(cells, f"^{_NUM}$")
    read = pc.cast(pc.if_else(plain, cells, pa.scalar(None, pa.large_string())), pa.float64())
    return pd.Series(read.to_numpy(zero_copy_only=False), index=values.index, dtype=float)


def _coordinate_texts(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The latitude's and longitude's text (NA when unreadable) and the form ("wkt", "pair", None) of stripped WKT
    "POINT (lon lat)" or "lat, lon" text."""
    import pyarrow.compute as pc

    cells = _arrow(values)
    wkt, pair = pc.extract_regex(cells, _WKT), pc.extract_regex(cells, _PAIR)
    is_wkt = pc.fill_null(pc.is_valid(wkt), False)
    is_pair = pc.and_(pc.fill_null(pc.is_valid(pair), False), pc.invert(is_wkt))
    null = pa.scalar(None, pa.large_string())

    def part(name: str) -> pd.Series:
        text = pc.if_else(is_wkt, pc.struct_field(wkt, name), pc.if_else(is_pair, pc.struct_field(pair, name), null))
        return pd.Series(text, index=values.index, dtype="str")

    form = np.where(is_wkt.to_numpy(zero_copy_only=False), "wkt", np.where(is_pair.to_numpy(zero_copy_only=False),
                                                                             "pair", None)).astype(object)  # fmt: skip
    return part("lat"), part("lon"), pd.Series(form, index=values.index, dtype=object)


def parse_coordinates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Latitude, longitude (NaN when unreadable) and form ("wkt", "pair", None) of stripped WKT "POINT (lon lat)" or
    "lat, lon" text."""
    lat, lon, form = _coordinate_texts(values)
    return numbers(lat), numbers(lon), form


def _in_range(lat: pd.Series, lon: pd.Series) -> pd.Series:
    return lat.between(-90, 90) & lon.between(-180, 180)


def parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each count as a number (NaN when blank or unreadable) and why a value given is unreadable (else None): not a
    number, negative, not whole, implausibly large. A thousands separator ("1,204") is read."""
    grouped = values.str.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", na=False)
    x = numbers(values.where(~grouped, values.str.replace(",", "", regex=False))).to_numpy()
    read = ~np.isnan(x)
    problem = np.full(len(x), -1, dtype=np.int8)  # an index in COUNT_PROBLEMS (a category: 1M strings cost much)
    for k, wrong in enumerate((values.notna().to_numpy() & ~read, read & (x < 0), read & (x % 1 != 0), read & (x > 1e8))):
        problem[wrong] = k
    why = pd.Series(pd.Categorical.from_codes(problem, categories=COUNT_PROBLEMS), index=values.index)
    return pd.Series(np.where(problem < 0, x, np.nan), index=values.index), why


# ---- texts -------------------------------------------------------------------------------------------------------


def slug(text: str, limit: int = 48) -> str:
    """An id from words: lower-case ASCII letters and digits joined by hyphens, at most `limit` characters."""
    return _slugs(pd.Series([text], dtype="str"), limit).iloc[0]


def _slugs(values: pd.Series, limit: int = 48) -> pd.Series:
    s = values.astype("str")
    accented = s.str.contains(r"[^\x00-\x7f]", regex=True, na=False)
    if accented.any():  # a letter with an accent keeps its letter: "Côte" is "cote"
        s = s.where(~accented, s[accented].str.normalize("NFKD").str.replace("[\u0300-\u036f]", "", regex=True))
    s = s.str.lower().str.replace("[^a-z0-9]+", "-", regex=True).str.strip("-").str.slice(0, limit).str.strip("-")
    return s.fillna("")


def _one_line(values: pd.Series) -> pd.Series:
    """Values on one line: each line break, with the spaces around it, as one space."""
    broken = values.str.contains("[\r\n]", regex=True, na=False)
    if not broken.any():
        return values
    return values.where(~broken, values[broken].str.replace("[ \t]*[\r\n]+[ \t]*", " ", regex=True))


def per_combination(columns: list[pd.Series | np.ndarray], func) -> np.ndarray:
    """`func(*values)` once per distinct combination of the columns' values (None for a missing one), spread back to
    the rows as one shared object per combination: a name or summary is made of a few columns that repeat."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    tables = []
    for column in columns:
        codes, uniques = pd.factorize(column)
        tables.append((codes, np.append(np.asarray(uniques, dtype=object), None)))  # code -1 (missing) -> None
        key = pd.factorize(key * (len(uniques) + 1) + codes + 1)[0]  # stays below the rows' count: no overflow
    _, first = np.unique(key, return_index=True)  # each combination's first row, in the order of the codes
    values = [table[codes[first]] for codes, table in tables]
    return np.array([func(*v) for v in zip(*values)], dtype=object)[key]


def _flat(value: str | None) -> str:
    """A cell on one line: its runs of spaces and line breaks as one space."""
    return " ".join(value.split()) if value else ""


def _other_counts(roles: list[str]):
    """The `other_counts` cell of a row's counts of `roles` ("survivors: 104;total dead and missing: 582")."""
    labels = [OTHER_COUNTS[r] for r in roles]
    return lambda *counts: ";".join(f"{label}: {c}" for label, c in zip(labels, counts) if c) or None


def _kind(text: object) -> str:
    """The incident kind a cause or kind column names (a kind of `vocab.INCIDENT_KINDS` as itself), else "other"."""
    if not isinstance(text, str):
        return "other"
    own = re.sub(r"[^a-z]+", "_", text.lower()).strip("_")
    if own in vocab.INCIDENT_KINDS:
        return own
    return next((kind for pattern, kind in KIND_WORDS if re.search(pattern, text, re.I)), "other")


def _cells(values: pd.Series | np.ndarray) -> np.ndarray:
    """Values as a CSV holds them: strings, None where blank; each distinct value one string object (memory)."""
    codes, uniques = pd.factorize(values)
    return np.array([*map(str, uniques), None], dtype=object)[codes]


def _dates(days: pd.Series) -> np.ndarray:
    """Days as YYYY-MM-DD, None where none; each distinct day written once."""
    codes, uniques = pd.factorize(days)
    strings = np.datetime_as_string(np.asarray(uniques, dtype="datetime64[D]"), unit="D").astype(object)
    return np.append(strings, None)[codes]


def _whole(values: pd.Series) -> pd.Series:
    """Whole numbers as text ("82"), NA where blank."""
    return values.astype("Int64").astype("str").where(values.notna())


def _integers(values: pd.Series) -> np.ndarray:
    return _cells(_whole(values))


def _text(values: pd.Series | None, n: int) -> np.ndarray:
    if values is None:
        return _constant(n, None)
    return values.to_numpy(dtype=object, na_value=None)


def _constant(n: int, value: object) -> np.ndarray:
    """One value n times (filling a slice: numpy's `full` of an object is thirty times slower)."""
    out = np.empty(n, dtype=object)
    out[:] = value
    return out


# ---- the converter -----------------------------------------------------------------------------------------------


def _variant(mapping: Mapping, forms: pd.Series) -> str:
    """The MMP version the header is, in words ("MMP 2019 (Web ID, Reported Date, lat, lon)"); "" for a generic file."""
    if mapping.format != "mmp":
        return ""
    era = {"mainid": "MMP 2023+", "webid": "MMP 2019"}.get(_key(mapping.row_id), "MMP")
    when = mapping.date or " and ".join(c for c in (mapping.month, mapping.year) if c)
    form = forms.dropna().mode()
    where = {"wkt": f"WKT {mapping.coordinates}", "pair": "lat, lon"}.get(form.iloc[0] if len(form) else None)
    parts = [mapping.row_id or "no id", when, where or mapping.coordinates or mapping.place]
    return f"{era} ({', '.join(p for p in parts if p)})"


def sniff(data: bytes, file_name: str) -> Preview:
    """What the file is, from its header and first rows: its columns, a preview of its rows, its format and MMP
    version, the mapping its header proposes and what that mapping lacks; `problems` when it cannot be imported."""
    table, _, problems, _ = _opened(data, file_name, PREVIEW_ROWS)
    if table is None:
        return Preview([], pd.DataFrame(), "generic", "", Mapping(), problems, [])
    mapping = suggest_mapping(table.header)
    coordinates = table.rows[mapping.coordinates].str.strip() if mapping.coordinates else None
    forms = _coordinate_texts(coordinates)[2] if coordinates is not None else pd.Series(dtype=object)
    rows = table.rows.fillna("").astype(object).reset_index(drop=True)
    return Preview(table.header, rows, mapping.format, _variant(mapping, forms), mapping, [],
                   mapping_problems(mapping, table.header))  # fmt: skip


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in catalog.DATASETS[name].columns()})


def convert(data: bytes, file_name: str, name: str, version: str, mapping: Mapping, publisher: str = "") -> Converted:
    """The dataset's records (see the module's docstring); a file that is not a CSV, or that the mapping cannot
    import, is refused whole: whole-file issues, no records. Issues come whole-file first, then by row."""
    table, text, problems, issues = _opened(data, file_name)
    if table is None or (problems := mapping_problems(mapping, table.header)):
        issues += [loader.DataIssue(file_name, None, None, p) for p in problems]
        read = table.rows_read if table is not None else 0
        return Converted({}, text, _empty("incidents"), _empty("figures"), issues, read, 0)
    issues += table.issues
    records = _Records(table, mapping, file_name, issues)
    prefix = "-".join(s for s in (slug(name, 40) or "dataset", slug(version, 24)) if s)
    document_id = f"{prefix}.csv"
    incidents = records.incidents(prefix, document_id, name)
    rows_read, header_quote = table.rows_read, table.header_quote
    del table
    records.release()
    figures = records.figures(incidents, name)
    variant = _variant(mapping, records.forms)
    what = f"in the format {variant}" if variant else "a generic incident CSV"
    published, precision = parse_dates(pd.Series([version.strip()], dtype="str"), us=mapping.format == "mmp" or None)
    document = {
        "document_id": document_id,
        "title": f"{name}, version {version}",
        "title_basis": "dataset",
        "outlet": publisher or name,
        "author": None,
        "published": _dates(published)[0],
        "published_end": _dates(span_end(published, precision))[0],  # a month or a year is its first and last day
        "published_precision": precision.iloc[0] or "day",
        "published_basis": "dataset",
        "published_source": "the dataset's version as given at import",
        "domains": mapping.domain,
        "summary": f"{file_name}: {rows_read:,} rows, {what}; {len(incidents):,} imported as incidents",
        "quote": header_quote,
    }
    issues.sort(key=lambda i: (i.row is not None, i.row or 0))
    return Converted(document, text, incidents, figures, issues, rows_read, len(incidents))


class _Records:
    """A table's good rows read through a mapping, column by column; what is set aside or cleared is said."""

    def __init__(self, table: _Table, mapping: Mapping, file_name: str, issues: list[loader.DataIssue]):
        self.table, self.mapping, self.file, self.issues = table, mapping, file_name, issues
        self.rows = table.rows
        self.index = self.rows.index
        self.lines = pd.Series(table.lines, index=self.index)
        self.keep = pd.Series(True, index=self.index)
        self.forms = pd.Series(dtype=object)
        self._columns: dict[str, pd.Series | None] = {}
        self._stripped: set[str] = set()
        self._read_dates()
        self._read_ids()

    def col(self, role: str) -> pd.Series | None:
        """The role's column, stripped, blank as NA (None when no column plays it)."""
        if role not in self._columns:
            column = getattr(self.mapping, role)
            if column and column not in self._stripped:
                values = self.rows[column].str.strip()
                self.rows[column] = values.where(values != "")  # in place: the file's cells are held once
                self._stripped.add(column)
            self._columns[role] = self.rows[column] if column else None
        return self._columns[role]

    def said(self, mask: pd.Series, role: str | None, message) -> None:
        """An issue for each row of `mask`: `message(value)` of the role's cell."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        column = getattr(self.mapping, role) if role else None
        values = self.rows.loc[mask, column] if column else pd.Series(None, index=self.index[mask], dtype=object)
        self.issues += [loader.DataIssue(self.file, int(row), column, message(value), int(line))
                        for row, value, line in zip(values.index, values.tolist(), self.lines[mask].tolist())]  # fmt: skip

    def _read_dates(self) -> None:
        """Each row's first day, last day (month and year spans, a mapped end date), precision and where it was
        read; a row with no readable date is set aside."""
        m, us, index = self.mapping, self.mapping.format == "mmp" or None, self.index
        day = pd.Series(pd.NaT, index=index, dtype="datetime64[s]")
        precision = pd.Series(None, index=index, dtype=object)
        source = pd.Series(None, index=index, dtype=object)
        given = pd.Series(False, index=index)
        set_aside = "an incident must be dated to be placed on the timeline, so the row is set aside"
        if m.date:
            values = self.col("date")
            given = values.notna()
            day, precision = parse_dates(values, us)
            source[given] = f"column '{m.date}'"
            unread = given & day.isna()
            self.said(unread, "date", lambda v: f"could not read {v!r} as a date (read: {DATE_FORMS}); {set_aside}")
            self.keep &= ~unread
        rest = ~given
        if m.year:
            raw_year = self.col("year")
            years = numbers(raw_year)
            bad_year = rest & raw_year.notna() & ~(years.between(FIRST_YEAR, LAST_YEAR) & (years % 1 == 0))
            self.said(bad_year, "year", lambda v: f"could not read {v!r} as a year; {set_aside}")
            raw_month = self.col("month") if m.month else pd.Series(np.nan, index=index, dtype="str")
            months = _months(raw_month)
            bad_month = rest & ~bad_year & raw_year.notna() & raw_month.notna() & months.isna()
            self.said(bad_month, "month", lambda v: f"could not read {v!r} as a month; {set_aside}")
            ok = rest & raw_year.notna() & ~bad_year & ~bad_month
            if ok.any():
                first = pd.to_datetime(pd.DataFrame({"year": years[ok], "month": months[ok].fillna(1), "day": 1}))
                day[ok] = first.astype("datetime64[s]")
                with_month = ok & months.notna()
                precision[with_month], precision[ok & ~with_month] = "month", "year"
                source[with_month] = f"columns '{m.month}' and '{m.year}' (the month only)"
                source[ok & ~with_month] = f"column '{m.year}' (the year only)"
            self.keep &= ~(bad_year | bad_month)
            rest &= raw_year.isna()
        blank = " and ".join(f"'{c}'" for c in (m.date, m.year) if c)
        self.said(rest, "date" if m.date else "year", lambda _: f"has no date ({blank} blank); {set_aside}")
        self.keep &= ~rest
        end = span_end(day, precision)
        if m.date_end:
            values = self.col("date_end")
            last, last_precision = parse_dates(values, us)
            last = last.where(last_precision == "day", span_end(last, last_precision))
            cleared = "the end date is cleared and the record kept"
            self.said(self.keep & values.notna() & last.isna(), "date_end", lambda v: f"could not read {v!r} as a "
                      f"date; {cleared}")  # fmt: skip
            early = last.notna() & day.notna() & (last < day)
            self.said(self.keep & early, "date_end", lambda v: f"{v!r} is before the start date; {cleared}")
            later = last.notna() & ~early & (last > end.fillna(day))
            end = end.where(~later, last)
            if m.date:
                source[later] = f"columns '{m.date}' and '{m.date_end}'"
        self.day, self.end, self.precision, self.date_source = day, end, precision, source

    def _read_ids(self) -> None:
        """Each row's own id (else its number) and its key in the incident ids; among the kept rows a repeated key
        keeps its first row and sets the later ones aside."""
        keep, index = self.keep, self.index
        numbers = pd.Series(index.astype(str), index=index, dtype="str")
        own = self.col("row_id")
        if own is None:
            self.row_id, key = numbers, numbers
        else:
            self.said(keep & own.isna(), "row_id", lambda _: "has no id; the row's number stands in for it")
            self.row_id = own.fillna(numbers)
            slugs = _slugs(own)
            key = slugs.where(own.notna() & (slugs != ""), "row-" + numbers)
        repeated = keep & key.where(keep).duplicated(keep="first")
        if repeated.any():
            firsts = (keep & ~repeated).to_numpy()
            first_row = key[repeated].map(pd.Series(index[firsts], index=key[firsts].to_numpy()))
            for row, r in first_row.items():
                this, that = self.row_id[row], self.row_id[r]
                message = (f"duplicate id {this!r} (first at row {r}, which is kept); this row is set aside"
                           if this == that else f"id {this!r} makes the same record id as {that!r} at row {r}, which "
                           "is kept; this row is set aside")  # fmt: skip
                self.issues.append(loader.DataIssue(self.file, int(row), self.mapping.row_id, message,
                                                    int(self.lines[row])))  # fmt: skip
        self.keep &= ~repeated
        self.key = key

    def _place(self) -> tuple[pd.Series, pd.Series, pd.Series]:
        """Each kept row's latitude and longitude as the file writes them, and their source; an unreadable or
        impossible pair is cleared."""
        m, keep = self.mapping, self.keep
        cleared = "the coordinates are cleared and the record kept"
        globe = "(latitude -90 to 90, longitude -180 to 180)"
        if m.coordinates:
            values = self.col("coordinates")
            lat_text, lon_text, form = _coordinate_texts(values)
            lat, lon = numbers(lat_text), numbers(lon_text)
            self.forms = form[keep]
            self.said(keep & values.notna() & form.isna(), "coordinates", lambda v: f"could not read {v!r} as "
                      f"coordinates (a WKT point 'POINT (lon lat)' or 'lat, lon'); {cleared}")  # fmt: skip
            self.said(keep & form.notna() & ~_in_range(lat, lon), "coordinates", lambda v: f"{v!r} is off the globe "
                      f"{globe}; {cleared}")  # fmt: skip
            source = form.map({f: f"column '{m.coordinates}' ({words})" for f, words in COORDINATE_FORMS.items()})
        elif m.lat and m.lon:
            raw_lat, raw_lon = lat_text, lon_text = self.col("lat"), self.col("lon")
            lat, lon = numbers(raw_lat), numbers(raw_lon)
            for role, raw, number, other in (("lat", raw_lat, lat, raw_lon), ("lon", raw_lon, lon, raw_lat)):
                self.said(keep & raw.notna() & number.isna(), role, lambda v, r=role: f"could not read {v!r} as a "
                          f"{ROLES[r]} in decimal degrees; {cleared}")  # fmt: skip
                self.said(keep & raw.isna() & other.notna(), role, lambda _: f"is blank but the other coordinate is "
                          f"not; {cleared}")  # fmt: skip
            self.said(keep & lat.notna() & lon.notna() & ~_in_range(lat, lon), "lat", lambda v: f"{v!r} is off the "
                      f"globe with its longitude {globe}; {cleared}")  # fmt: skip
            source = pd.Series(f"columns '{m.lat}' and '{m.lon}' (decimal degrees)", index=self.index, dtype=object)
        else:
            nothing = pd.Series(np.nan, index=self.index, dtype="str")
            return nothing, nothing, pd.Series(None, index=self.index, dtype=object)
        good = lat.notna() & lon.notna() & _in_range(lat, lon)
        return lat_text.where(good), lon_text.where(good), source.where(good)

    def _counts(self) -> dict[str, pd.Series]:
        """Each count role's numbers; a value that is no count of people is cleared and said."""
        out = {}
        for role in COUNT_ROLES:
            values = self.col(role)
            if values is None:
                continue
            number, why = parse_counts(values)
            for reason in why[self.keep].dropna().unique():
                self.said(self.keep & (why == reason), role, lambda v, r=reason: f"{v!r} {r} (a count of people); "
                          "the value is cleared and the record kept")  # fmt: skip
            out[role] = number
        return out

    def incidents(self, prefix: str, document_id: str, dataset_name: str) -> pd.DataFrame:
        """One incident per kept row, in the catalog's columns."""
        m = self.mapping
        lat, lon, coord_source = self._place()
        counts = self._counts()
        keep = self.keep
        n = int(keep.sum())
        col = {role: (v[keep] if (v := self.col(role)) is not None else None) for role in ROLES}
        day = self.day[keep]
        self.place = _one_line(col["place"]) if col["place"] is not None else None
        self.counts = {r: c[keep] for r, c in counts.items()}
        when = _dates(day)
        other = [r for r in OTHER_COUNTS if r in counts]
        constant = lambda v: _constant(n, v)  # noqa: E731
        frame = {
            "incident_id": _text(prefix + "-" + self.key[keep], n),
            "name": self._names(col, when, dataset_name),
            "kind": _cells(self._kinds(col)),
            "date": _cells(when),
            "date_end": _dates(self.end[keep]),
            "date_precision": _cells(self.precision[keep]),
            "date_basis": constant("dataset"),
            "date_source": _cells(self.date_source[keep]),
            "place_id": constant(None),
            "lat": _text(lat[keep], n),
            "lon": _text(lon[keep], n),
            "coord_basis": _cells(pd.Series("dataset", index=day.index, dtype=object).where(lat[keep].notna())),
            "coord_source": _cells(coord_source[keep]),
            "domain": constant(m.domain),
            "dead": _integers(self.counts["dead"]) if "dead" in counts else constant(None),
            "missing": _integers(self.counts["missing"]) if "missing" in counts else constant(None),
            "other_counts": per_combination([_whole(self.counts[r]) for r in other], _other_counts(other))
            if other
            else constant(None),
            "summary": self._summaries(col, when),
            "row_id": _text(self.row_id[keep], n),
            "url": _text(col["url"], n),
            "source_quality": _cells(col["source_quality"]) if col["source_quality"] is not None else constant(None),
            "coord_precision": _text(col["coord_precision"], n),
            "country": _text(col["country"], n),
            "region": _text(col["region"], n),
            "same_as": constant(None),
            "basis": constant("dataset"),
            "source": _cells(col["source"]) if col["source"] is not None else constant(None),
            "document_id": constant(document_id),
            "quote": self.table.quotes[keep.to_numpy()],
        }
        return pd.DataFrame(frame, columns=catalog.DATASETS["incidents"].columns(), dtype=object)

    def _names(self, col: dict, when: np.ndarray, dataset_name: str) -> np.ndarray:
        """MMP: "Drowning, Central Mediterranean: off Lampedusa" (the cause before any " / ", the route or region,
        the location); generic: the name column, else the place and date; else the dataset's name and the row's id."""
        roles = ("cause", "route", "region", "place") if self.mapping.format == "mmp" else ("name", "place")
        values = [col[r] if col[r] is not None else _constant(len(when), None) for r in roles]
        if self.mapping.format == "mmp":

            def name(cause, route, region, place):
                head = ", ".join(_flat(v) for v in (cause and cause.split(" / ")[0], route or region) if v)
                return shorten(f"{head}: {_flat(place)}" if head and place else head or _flat(place), NAME_LENGTH)

        else:

            def name(description, place, day):
                return shorten(_flat(description) if description else ", ".join(_flat(v) for v in (place, day) if v), NAME_LENGTH)

            values.append(when)
        names = per_combination(values, name)
        unnamed = names == ""
        names[unnamed] = (dataset_name + " row " + self.row_id[self.keep][unnamed]).to_numpy(dtype=object)
        return names

    def _kinds(self, col: dict) -> pd.Series:
        """The kind a row's kind column names, else its cause (else, in a generic file, its description)."""
        out = pd.Series("other", index=self.index[self.keep], dtype=object)
        roles = ("cause", "kind") if self.mapping.format == "mmp" else ("name", "cause", "kind")
        for role in roles:  # later roles have the last word
            if col[role] is not None:
                kinds = per_unique(col[role], _kind)
                out = kinds.where(kinds != "other", out)
        return out

    def _summaries(self, col: dict, when: np.ndarray) -> np.ndarray:
        """One line: (generic) the description, else the place and date; then region, country, route, origin,
        cause, UNSD grouping and incident type as the row gives them."""
        labels = [label for role, label in SUMMARY_PARTS.items() if col[role] is not None]
        values = [col[role] for role in SUMMARY_PARTS if col[role] is not None]
        generic = self.mapping.format != "mmp"
        if generic:
            blank = _constant(len(when), None)
            values = [col["name"] if col["name"] is not None else blank, col["place"] if col["place"] is not None
                      else blank, when, *values]  # fmt: skip
        fallback = f"A row of {self.file}"

        def summary(*cells):
            head = []
            if generic:
                description, place, day, *cells = cells
                head = [_flat(description) if description else ", ".join(_flat(v) for v in (place, day) if v)]
            line = "; ".join([*head, *(f"{label}: {_flat(v)}" for label, v in zip(labels, cells) if v)]).strip("; ")
            return line[:1].upper() + line[1:] if line else fallback

        return per_combination(values, summary) if values else _constant(len(when), fallback)

    def figures(self, incidents: pd.DataFrame, dataset_name: str) -> pd.DataFrame:
        """A figure per incident and non-zero count of the dead (exact) and the missing (at least: the MMP's is a
        minimum estimate), in the incidents' order."""
        mmp = self.mapping.format == "mmp"
        columns = catalog.DATASETS["figures"].columns()
        parts, positions = [], []
        for metric in ("dead", "missing"):
            values = self.counts.get(metric)
            at = np.flatnonzero((values > 0).to_numpy()) if values is not None else []
            if not len(at):
                continue
            n = len(at)
            inc = {c: incidents[c].to_numpy(dtype=object)[at] for c in ("incident_id", "date", "date_end",
                                                                         "date_precision", "source", "document_id",
                                                                         "quote")}  # fmt: skip
            whom = (f"migrants recorded {metric} in this incident by the {MMP_PUBLISHER}" if mmp
                    else f"people recorded {metric} in this incident in {dataset_name}")  # fmt: skip
            said = f"'{getattr(self.mapping, metric)}' in the row"
            if "total" in self.counts:
                note = per_combination([_whole(self.counts["total"].iloc[at])], lambda t, said=said: said + (
                    f"; the row records {t} dead and missing in total" if t else ""))  # fmt: skip
            else:
                note = _constant(n, said)
            parts.append({
                "figure_id": inc["incident_id"] + f"-{metric}",
                "value": _integers(values.iloc[at]),
                "qualifier": _constant(n, "at_least" if metric == "missing" and mmp else "exact"),
                "metric": _constant(n, metric),
                "unit": _constant(n, "people"),
                "period_start": inc["date"],
                "period_end": inc["date_end"],
                "period_precision": inc["date_precision"],
                "geography": _text(self.place.iloc[at], n) if self.place is not None else _constant(n, None),
                "incident_id": inc["incident_id"],
                "counts": _constant(n, whom),
                "counts_scope": _constant(n, "whole"),
                "basis": _constant(n, "dataset"),
                "source": inc["source"],
                "note": note,
                "document_id": inc["document_id"],
                "quote": inc["quote"],
            })  # fmt: skip
            positions.append(at)
        if not parts:
            return _empty("figures")
        order = np.argsort(np.concatenate(positions), kind="stable")  # each incident's dead, then its missing
        total = len(order)
        data = {c: np.concatenate([p[c] for p in parts])[order] if c in parts[0] else _constant(total, None)
                for c in columns}  # fmt: skip
        return pd.DataFrame(data, columns=columns, dtype=object)

    def release(self) -> None:
        """Let the file's cells go once the incidents are made (the figures need only counts and places)."""
        self.rows = self.table = None
        self._columns.clear()
