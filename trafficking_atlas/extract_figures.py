"""Numbers a sentence writes, as figure proposals: value (digits or words), qualifier, metric and unit.

Only numbers the sentence writes are proposed: every value is read from the sentence's own digits or number
words (text2num), never computed. Years, dates, times, ordinals and percentages of nothing are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import alpha2digit

# Words before a number and the qualifier they give it (longest first, so "more than" wins over "than").
QUALIFIER_WORDS: list[tuple[str, str]] = [
    ("more than", "more_than"), ("over", "more_than"), ("in excess of", "more_than"), ("upwards of", "more_than"),
    ("at least", "at_least"), ("a minimum of", "at_least"), ("no fewer than", "at_least"), ("no less than", "at_least"),
    ("up to", "up_to"), ("as many as", "up_to"), ("a maximum of", "up_to"),
    ("fewer than", "fewer_than"), ("less than", "fewer_than"), ("under", "fewer_than"), ("below", "fewer_than"),
    ("about", "about"), ("around", "about"), ("nearly", "about"), ("almost", "about"), ("some", "about"),
    ("approximately", "about"), ("roughly", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("close to", "about"), ("circa", "about"), ("c.", "about"),
]  # fmt: skip

# What a number counts, from the words near it: (pattern, metric). The first that matches the words after the
# number wins, else the first that matches the words before it in the same clause.
METRIC_WORDS: list[tuple[str, str]] = [
    (
        r"bodies (?:were |have been |had been )?(?:recovered|retrieved|found|pulled)|bodies|"
        r"(?:recovered|retrieved|found|pulled out) the bod(?:y|ies) of",
        "bodies_recovered",
    ),
    (r"presumed dead", "presumed_dead"),
    # One count of both, never to be split or added to either (the casualty rule keeps dead and missing apart).
    (
        r"dead or missing|missing or (?:dead|(?:have |had )?died)|deaths and disappearances|"
        r"died or (?:are |were |was )?(?:\w+ )?(?:recorded as |reported )?missing",
        "dead_or_missing",
    ),
    (r"drown(?:ed|ing|ings)?", "drowned"),
    (
        r"perish(?:ed)?|die[ds]?|dead|deaths?|killed|lives|fatalities|lost their lives|died|"
        r"could not be (?:saved|revived|resuscitated)|(?:were|was) pronounced dead",
        "dead",
    ),
    (
        r"missing|unaccounted|lost at sea|(?:were|was|been|are|is|those) lost\b(?! their)|(?:not|never) (?:been )?found|"
        r"(?:have|has|had) not been (?:found|located|traced)",
        "missing",
    ),
    (r"survivors?|survived|(?:still )?alive", "survivors"),
    (
        r"rescu(?:ed|ing)|saved|pulled from the (?:water|sea)|(?:pulled|brought|taken|winched) to safety|freed|"
        r"released from",
        "rescued",
    ),
    (r"arrest(?:ed|s)?|detained|detentions?|(?:held )?in custody|charged", "arrested"),
    (r"jailed|sentenced|convicted|imprisoned|prison sentences?|jail terms?", "convicted"),
    (r"searche[sd]|raids?|raided", "searched"),
    (r"seized|seizures?|confiscated|intercepted (?:a|the)? ?(?:shipment|cargo)", "seized"),
    (
        r"intercepted|intercepts?|interceptions?|turned back|pushed back|pushbacks?|stopped at sea|brought back|taken back",
        "intercepted",
    ),
    (
        r"cross(?:ed|ing|ings)|made the (?:perilous |dangerous )?(?:crossing|journey)|arrived|arrivals?|landed|landings?|"
        r"slipped (?:through|across|in)|got through|took the route|made the (?:trek|trip)|reached (?:Europe|the|[A-Z])",
        "crossings",
    ),
    (
        r"on board|aboard|carrying|packed with|passengers|took to the (?:sea|water)|set (?:off|sail)|"
        r"(?:had been|were|was) in the (?:dinghy|boat|vessel|cayuco|truck|lorry|van|container)",
        "on_board",
    ),
    (r"officers|police|agents|gendarmes|personnel|troops|staff", "officers"),
    (r"victims?", "victims"),
    (r"suspects?|smugglers?|traffickers?", "suspects"),
    (
        r"injured|wounded|hurt|in (?:a )?(?:serious|critical|grave) condition|taken to hospital|hospitali[sz]ed|"
        r"treated for|suffering from hypothermia|admitted to (?:the )?(?:[\w’']+\s+)?hospital",
        "injured",
    ),
    (r"countries|states|nations", "countries"),
    (r"boats?|vessels?|dinghies|dinghy", "boats"),
    (r"migrants|people|persons|refugees|asylum seekers|children|men|women|nationals|individuals", "people"),
]
METRICS = [(re.compile(rf"\b(?:{p})\b", re.I), m) for p, m in METRIC_WORDS]

UNIT_WORDS: list[tuple[str, str, str]] = [  # (pattern right after the number, unit, metric it implies)
    (r"-?days?\b|-day\b", "days", "duration_days"),
    (r"-?years?\b", "years", "duration_years"),
    (r"-?hours?\b|-hour\b", "hours", "duration_hours"),
    (r"-?weeks?\b", "weeks", "duration_weeks"),
    (r"-?months?\b", "months", "duration_months"),
    (r"(?:kg|kilos?|kilograms?|kilogrammes?)\b", "kg", "seized"),
    (r"(?:g|grams?|grammes?)\b", "g", "seized"),
    (r"(?:tonnes?|tons?)\b", "tonnes", "seized"),
    (r"(?:km|kilometres?|kilometers?|miles|nautical miles)\b", "km", "distance"),
    (r"(?:[A-Z][a-z]+\s+|EU\s+|member\s+)?(?:countries|states|nations)\b", "countries", "countries"),  # "ten European countries"
]
UNITS = [(re.compile(rf"^\s*(?:(?:more|other|additional|further|new)\s+)?{p}", re.I), u, m) for p, u, m in UNIT_WORDS]
SPELLS = {"days", "hours", "weeks"}  # short spells: "over two days" is during them
# Money, by its sign before the number or its name after it; what it is comes from the words near it.
CURRENCIES = [(r"€|\bEUR ?", r"euros?", "EUR"), (r"£|\bGBP ?", r"pounds?(?: sterling)?", "GBP"),
              (r"\$|US\$|\bUSD ?", r"(?:US )?dollars?", "USD"), (r"\bR ?", r"rand", "ZAR")]  # fmt: skip
# A currency written against its number ("R720 million", "EUR4,500") is parted from it, so the number is read.
CURRENCY_JOINED = re.compile(r"\b(R|EUR|USD|GBP|CHF)(?=\d)")
# A boat counted right after the number ("on 15 small boats"): the number counts boats, whatever the clause did.
BOATS = re.compile(r"^\s+(?:[a-z-]+\s+)?(?:boats?|vessels?|dinghies|dinghy|ships?|trawlers?)\b", re.I)
VAGUE = re.compile(
    r"(\b(?:(?:several|a few|many|some)\s+)?(?:hundreds|thousands|millions|billions|tens|dozens|scores)"
    r"(?:\s+of\s+(?:hundreds|thousands|millions))?\b|\b(?:several|a few|many)\s+(?:hundred|thousand|million)\b)",
    re.I,
)
# "14 were rescued by a trawler and 49 others by the navy", "743 deaths …, 538 of them on the central route".
ELLIPSIS = re.compile(r"^\s+(?:others?|more|of\s+them|of\s+whom)\b")
# People by their nationality ("six Eritreans", "five Pakistanis", "14 Vietnamese", "two Sudanese men").
DEMONYMS = re.compile(r"^\s*[A-Z][a-z]+(?:ans|ese|is|ians|ish|ch)\b")
PEOPLE = re.compile(r"\b(?:migrants?|people|persons?|refugees|asylum seekers|children|men|women|nationals|individuals|"
                    r"passengers|survivors|victims|suspects|smugglers|traffickers|officers|crew)\b", re.I)  # fmt: skip
MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|" \
         r"Nov(?:ember)?|Dec(?:ember)?)"  # fmt: skip
NUMBER = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)(\s*(?:million|billion|m\b|bn\b))?", re.I
)
# A comparison with a year ("more than in all of 2023", "fewer than in 2022", "the deadliest since … in 2018"): the
# year is what the figure is set against, proposed as a `comparison_year` (it is written, so nothing is invented).
COMPARED_YEAR = re.compile(
    r"(?:\b(?:than|compared (?:with|to)|up from|down from|as in)\s+(?:in\s+)?(?:(?:all|the whole)\s+of\s+)?(?:the\s+)?"
    r"(?:year\s+)?|\b(?:(?:worst|deadliest|highest|lowest|largest|biggest|most|fewest)\b[^.;]*\bsince\b[^.;,]*?\s))$",
    re.I,
)
# A multiplier the sentence writes: "three times as many", "double as many", "twice the number", "crossings doubled".
MULTIPLIER_WORDS = {"double": 2, "twice": 2, "doubled": 2, "triple": 3, "treble": 3, "tripled": 3, "trebled": 3,
                    "quadrupled": 4, "twofold": 2, "threefold": 3, "fourfold": 4}  # fmt: skip
COMPARATIVE = (
    r"(?:as\s+(?:many|much|high|large|likely|great)|more|higher|greater|larger|the\s+(?:number|amount|total|level|rate))"
)
TIMES = re.compile(rf"^\s*times\s+{COMPARATIVE}\b", re.I)
MULTIPLIER = re.compile(
    rf"\b(?:(double|twice|triple|treble|twofold|threefold|fourfold)\s+{COMPARATIVE}|(?<=\s)(doubled|tripled|trebled|quadrupled))\b",
    re.I,
)
# A figure that counts a group among others: "two children were among the dead", "including six children",
# "538 of them", "of whom 12 were children".
PART_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,3}?(?:(?:were|was|are|is)\s+)?among\s+(?:the\s+)?\w+|^\s+of\s+(?:them|whom)\b", re.I
)
PART_BEFORE = re.compile(r"(?:\bincluding|\bamong them|\bamong whom|\bof whom|\bof them)\s*(?:at least\s+|about\s+)?$", re.I)
# A count of things named right after the number: an optional word, then a plural noun ("two related challenges").
COUNTED = re.compile(r"^\s+(?:[a-z]+\s+)?((?!(?:times|years|percent|others|ones|days|hours)\b)[a-z]{3,}s)\b")
CLAUSE_END = re.compile(r"[;:.!?]|,\s|\s(?:and|but|while|whereas|after|before|which|who)\s|\u2014|\u2013 ")
SENTENCE_PART = re.compile(
    r"[;!?]|\.(?!\d)|\u2014"
)  # a decimal point ends nothing  # how far back a number's metric word may stand
# What a number counts by its noun alone; an action word near it ("arrested 12 suspects") says more.
NOUN_METRICS = {"people", "suspects", "victims", "boats", "countries", "officers"}


@dataclass(frozen=True)
class FigureMatch:
    """A number a sentence writes: its value (and upper end), qualifier, metric, unit and the words it was read from."""

    value: float
    value_max: float | None
    qualifier: str
    metric: str
    unit: str
    words: str
    part: bool = False  # it counts a group among those the event concerns ("two children were among the dead")


def _numeric(sentence: str) -> str:
    # Number words as digits ("three migrants" -> "3 migrants"); "one" alone stays a word (one of the, no one).
    # A hyphenated measure ("two-day") is split first: text2num reads no hyphenated words; an age ("three-year-old")
    # is kept whole, so that it is no count.
    sentence = re.sub(r"\b([A-Za-z]+)-(day|hour|week|month|year)s?\b(?!-old)", r"\1 \2", sentence)
    # "2.5 million": text2num would read the scale as a number of its own ("2.5 1000000"); written as "2.5m" it stays one.
    sentence = re.sub(r"(\d)\s+(million|billion)\b", lambda m: m.group(1) + ("m" if m.group(2) == "million" else "bn"), sentence)
    # A vague amount ("hundreds of migrants", "tens of thousands", "several hundred") writes no number: text2num
    # would read "hundreds" as 100, so it is left as words.
    sentence = CURRENCY_JOINED.sub(r"\1 ", sentence)
    # "one" alone stays a word (one of the, no one), but "one man drowned" counts one.
    sentence = re.sub(r"\b[Oo]ne(?=\s+(?:man|woman|child|boy|girl|baby|person|migrant|body|survivor|officer|suspect)\b)", "1",
                      sentence)  # fmt: skip
    parts = VAGUE.split(sentence)
    return "".join(part if i % 2 else alpha2digit(part, "en", threshold=2) for i, part in enumerate(parts))


def _value(digits: str, scale: str | None) -> float:
    v = float(digits.replace(",", ""))
    s = (scale or "").strip().lower()
    return v * (1e6 if s in ("million", "m") else 1e9 if s in ("billion", "bn") else 1)


def _not_a_figure(text: str, start: int, end: int, value: float) -> bool:
    before, after = text[max(0, start - 24) : start], text[end : end + 12]
    if re.match(r"^(?:st|nd|rd|th)\b|^\s*(?:%|per ?cent|percent|times\b)|^:\d|^\s*(?:am|pm|a\.m|p\.m)\b", after, re.I):
        return True  # ordinals, percentages, multipliers ("three times the total"), times of day
    if re.match(r"^\s*-?\s*(?:year|month|week)s?[- ]old\b", after, re.I) or re.search(
        r"\baged\s+(?:between\s+)?(?:\d+\s*(?:and|to|-)\s*)?$", before, re.I
    ):
        return True  # an age ("a 16-year-old boy", "aged between 20 and 45") counts no one
    if re.search(r"\b(?:one|1)\s+in\s*$", before, re.I):
        return True  # a ratio ("one in five migrants") counts no one
    if re.search(rf"{MONTHS}\s*$", before) or re.match(rf"^\s*{MONTHS}\b", after):
        return True  # a day of a month, or a year after one
    if value.is_integer() and 1900 <= value <= 2100 and "," not in text[start:end] and not PEOPLE.match(after.strip()):
        return True  # a year ("in 2023", "since 2018", "the 2024 figures")
    return bool(re.search(r"(?:No\.|number|#|page|article|section|chapter|resolution|paragraph|article)\s*$", before, re.I))


def _qualifier(before: str) -> str:
    tail = before.lower().rstrip()
    for words, qualifier in QUALIFIER_WORDS:
        if tail.endswith(" " + words) or tail == words:
            return qualifier
    return "exact"


def _metric(after: str, before: str, further: str = "") -> str | None:
    """The metric named right after the number, else the closest one before it, else one later in the sentence
    ("226 people, including 35 children, are missing"); an action beats a bare noun."""
    # A bare noun counts only right after the number ("36 were taken ... on a boat" does not count boats).
    right_after = re.match(r"(?:\W*[\w’'-]+){0,5}", after).group(0)  # its next five ("people thought to be victims")
    found_after = next((m for p, m in METRICS if p.search(after if m not in NOUN_METRICS else right_after)), None)
    near_before = [(hit.end(), m) for p, m in METRICS for hit in p.finditer(before)]
    # An action before the number beats a nearer noun ("those lost include six Eritreans, … three women and three
    # children": all lost).
    acts = [h for h in near_before if h[1] not in NOUN_METRICS]
    found_before = max(acts or near_before)[1] if near_before else None
    if found_after is not None and (found_after not in NOUN_METRICS or found_before in (None, *NOUN_METRICS)):
        if found_after in NOUN_METRICS:
            # The first action the rest of the sentence names ("about 20 migrants … had been aboard, so others may
            # still be missing" were on board).
            hits = [(hit.start(), m) for p, m in METRICS if m not in NOUN_METRICS for hit in [p.search(further)] if hit]
            return min(hits)[1] if hits else found_after
        return found_after
    return found_before or found_after


def _currency(before: str, rest: str) -> str | None:
    for sign, name, code in CURRENCIES:
        if re.search(rf"(?:{sign})\s*$", before) or re.match(rf"^\s*{name}\b", rest, re.I):
            return code
    return None


def find_figures(sentence: str) -> list[FigureMatch]:
    """Every number the sentence writes that counts something, with its qualifier and metric."""
    text = _numeric(sentence)
    out: list[FigureMatch] = []
    taken_until = -1
    for m in NUMBER.finditer(text):
        if m.start() < taken_until:
            continue
        value = _value(m.group(1), m.group(2))
        compared = COMPARED_YEAR.search(text[max(0, m.start() - 160) : m.start()])
        if value.is_integer() and 1900 <= value <= 2100 and "," not in m.group(1) and compared:
            out.append(FigureMatch(value, None, "exact", "comparison_year", "year", m.group(0).strip()))
            continue
        if TIMES.match(text[m.end() :]):
            out.append(FigureMatch(value, None, _qualifier(text[: m.start()]), "multiplier", "times", m.group(0).strip()))
            continue
        if _not_a_figure(text, m.start(), m.end(), value):
            continue
        end, value_max = m.end(), None
        # A range: "between 40 and 50", "40 to 50", "40-50", "four or five", "between EUR 4,500 and EUR 12,000".
        rng = re.match(r"\s*(?:-|\u2013|to|and|or)\s*(?:[€$£]|EUR |USD |GBP |R )?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)",
                       text[end:])  # fmt: skip
        if rng:
            top = float(rng.group(1).replace(",", ""))
            if top > value and not _not_a_figure(text, end + rng.start(1), end + rng.end(1), top):
                value_max, end = top, end + rng.end()
        before = text[: m.start()]
        clause_start = max((c.end() for c in SENTENCE_PART.finditer(before)), default=0)
        qualifier = _qualifier(re.sub(r"\bbetween\s*$", "", before))
        if re.search(r"\bover\s*$", before, re.I) and any(p.match(text[end:]) for p, u, _ in UNITS if u in SPELLS):
            qualifier = "exact"  # "rescued over two days": during a spell, not more than it
        rest = text[end:]
        clause_after = rest[: next((c.start() for c in CLAUSE_END.finditer(rest)), len(rest))]
        unit, metric = "people", None
        for pattern, u, implied in UNITS:
            if pattern.match(rest):
                unit, metric = u, implied
                break
        currency = _currency(before, rest) if metric is None else None
        if currency:
            # Money seized, else an amount paid or charged.
            seized = next(p for p, m in METRICS if m == "seized")
            unit, metric = currency, "seized" if seized.search(before[clause_start:] + clause_after) else "amount"
        elif metric is None and ELLIPSIS.match(rest) and out:
            # "49 others": what the figure before it counted, unless its own words say ("693 of them … drowned").
            own = _metric(clause_after[:80], "", "")
            unit, metric = out[-1].unit, own if own and own not in NOUN_METRICS else out[-1].metric
        elif metric is None:
            part = rest[: next((c.start() for c in SENTENCE_PART.finditer(rest)), len(rest))]
            metric = _metric(clause_after[:80], before[clause_start:][-160:], part[:160])
            counted = COUNTED.match(rest)
            if BOATS.match(rest):
                unit = "boats"
                metric = metric if metric in ("seized", "intercepted") else "boats"
            elif metric is None and DEMONYMS.match(rest):
                metric = "people"  # "five Pakistanis": people, by their nationality
            elif metric is None and counted:
                metric = unit = counted.group(1).lower()  # "two related challenges": a count of what it names
            elif counted and not PEOPLE.match(counted.group(1)) and not any(p.match(counted.group(1)) for p, _ in METRICS):
                unit = counted.group(1).lower()  # "searched 40 homes": a count of homes, not of people
            if metric is None:
                continue  # a number that counts nothing the atlas knows (a page, a score) is not proposed
            if metric in ("boats", "countries"):
                unit = metric
            elif metric == "people" and not (
                PEOPLE.search(clause_after[:40] + " " + before[clause_start:][-40:]) or DEMONYMS.match(rest)
            ):
                continue
        part = bool(PART_AFTER.match(rest) or PART_BEFORE.search(before[-40:]))
        out.append(FigureMatch(value, value_max, qualifier, metric, unit, text[m.start() : end].strip(), part))
        taken_until = end
    for m in MULTIPLIER.finditer(text):
        word = (m.group(1) or m.group(2)).lower()
        out.append(FigureMatch(float(MULTIPLIER_WORDS[word]), None, "exact", "multiplier", "times", m.group(0)))
    return out
