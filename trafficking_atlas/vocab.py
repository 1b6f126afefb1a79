"""Controlled vocabularies and their display labels."""

DOMAINS: dict[str, str] = {
    "human_trafficking": "Human trafficking",
    "migrant_smuggling": "Migrant smuggling",
    "drug_trafficking": "Drug trafficking",
    "wmd_trafficking": "Nuclear, radiological & WMD",
    "organised_crime": "Organised crime",
}

STAKEHOLDER_KINDS: dict[str, str] = {
    "government": "Government",
    "ministry": "Ministry",
    "law_enforcement": "Law enforcement",
    "intergovernmental": "Intergovernmental",
    "military": "Military",
    "private_sector": "Private sector",
    "association": "Association",
    "research": "Research",
    "media": "Media",
    "political_party": "Political party",
    "criminal_network": "Criminal network",
    "person": "Person",
}

INITIATIVE_KINDS = [
    "conference",
    "workshop",
    "meeting",
    "alliance",
    "forum",
    "working_group",
    "plan",
    "roadmap",
    "project",
    "programme",
    "command",
    "task_force",
    "operation",
    "recommendation",
    "agreement",
    "policy",
    "regulation",
    "publication",
]
INITIATIVE_STATUSES = [
    "held",
    "launched",
    "established",
    "active",
    "agreed",
    "proposed",
    "recommended",
    "planned",
    "paused",
    "abandoned",
]
INCIDENT_KINDS = [
    "boarding",
    "refusal_of_assistance",
    "shipwreck",
    "drownings",
    "seizure",
    "interception",
    "arrests",
    "rescue",
    "other",
]
PLACE_KINDS = ["country", "region", "city", "venue", "port", "sea", "coast", "point"]
PRECISIONS = ["day", "month", "year"]
DATE_BASES = ["text", "inferred", "external", "dataset"]
# A record's own basis: `text` when its quote states it, `inferred` when worked out from the text (its source says
# how), `external` when it comes from outside the documents (its source names where),
# `extracted`: proposed by the atlas's extractor from its quote and accepted by an analyst (its source says who, when),
# `dataset`: a row of an outside dataset imported as a layer (its document is the dataset's file, its quote the row).
BASES = ["text", "inferred", "external", "extracted", "dataset"]
# Whom a figure counts: everyone the event or statement concerns (`whole`), or only a group among them (`part`).
COUNTS_SCOPES = ["whole", "part"]
COORD_BASES = ["external", "gazetteer", "approximate", "dataset"]
QUALIFIERS: dict[str, str] = {
    "exact": "",
    "about": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
    "fewer_than": "fewer than ",
}
TARGET_TYPES = ["stakeholder", "initiative", "incident"]
WAYPOINT_ROLES = ["origin", "transit", "destination", "incident", "intended_destination"]
TITLE_BASES = ["text", "editorial", "dataset"]

# Metrics that count people killed or lost; the overview sums these as ranges.
DEAD_METRICS = {"dead", "drowned", "presumed_dead", "perished"}
MISSING_METRICS = {"missing"}
# The one dead-or-missing classification: each kind's metrics. Dead and missing are never added together.
CASUALTY_KINDS: dict[str, set[str]] = {"dead": DEAD_METRICS, "missing": MISSING_METRICS}


def label(vocabulary: dict[str, str], value: str) -> str:
    """Display label of a vocabulary value, falling back to a readable form of the value."""
    return vocabulary.get(value, str(value).replace("_", " ").capitalize())
