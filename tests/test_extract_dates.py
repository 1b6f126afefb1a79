"""Dates read from real sentences, absolute and relative to the publication date, with precision and how."""

from datetime import date

import pytest

from trafficking_atlas.extract_dates import find_dates

pytestmark = pytest.mark.unit

PUBLISHED = date(2024, 12, 11)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "basis"),
    [
        ("Ms Cooper was on Tuesday also laying out more details", date(2024, 12, 10), date(2024, 12, 10), "day", "inferred"),
        ("up to 75 people drowned in the Channel so far this year", date(2024, 1, 1), PUBLISHED, "year", "inferred"),
        ("the capsizing of a trawler off southern Greece in June 2023", date(2023, 6, 1), date(2023, 6, 30), "month", "text"),
        ("by the end of 2022", date(2022, 12, 1), date(2022, 12, 31), "month", "inferred"),
        ("on 14 June 2023 the trawler sank", date(2023, 6, 14), date(2023, 6, 14), "day", "text"),
        ("on March 3, 2024 the trawler sank", date(2024, 3, 3), date(2024, 3, 3), "day", "text"),
        ("last week police arrested 12", date(2024, 12, 2), date(2024, 12, 8), "day", "inferred"),
        ("in November the boats left", date(2024, 11, 1), date(2024, 11, 30), "month", "inferred"),
        ("in September, smugglers moved", date(2024, 9, 1), date(2024, 9, 30), "month", "inferred"),
        ("yesterday the coastguard said", date(2024, 12, 10), date(2024, 12, 10), "day", "inferred"),
        ("last year 29,437 people crossed", date(2023, 1, 1), date(2023, 12, 31), "year", "inferred"),
        ("the 2002 International Approaches to Nuclear and Radiological Security Conference", date(2002, 1, 1),
         date(2002, 12, 31), "year", "text"),
        ("Four people died on Saturday, the prefecture said", date(2024, 12, 7), date(2024, 12, 7), "day", "inferred"),
        ("Tuesday's raid in Antwerp", date(2024, 12, 10), date(2024, 12, 10), "day", "inferred"),
        ("the dinghy sank overnight off Gravelines", date(2024, 12, 10), PUBLISHED, "day", "inferred"),
        ("the boat sank overnight on Sunday", date(2024, 12, 8), date(2024, 12, 8), "day", "inferred"),
        ("Over 13,000 people have crossed since the start of the year", date(2024, 1, 1), PUBLISHED, "year", "inferred"),
        ("the trial opened on 18 June", date(2024, 6, 18), date(2024, 6, 18), "day", "inferred"),
        ("the raid on December 20", date(2023, 12, 20), date(2023, 12, 20), "day", "inferred"),  # later than publication
        ("a workshop in Norton Manor, UK from 10-12 September.", date(2024, 9, 10), date(2024, 9, 12), "day", "inferred"),
        ("from 10 to 12 June 2023 in Paris", date(2023, 6, 10), date(2023, 6, 12), "day", "text"),
        ("earlier this week the coastguard rescued 40", date(2024, 12, 9), PUBLISHED, "day", "inferred"),
        ("the smugglers were arrested two weeks ago", date(2024, 11, 27), date(2024, 11, 27), "day", "inferred"),
        ("in October 2022 the network was dismantled", date(2022, 10, 1), date(2022, 10, 31), "month", "text"),
        ("two boats sank over the weekend", date(2024, 12, 7), date(2024, 12, 8), "day", "inferred"),
        ("in the past week alone 1,500 landed", date(2024, 12, 4), PUBLISHED, "day", "inferred"),
        ("54,000 crossed between January and March this year", date(2024, 1, 1), date(2024, 3, 31), "month", "inferred"),
        ("from January to March 2023, 411 died", date(2023, 1, 1), date(2023, 3, 31), "month", "text"),
        ("she had announced it last September", date(2024, 9, 1), date(2024, 9, 30), "month", "inferred"),
        ("she had announced it last December", date(2023, 12, 1), date(2023, 12, 31), "month", "inferred"),
        # Looking ahead, a weekday, month or day without a year is the next one, not the latest.
        ("the Council, which holds a special session on Thursday", date(2024, 12, 12), date(2024, 12, 12), "day", "inferred"),
        ("the Commission would present its agenda in May", date(2025, 5, 1), date(2025, 5, 31), "month", "inferred"),
        ("the summit will open on December 20", date(2024, 12, 20), date(2024, 12, 20), "day", "inferred"),
        ("the boat sank on Tuesday, and the IOM will say more", date(2024, 12, 10), date(2024, 12, 10), "day", "inferred"),
    ],
)  # fmt: skip
def test_dates_resolve_against_the_publication_date(sentence, start, end, precision, basis):
    first = find_dates(sentence, PUBLISHED)[0]
    assert (first.start, first.end, first.precision, first.basis) == (start, end, precision, basis)
    assert (first.how == "") == (basis == "text")  # an inferred date says how it was worked out


def test_a_month_later_than_publication_is_last_years_and_dates_come_in_text_order():
    assert find_dates("in December the boats left", date(2024, 3, 1))[0].start == date(2023, 12, 1)
    found = find_dates("Since 2018, and on 14 June 2023, and so far this year", PUBLISHED)
    assert [d.start for d in found] == [date(2018, 1, 1), date(2023, 6, 14), date(2024, 1, 1)]
    assert find_dates("No date in this sentence at all.", PUBLISHED) == []


def test_feast_days_are_no_weekday():
    assert find_dates("the Good Friday Agreement and Black Friday sales", PUBLISHED) == []


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("A follow-on workshop prior to the IAEA meetings in Bordeaux 2005.", None),  # 2005 is the meetings', a bound
        ("prior to the IAEA meetings in Bordeaux 2005", "2005"),  # about the meetings themselves
        ("The plan runs until 2025.", None),
        ("The boat sank on Tuesday before dawn.", "on Tuesday"),
        ("Ministers met on Monday ahead of the summit on Thursday.", "on Monday"),
    ],
)
def test_the_date_of_what_a_sentence_reports_is_not_a_bound_on_it(sentence, own):
    from trafficking_atlas.extract_dates import event_date

    got = event_date(sentence, find_dates(sentence, PUBLISHED))
    assert (got.words if got else None) == own
