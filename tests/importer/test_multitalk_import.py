"""A page of several talks is stored as one Summary per talk; a refused page writes nothing."""

import pytest

from notes.importer.pipeline import import_sources
from notes.importer.types import SourceFile
from notes.models import Summary, Talk

pytestmark = pytest.mark.django_db

MEETUP = """# Night Meetup

2022-11-03 in Porto

## Lighthouses as distributed systems

by [Inês Duarte](https://twitter.com/inesd)

- every lighthouse keeps its own clock and nobody minds
- the failure mode is silence, not wrong light

## Tide tables by hand

by Paulo Reis

- a tide table is a forecast people forgot was a forecast
- errors pile up after two weeks without a correction
"""

LOG = """## 2023-05-01

[Harbour Radio | 12: Knots](https://overcast.fm/+k1)
> Recommended: short and clear.

## 2023-04-20

[Harbour Radio | 11: Sails](https://overcast.fm/+k2)
> Recommended: good for beginners.

## 2023-04-02

[Sea Stories | The long swim](https://overcast.fm/+k3)
> Recommended: gripping.
"""


def test_each_talk_of_a_page_gets_its_own_summary_and_reimport_changes_nothing():
    source = SourceFile("meetup.md", MEETUP.encode())
    result = import_sources([source])
    assert result.files[0].outcome == "imported"
    summaries = list(Summary.objects.filter(source_name="meetup.md").order_by("part"))
    assert [s.part for s in summaries] == [0, 1]
    assert [s.talk.title for s in summaries] == [
        "Lighthouses as distributed systems",
        "Tide tables by hand",
    ]
    assert summaries[0].talk_id != summaries[1].talk_id
    assert "Paulo Reis" in summaries[1].raw and "Inês" not in summaries[1].raw

    again = import_sources([source])
    assert again.files[0].outcome == "unchanged"
    assert Summary.objects.count() == 2 and Talk.objects.count() == 2


def test_a_refused_page_fails_with_one_sentence_and_writes_nothing():
    result = import_sources([SourceFile("log.md", LOG.encode())])
    file = result.files[0]
    assert file.failed
    assert file.message.startswith("log.md: it is a list of recommended episodes")
    assert Summary.objects.count() == 0 and Talk.objects.count() == 0
