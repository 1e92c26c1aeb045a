"""Every timestamp style becomes seconds; headings and claims lose the time from their text."""

import pytest

from notes.importer.extract.markdown_tree import parse_blocks
from notes.importer.extract.timestamps import (
    clock_seconds,
    find_markers,
    heading_times,
    leading_marker,
    parse_duration,
    seconds_from_url,
    strip_markers,
)


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [("01:36:01", 5761), ("1:11:35", 4295), ("9:25", 565), ("00:05", 5), ("75:30", 4530)],
)
def test_clock_forms(clock, seconds):
    assert clock_seconds(clock) == seconds


@pytest.mark.parametrize("clock", ["10:61", "1:2", "123:45:00", "ab:cd", "12", ""])
def test_invalid_clocks_are_refused(clock):
    assert clock_seconds(clock) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("趋势与瓶颈（00:23:20 - 00:25:18）", 1400, 1518),
        ("Historical arc [10:39]", 639, None),
        ("Scaling `[00:00-00:45]`", 0, 45),
        ("Prototyping first [00:15:32 - 00:25:10]", 932, 1510),
        ("Play snip (00:00 - 01:11)", 0, 71),
        ("Intro [Estimated 00:00:00 - 00:05:00]", 0, 300),
        ("a quote (Time 2:29:53)", 8993, None),
        ("Limits `[07:30, 42:00, 48:00]`", 450, None),
        ("区间【01:00 至 02:00】", 60, 120),
    ],
)
def test_bracketed_styles(text, start, end):
    markers = find_markers(text)
    assert markers and (markers[0].start, markers[0].end) == (start, end)


def test_strip_markers_keeps_the_words():
    assert strip_markers("A point worth keeping [00:05]") == ("A point worth keeping", 5, None)
    assert strip_markers("no time here") == ("no time here", None, None)


def test_a_backwards_range_keeps_only_its_start():
    assert find_markers("[00:10:00 - 00:05:00]")[0].end is None


@pytest.mark.parametrize(
    ("heading", "text", "start"),
    [
        ("00:12:34 Opening remarks", "Opening remarks", 754),
        ("Opening remarks - 12:34", "Opening remarks", 754),
        ("[01:11] Untitled", "Untitled", 71),
        ("Plain heading", "Plain heading", None),
    ],
)
def test_heading_times(heading, text, start):
    clean, found, _ = heading_times(heading)
    assert (clean, found) == (text, start)


@pytest.mark.parametrize(
    ("line", "start"),
    [("02:20 早期的开源经历", 140), ("[00:15] first topic", 15), ("1:02:03 - late topic", 3723)],
)
def test_a_line_may_start_with_its_time(line, start):
    assert leading_marker(line).start == start


def test_a_time_of_day_inside_prose_is_not_a_line_start():
    assert leading_marker("We met at 10:30 am") is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (4295, 4295),
        ("1:11:35", 4295),
        ("71m", 4260),
        ("1h 11m 35s", 4295),
        ("PT1H11M35S", 4295),
        ("71 min", 4260),
        ("1小时11分", 4260),
        ("01:36:01", 5761),
        (40, 2400),
        ("", None),
        (True, None),
    ],
)
def test_durations(value, seconds):
    assert parse_duration(value) == seconds


def test_seconds_in_video_links():
    assert seconds_from_url("https://youtu.be/abcdefghijk?t=565s") == 565
    assert seconds_from_url("https://www.youtube.com/watch?v=abcdefghijk&t=1h2m3s") == 3723
    assert seconds_from_url("https://example.com/page") is None


def test_links_and_data_attributes_become_bracketed_times():
    body = 'Jump to [9:25](https://youtu.be/abcdefghijk?t=565s) or <span data-t="00:06:20">here</span>.'
    line = parse_blocks(body)[0].lines[0]
    assert find_markers(line.text)[0].start == 565
    assert [marker.start for marker in find_markers(line.text)] == [565, 380]
