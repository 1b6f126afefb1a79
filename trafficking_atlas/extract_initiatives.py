"""Initiatives a sentence names (conferences, alliances, plans, task forces, operations, projects, recommendations)
and the roles its stakeholders play in them, by spaCy's rule Matcher: no model, nothing downloaded."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.matcher import Matcher

from trafficking_atlas.extract_entities import pipeline

# The word an initiative's name ends on (or, for an operation, starts with), and the kind it makes.
HEADS: dict[str, str] = {
    "conference": "conference", "summit": "conference", "congress": "conference", "symposium": "conference",
    "workshop": "workshop", "seminar": "workshop", "training": "workshop",
    "meeting": "meeting", "talks": "meeting", "ministerial": "meeting",
    "alliance": "alliance", "coalition": "alliance", "partnership": "alliance", "compact": "alliance",
    "forum": "forum", "process": "forum", "dialogue": "forum", "platform": "forum",
    "group": "working_group", "committee": "working_group",
    "plan": "plan", "strategy": "plan", "framework": "plan",
    "roadmap": "roadmap",
    "project": "project",
    "programme": "programme", "program": "programme", "initiative": "programme", "campaign": "programme",
    "command": "command", "centre": "command", "center": "command",
    "force": "task_force", "taskforce": "task_force", "team": "task_force",
    "operation": "operation", "crackdown": "operation",
    "agreement": "agreement", "declaration": "agreement", "pact": "agreement", "memorandum": "agreement",
    "convention": "agreement", "protocol": "agreement", "deal": "agreement", "treaty": "agreement",
    "policy": "policy", "law": "regulation", "regulation": "regulation", "directive": "regulation", "act": "regulation",
    "report": "publication", "study": "publication", "handbook": "publication",
}  # fmt: skip
# Heads an unnamed initiative may have in lower case ("a conference", "a new action plan"): fewer than a name's, since
# "a group of migrants", "the law" and "a police report" are not initiatives.
DESCRIBED_HEADS = ["conference", "summit", "workshop", "seminar", "meeting", "alliance", "coalition", "partnership",
                   "forum", "dialogue", "plan", "strategy", "roadmap", "project", "programme", "initiative",
                   "taskforce", "operation", "crackdown", "agreement", "declaration", "pact", "memorandum",
                   "convention", "protocol", "treaty"]  # fmt: skip
# Heads that make an initiative only after their own word ("task force", "working group", "investigation team").
PAIRED_HEADS = {"force": "task", "group": "working", "team": "investigation"}
ORGANISATION_HEADS = {"force", "group", "team", "command", "centre", "center"}
# Lower-case words (and the pieces spaCy cuts hyphenated ones into) that may stand before an unnamed initiative's
# head ("a two-day regional conference", "a new multi-agency task force").
MODIFIERS = ["new", "joint", "regional", "international", "global", "national", "bilateral", "multilateral",
             "two", "three", "four", "five", "one", "-", "day", "week", "long", "year", "high", "level", "ministerial",
             "special", "dedicated", "european", "first", "annual", "action", "coordinated", "cross", "border",
             "multi", "agency", "pilot", "security", "cooperation", "migration", "counter", "anti", "trafficking",
             "smuggling", "police", "expert", "technical", "strategic", "operational", "major", "large", "scale",
             "landmark", "historic", "emergency", "sweeping"]  # fmt: skip
# "on migrant smuggling", "against human trafficking", "to counter migrant smuggling": an unnamed initiative's topic.
TOPIC_WORDS = ["on", "against", "to", "for"]
TOPIC_VERBS = ["counter", "combat", "tackle", "fight", "address", "disrupt", "dismantle", "prevent", "end", "stop"]
# Verbs that give an initiative's status, most telling first.
STATUS_WORDS: list[tuple[str, str]] = [
    (r"\brecommend|\bshould\b|\bcalled for\b|\burged?\b", "recommended"),
    (r"\bpropos|\bexplor|\bconsider|\bsuggest", "proposed"),
    (r"\bwill\b|\bplann|\bupcoming\b|\bto be (?:held|hosted|launched|set up)\b|\bnext (?:week|month|year)\b", "planned"),
    (r"\blaunch", "launched"),
    (r"\bestablish|\bset up\b|\bcreated?\b|\bformed\b", "established"),
    (r"\bagreed\b|\bsigned\b|\badopted\b|\bendorsed\b", "agreed"),
    (r"\bheld\b|\bhosted\b|\bconvened\b|\borgani[sz]ed\b|\bopened\b|\btook place\b|\battended\b|\bconducted\b|"
     r"\bcarried out\b|\bmounted\b|\bcoordinated\b|\bended\b|\bconcluded\b", "held"),
    (r"\bsuspend|\bpaus", "paused"),
    (r"\babandon|\bscrapp", "abandoned"),
]  # fmt: skip
# A stakeholder's role in an initiative, from the words between them: (pattern, role, whether the stakeholder stands
# after the words: "organised by X" vs "X organised").
ROLE_WORDS: list[tuple[str, str]] = [
    (r"co-?organi[sz]|jointly organi[sz]", "co_organiser"),
    (r"organi[sz]", "organiser"),
    (r"co-?host", "co_host"),
    (r"\bhost", "host"),
    (r"fund|financ|\bpaid for\b|sponsor", "funder"),
    (r"\blaunch", "launched"),
    (r"\bchair", "chair"),
    (r"\bled\b|\bleads?\b|\bleading\b|\bheaded\b|\bspearhead|\bcoordinat|\bmounted\b|\bconducted\b|\bcarried out\b",
     "leads"),
    (r"\bspoke\b|\baddress|\bspeech\b|\bopened\b|\bkeynote\b|\bsaid\b|\btold\b", "speaker"),
    (r"\bpropos|\brecommend|\bcalled for\b|\burged?\b|\bsuggest", "proposed"),
    (r"\bsign|\bagreed\b|\bjoin|\bendorse|\badopt|\bpledg|\bcommit", "participant"),
    (r"\battend|\btook part\b|\bparticipat|\bdelegat|\bgathered\b|\bbrought together\b|\bamong\b|\bincluding\b|"
     r"\brepresentatives?\b|\bwith\b", "participant"),
    (r"\barrest|\bdetain|\bcharged\b|\bheld\b", "arrested"),
    (r"\bsupport|\bbacked\b|\bwelcomed\b", "supports"),
]  # fmt: skip


@dataclass(frozen=True)
class InitiativeMatch:
    """An initiative a sentence names: where it stands, its words, kind and status (None: the verbs do not say)."""

    start: int
    end: int
    words: str
    kind: str
    status: str | None
    named: bool  # a proper name ("Global Alliance to Counter Migrant Smuggling"), not a description ("a conference")


@functools.cache
def _matcher() -> Matcher:
    nlp = pipeline()
    m = Matcher(nlp.vocab)
    heads = sorted(HEADS)
    cap = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z]"}}  # "Calais", "NATO", "EU-Africa"
    capitals = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z]"}, "OP": "*"}
    inner = {"LOWER": {"IN": ["of", "on", "to", "for", "against", "and", "the", "&", "in"]}, "OP": "?"}
    # "Border Force", "Europol's Migrant Smuggling Centre": organisations, unless paired ("Task Force").
    head = {"LOWER": {"IN": [h for h in heads if h not in ORGANISATION_HEADS]}, "IS_TITLE": True}
    paired_name = [[{"LOWER": before, "IS_TITLE": True}, {"LOWER": head, "IS_TITLE": True}]
                   for head, before in {**PAIRED_HEADS, "command": "operational"}.items()]  # fmt: skip
    # "Global Alliance to Counter Migrant Smuggling", "Calais Group Priority Plan", "Rabat Process", "the 2024
    # Islamabad Conference", "Joint Investigation Team", "Action Plan on Migrant Smuggling".
    m.add("NAMED", [[cap, capitals, head], [{"IS_DIGIT": True}, cap, capitals, head],
                    [cap, capitals, head, inner, cap, capitals], [head, {"LOWER": {"IN": ["on", "against", "to", "for"]}},
                    {"LOWER": "the", "OP": "?"}, cap, capitals], *[[cap, capitals, *p] for p in paired_name],
                    *paired_name])  # fmt: skip
    # "Operation Sea Wolf", "Operation Kraken".
    m.add("OPERATION", [[{"ORTH": "Operation"}, cap, capitals], [{"ORTH": "Operation"}, {"IS_QUOTE": True}, cap,
                                                                  capitals, {"IS_QUOTE": True}]])  # fmt: skip
    # "a two-day regional conference on migrant smuggling", "a new task force to counter smuggling".
    det = {"LOWER": {"IN": ["a", "an", "the", "this", "its", "their", "new"]}}
    mods = {"LOWER": {"IN": MODIFIERS}, "OP": "*"}
    low_head = {"LOWER": {"IN": DESCRIBED_HEADS}, "IS_LOWER": True}
    topic = [{"LOWER": {"IN": TOPIC_WORDS}}, {"LOWER": {"IN": TOPIC_VERBS}, "OP": "?"},
             {"IS_ALPHA": True, "LOWER": {"NOT_IN": ["the", "a", "an", "which", "that", "be"]}}, {"IS_ALPHA": True,
             "OP": "?", "LOWER": {"NOT_IN": ["and", "the", "which", "that", "in", "at", "on", "by", "with"]}}]  # fmt: skip
    paired = [[det, mods, {"LOWER": before}, {"LOWER": head}] for head, before in PAIRED_HEADS.items()]
    understanding = [{"LOWER": "memorandum"}, {"LOWER": "of"}, {"LOWER": "understanding"}]
    modifier = {"LOWER": {"IN": MODIFIERS}}
    m.add("DESCRIBED", [[det, mods, *understanding], [det, mods, low_head, *topic], [det, modifier, mods, low_head],
                        *paired, *[[*p, *topic] for p in paired]])  # fmt: skip
    return m


def status_of(sentence: str) -> str | None:
    """An initiative's status from its sentence's verbs (the first rule that matches, most telling first)."""
    return next((status for pattern, status in STATUS_WORDS if re.search(pattern, sentence, re.I)), None)


def _kind(words: str, label: str) -> str:
    if label == "OPERATION":
        return "operation"
    tokens = [t.lower().strip("\"'“”") for t in words.split()]
    if "working" in tokens and "group" in tokens:
        return "working_group"
    if "task" in tokens and "force" in tokens or "investigation" in tokens and "team" in tokens:
        return "task_force"
    if "action" in tokens and "plan" in tokens:
        return "plan"
    heads = [t for t in tokens if t in HEADS]
    # The first head of a name's own words ("Conference on ...") or the last of a description's.
    return HEADS[heads[0] if label == "NAMED" and tokens[0] in HEADS else heads[-1]] if heads else "programme"


def find_initiatives(sentence: str) -> list[InitiativeMatch]:
    """The initiatives a sentence names, longest first where two overlap, in text order."""
    doc = pipeline().make_doc(sentence)
    spans = sorted(_matcher()(doc, as_spans=True), key=lambda s: (-(s.end - s.start), s.start))
    taken: list[tuple[int, int]] = []
    out = []
    status = status_of(sentence)
    for span in spans:
        if any(a < span.end and span.start < b for a, b in taken):
            continue
        label = doc.vocab.strings[span.label]
        words = span.text
        if label == "DESCRIBED":
            words = re.sub(r"^(?:(?:a|an|the|this|its|their|new)\s+)+", "", words, flags=re.I)
            if words.split()[-1].lower() in {"on", "to", "for", "against"}:
                continue
        words = re.sub(r"^(?:The)\s+", "", words)
        taken.append((span.start, span.end))
        start = span.start_char + (len(span.text) - len(words) if span.text.endswith(words) else 0)
        out.append(InitiativeMatch(start, span.end_char, words, _kind(words, label), status, label != "DESCRIBED"))
    if not out and (status == "recommended" and re.search(r"\brecommend", sentence, re.I)):
        # A recommendation is a sentence, not a name: the whole sentence is proposed for the analyst to shorten.
        out.append(InitiativeMatch(0, len(sentence), sentence, "recommendation", "recommended", False))
    return sorted(out, key=lambda i: i.start)


# Initiatives that have speakers; "X said Operation Y ..." makes X no speaker of an operation.
SPOKEN = {"conference", "workshop", "meeting", "forum"}


def role_between(sentence: str, who: tuple[int, int], what: tuple[int, int], kind: str = "conference") -> str | None:
    """The role a stakeholder named at `who` plays in what is named at `what`, from the sentence's words between them
    ("the conference, organised by the FIA", "the FIA organised the conference"); None where they say nothing."""
    a, b = sorted([who, what])
    between = sentence[a[1] : b[0]]
    if len(between) > 100 or re.search(r"[;:]", between):
        return None  # too far apart to be one clause
    role = next((role for pattern, role in ROLE_WORDS if re.search(pattern, between, re.I)), None)
    return None if role == "speaker" and kind not in SPOKEN else role


# A stakeholder's part in an incident, from the verb that follows its name ("the French navy rescued 49").
INCIDENT_ROLES: list[tuple[str, str]] = [
    (r"\brescu|\bsaved\b|\bpicked up\b|\bbrought\b.*\bashore\b|\bintercept|\brecover|\bboarded\b|\bseiz|\barrest|"
     r"\bdetain|\braid|\bdismantl|\bsearched\b|\bfound\b|\bdeployed\b|\bresponded\b|\bsent\b", "responder"),
    (r"\bsaid\b|\btold\b|\breported\b|\bconfirmed\b|\baccording\b|\bputs?\b|\bannounced\b|\bstated\b", "reported"),
    (r"\brefus|\bdenied\b|\bdeclined\b", "refused_assistance"),
]  # fmt: skip


def incident_role(sentence: str, who: tuple[int, int]) -> str | None:
    """A stakeholder's part in the sentence's incident: the verb in the few words after its name, or "according to"
    just before it."""
    before = sentence[max(0, who[0] - 24) : who[0]]
    if re.search(r"according to\s*(?:the\s*)?$", before, re.I):
        return "reported"
    after = re.split(r"[,;:.]", sentence[who[1] : who[1] + 50])[0]
    return next((role for pattern, role in INCIDENT_ROLES if re.search(pattern, after, re.I)), None)
