"""Figures read from real sentences: qualifiers, ranges, numbers in words, metrics; never a number not written."""

import pytest

from trafficking_atlas.extract_figures import find_figures

pytestmark = pytest.mark.unit


def _read(sentence: str) -> list[tuple]:
    return [(f.value, f.value_max, f.qualifier, f.metric, f.unit) for f in find_figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Home Secretary Yvette Cooper warned with up to 75 people having drowned in the Channel so far this year.",
         [(75.0, None, "up_to", "drowned", "people")]),
        ("More than 33,000 migrants have made the perilous crossing of one of the world’s busiest shipping lanes.",
         [(33000.0, None, "more_than", "crossings", "people")]),
        ("More than 70 people have perished in the attempts this year, according to UK officials.",
         [(70.0, None, "more_than", "dead", "people")]),
        ("The accident claimed the lives of 350 Pakistani nationals.", [(350.0, None, "exact", "dead", "people")]),
        ("the IOM puts the total number of people “missing” in the waters between France and Britain at 75 so far.",
         [(75.0, None, "exact", "missing", "people")]),
        ("Three migrants died and six children were rescued off Calais.",
         [(3.0, None, "exact", "dead", "people"), (6.0, None, "exact", "rescued", "people")]),
        ("Police arrested 12 suspects and seized 1.5 tonnes of cocaine in Antwerp.",
         [(12.0, None, "exact", "arrested", "people"), (1.5, None, "exact", "seized", "tonnes")]),
        ("Between 40 and 50 people are feared missing; around 100 survived.",
         [(40.0, 50.0, "exact", "missing", "people"), (100.0, None, "about", "survivors", "people")]),
        ("the boats are driven for four or five hours to a French beach", [(4.0, 5.0, "exact", "duration_hours", "hours")]),
        ("They jointly organised a two-day regional conference.", [(2.0, None, "exact", "duration_days", "days")]),
        # A count of the dead and missing together stays one figure of its own (never split, never added).
        ("An estimated 226 people, including 35 children, are missing or have died on the route.",
         [(226.0, None, "about", "dead_or_missing", "people"), (35.0, None, "exact", "dead_or_missing", "people")]),
        ("At least 65 people took to the sea in the dinghy.", [(65.0, None, "at_least", "on_board", "people")]),
        ("Some 40 people were taken to the harbour on a lifeboat.", [(40.0, None, "about", "people", "people")]),
        ("At least 27 people died when their dinghy deflated, nearly 200 were on board.",
         [(27.0, None, "at_least", "dead", "people"), (200.0, None, "about", "on_board", "people")]),
        # Who could not be saved died; "others" counts what the figure before it counted.
        ("Four people found unconscious could not be saved, police added, while 63 were rescued.",
         [(4.0, None, "exact", "dead", "people"), (63.0, None, "exact", "rescued", "people")]),
        ("Fourteen people were rescued by a fishing vessel and 49 others by the French navy ship.",
         [(14.0, None, "exact", "rescued", "people"), (49.0, None, "exact", "rescued", "people")]),
        ("Nine people were in serious condition and two were taken to hospital.",
         [(9.0, None, "exact", "injured", "people"), (2.0, None, "exact", "injured", "people")]),
        # Boats counted right after the number are boats; other things counted keep their noun as unit.
        ("882 people crossed the Channel on 15 small boats.",
         [(882.0, None, "exact", "crossings", "people"), (15.0, None, "exact", "boats", "boats")]),
        ("Police arrested 38 suspects and searched 40 homes.",
         [(38.0, None, "exact", "arrested", "people"), (40.0, None, "exact", "searched", "homes")]),
        ("Officers seized 2.5 tonnes of cocaine, 1.2 million euros and 3 vehicles.",
         [(2.5, None, "exact", "seized", "tonnes"), (1200000.0, None, "exact", "seized", "EUR"),
          (3.0, None, "exact", "seized", "vehicles")]),
        ("Each paid £3,000 for a place on a boat carrying around 90 people.",
         [(3000.0, None, "exact", "amount", "GBP"), (90.0, None, "about", "on_board", "people")]),
        ("Two men were jailed for 6 and 8 years.",
         [(2.0, None, "exact", "convicted", "people"), (6.0, 8.0, "exact", "duration_years", "years")]),
        ("The NCA said 1,500 people were rescued over two days.",
         [(1500.0, None, "exact", "rescued", "people"), (2.0, None, "exact", "duration_days", "days")]),
        ("A total of 27,509 people have arrived; 1,200 officers were deployed.",
         [(27509.0, None, "exact", "crossings", "people"), (1200.0, None, "exact", "officers", "people")]),
        ("The toll brings the number of migrants killed trying to cross the Channel this year to at least 52.",
         [(52.0, None, "at_least", "dead", "people")]),
        # The same number again is not written twice.
        ("Six children and the same number of adults died.", [(6.0, None, "exact", "dead", "people")]),
    ],
)  # fmt: skip
def test_figures_with_their_qualifier_and_metric(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The capsizing of a trawler off southern Greece in June 2023 shocked Europe.",  # a year is not a figure
        "Since 2018 the number of crossings has surged.",
        "No one was hurt; one of the boats sank at 3pm on 14 June.",  # no one, one of, a time, a day
        "Article 5 of the treaty applies to 10% of them.",  # a clause number, a percentage
        "The 21st century brought new routes.",  # an ordinal
        "He was arrested twice, in 2019 and in 2021; the boat was three times bigger.",  # occasions, a size
        "A 16-year-old boy and a three-year-old girl were among them.",  # ages
        "The suspects, aged between 20 and 45, appeared in court.",
        "One in five migrants was a child; Covid-19 rules applied.",  # a ratio, a name's number
        "Hundreds of migrants crossed; tens of thousands have arrived; several hundred were rescued.",  # vague amounts
    ],
)
def test_what_is_not_a_figure_is_not_proposed(sentence):
    assert _read(sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("That is three times the number of boats seen last year.", [(3.0, "multiplier", "times")]),
        ("Gangs now fill boats with double as many migrants as before.", [(2.0, "multiplier", "times")]),
        ("The number of arrests doubled.", [(2.0, "multiplier", "times")]),
        (
            "More than 33,000 have crossed, more than in all of 2023, though fewer than in 2022.",
            [(33000.0, "crossings", "people"), (2023.0, "comparison_year", "year"), (2022.0, "comparison_year", "year")],
        ),
        ("It made 2024 the deadliest year since crossings began surging in 2018.", [(2018.0, "comparison_year", "year")]),
    ],
)
def test_a_multiplier_and_a_year_compared_with_are_figures_the_sentence_writes(sentence, expected):
    assert [(f.value, f.metric, f.unit) for f in find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The Nord prefecture said one man drowned.", [(1.0, "drowned")]),
        ("Those lost include six Eritreans, among them three women, and five Pakistanis.",
         [(6.0, "missing"), (3.0, "missing"), (5.0, "missing")]),
        ("The survivor told IOM that about 39 people had been lost at sea.", [(39.0, "missing")]),
        ("Four hundred migrants were stopped at sea and brought back to Libya.", [(400.0, "intercepted")]),
        ("Only ten people were still alive on board.", [(10.0, "survivors")]),
        ("Police said that seven people were in custody.", [(7.0, "arrested")]),
        ("Officers took 200 grams of uranium-238.", [(200.0, "seized")]),
        ("Europol said 10 more countries have since joined the project.", [(10.0, "countries")]),
        ("It counted 743 deaths this year, 538 of them on the central route.", [(743.0, "dead"), (538.0, "dead")]),
        ("Agents broke up the operation, rescuing 33 migrants shut inside a truck.", [(33.0, "rescued")]),
        ("About 20 migrants, apparently from Iran, had been aboard, so others may still be missing.", [(20.0, "on_board")]),
        ("The eight members of the gang received prison sentences.", [(8.0, "convicted")]),
        ("Four of them were afterwards admitted to the island's hospital.", [(4.0, "injured")]),
        ("The ship arrived and recovered the body of one person who had died.", [(1.0, "bodies_recovered")]),
        ("Two were pulled to safety, but 181 migrants have still not been found.", [(2.0, "rescued"), (181.0, "missing")]),
        ("At least 2,082 have gone missing on the route, 693 of them known to have drowned.",
         [(2082.0, "missing"), (693.0, "drowned")]),
        ("Roughly 33,000 Haitians also took the route.", [(33000.0, "crossings")]),
        ("Police in ten European countries took part.", [(10.0, "countries")]),
        ("The number intercepted so far this year rose to 1,965.", [(1965.0, "intercepted")]),  # a comma: no year
    ],
)  # fmt: skip
def test_metrics_from_the_words_around_the_number(sentence, expected):
    assert [(f.value, f.metric) for f in find_figures(sentence)] == expected


def test_money_in_currency_codes_and_signs_with_its_range():
    got = find_figures("Each migrant paid between EUR 4,500 and EUR 12,000; cocaine worth R720 million was seized.")
    assert [(f.value, f.value_max, f.unit) for f in got] == [(4500.0, 12000.0, "EUR"), (720e6, None, "ZAR")]


def test_a_figure_that_counts_a_group_among_others_says_so():
    got = find_figures("At least 27 drowned; two children were among the dead, and 743 died this year, 538 of them here.")
    assert [(f.value, f.part) for f in got] == [(27.0, False), (2.0, True), (743.0, False), (538.0, True)]
    assert [f.part for f in find_figures("Fifty died, including six children.")] == [False, True]
