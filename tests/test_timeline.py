"""The timeline: a query's articles per year, month or day, counted as the search
counts them, beside the archive's own articles of each period."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotations.model import contrast
from gui.cli import main as cli
from indexer.progress import run_to_end as drain
from indexer.timeline import timeline

STORY = (
    "Drones struck the port of Odesa overnight, officials said, and the ceasefire talks stalled."
)
ARTICLES = [
    ("2024-01-15", "Drones hit Kharkiv. The city lost power for a day."),
    ("2024-01-20", "Talks on a ceasefire were held in Istanbul without result."),
    ("2024-03-02", "Drones were shot down over the Black Sea, the navy said."),
    ("2024-03-09", STORY),
    ("2024-03-10", STORY),  # a copy of the story above: one story, at its earliest date
    ("2024", "Drones of a new kind were shown at a fair; the year alone is known."),
    ("", "An undated note about drones and the harvest."),
    ("2024-05-30", "Grain ships left Odesa under escort."),
]


@pytest.fixture
def dated(ctx, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for i, (date, text) in enumerate(ARTICLES):
        # A file each, so that the copy is a near-duplicate of another file's story.
        record = {"title": f"Story {i}", "text": text, "date": date}
        (folder / f"{i}.json").write_text(json.dumps(record), encoding="utf-8")
    drain(ctx.library.update(folder))
    return ctx


def test_months_with_gaps_undated_stories_and_totals_as_the_search_counts(dated):
    library = dated.library
    found = timeline(library.searcher(), library.store, ["drone*", "ceasefire"], by="month")
    # Every month from the first to the last, February and April with nothing.
    assert found.periods == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    drones, ceasefire = found.series
    assert drones.counts == {"2024-01": 1, "2024-03": 2}
    # "2024" alone cannot be placed in a month; with the undated note that is two.
    assert drones.undated == 2
    assert drones.total == library.searcher().search("drone*").total == 5
    assert ceasefire.counts == {"2024-01": 1, "2024-03": 1}  # the copy counts once
    assert ceasefire.total == library.searcher().search("ceasefire").total
    # Each month's count is what the search finds with the month as a filter.
    for period in found.periods:
        filtered = library.searcher().search(f"drone* published:{period}").total
        assert found.count(0, period) == filtered, period
    assert found.archive == {"2024-01": 2, "2024-03": 2, "2024-05": 1}
    assert found.share(0, "2024-03") == 1.0 and found.share(0, "2024-02") is None
    by_year = timeline(library.searcher(), library.store, ["drone*"], by="year")
    assert by_year.periods == ["2024"] and by_year.series[0].counts == {"2024": 4}


def test_bad_requests_are_refused_with_a_reason(dated):
    library = dated.library
    with pytest.raises(ValueError, match="Give a query"):
        timeline(library.searcher(), library.store, ["  "])
    with pytest.raises(ValueError, match="year, month or day"):
        timeline(library.searcher(), library.store, ["drone"], by="week")


def test_an_empty_archive_has_no_periods(ctx):
    found = timeline(ctx.library.searcher(), ctx.library.store, ["drone"])
    assert found.periods == [] and found.series[0].total == 0


def test_command_line_timeline(dated, home_dir, capsys, tmp_path):
    home = ["--home", str(home_dir)]
    assert cli([*home, "timeline", "drone*", "ceasefire", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["periods"][0] == "2024-01" and out["archive"] == [2, 0, 2, 0, 1]
    assert [s["query"] for s in out["series"]] == ["drone*", "ceasefire"]
    assert out["series"][0]["counts"] == [1, 0, 2, 0, 0] and out["series"][0]["undated"] == 2
    assert cli([*home, "timeline", "drone*", "--relative"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["month", "drone* (% of articles)", "all articles"]
    assert rows[1] == ["2024-01", "50.0", "2"] and rows[2] == ["2024-02", "", "0"]
    assert rows[-1] == ["undated", "2", "2"]
    target = tmp_path / "t.csv"
    assert cli([*home, "timeline", "drone*", "--by", "day", "-o", str(target)]) == 0
    assert target.read_bytes().startswith("\ufeff".encode())
    assert cli([*home, "timeline", "drone AND"]) == 2


@pytest.mark.parametrize("name", ("light", "dark"))
def test_each_query_has_a_colour_that_stands_out_from_the_page(name):
    from gui import theme
    from gui.timeline_view import SERIES_COLORS

    weak = [c for c in SERIES_COLORS[name] if contrast(c, theme.PAGE[name]) < 3.0]
    assert weak == []


def test_the_window_draws_compares_and_searches_a_period(qtbot, dated, home_dir, tmp_path):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QAction

    from tests.conftest import open_main_window

    window = open_main_window(qtbot, home_dir)
    window.search.set_query("drone*")
    qtbot.waitUntil(lambda: window.results is not None, timeout=10_000)
    menu = next(a for a in window.findChildren(QAction) if a.text() == "T&imeline…")
    menu.trigger()
    dialog = window.timeline.dialog
    qtbot.waitUntil(lambda: dialog.chart.timeline is not None, timeout=20_000)
    assert [e.text() for e in dialog.edits] == ["drone*"]
    assert "drone*: 5 articles, 2 undated" in dialog.legend.text()
    assert "5 months (2024-01 to 2024-05)" in dialog.status.text()
    # Enter in a query counts it again; it presses no button (no query is added).
    dialog.edits[0].setFocus()
    qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)
    assert len(dialog.edits) == 1
    # A second query: lines, one per query.
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    assert len(dialog.edits) == 2
    qtbot.waitUntil(lambda: dialog.edits[1].hasFocus(), timeout=2_000)
    qtbot.keyClicks(dialog.edits[1], "ceasefire")
    qtbot.keyClick(dialog.edits[1], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.chart.timeline.series) == 2, timeout=20_000)
    image = dialog.chart.grab().toImage()
    assert image.width() > 100  # painted without error, lines and gaps
    # Shares: February has no article at all, so no share (a gap, not a zero).
    dialog.relative.setChecked(True)
    assert dialog.chart.value(0, "2024-02") is None
    assert dialog.chart.value(0, "2024-03") == pytest.approx(100.0)
    # Click March: the search lists the drone stories of March.
    plot = dialog.chart._plot()
    x = int(dialog.chart._x(plot, 2))
    qtbot.mouseClick(dialog.chart, Qt.MouseButton.LeftButton, pos=QPoint(x, int(plot.top()) + 2))
    request = window.search.request()
    assert request.filters == ["published:2024-03"] and request.text == "drone*"
    qtbot.waitUntil(
        lambda: window.results is not None and window.results.total == 2, timeout=10_000
    )
    # The keys: Right to January, Right to February, Down to the second query, Enter.
    chart = dialog.chart
    chart.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(chart, key)
    assert "2024-02: 0 articles in the archive" in dialog.point.text()
    assert "Enter searches “ceasefire”" in dialog.point.text()
    qtbot.keyClick(chart, Qt.Key.Key_End)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    request = window.search.request()
    assert request.filters == ["published:2024-05"] and request.text == "ceasefire"
    # Export CSV as shown (shares).
    target = tmp_path / "timeline.csv"
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window.timeline.export(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0] == [
        "month",
        "drone* (% of articles)",
        "ceasefire (% of articles)",
        "all articles",
    ]
    dialog.close()


@pytest.mark.parametrize(
    ("largest", "whole", "expected"),
    [
        (50, True, (20, 3)),
        (152, True, (50, 4)),
        (12.6, False, (5, 3)),
        (1, True, (1, 1)),
        (7, True, (2, 4)),
        (0, True, (1, 1)),
    ],
)
def test_the_axis_steps_are_round_and_reach_the_largest_value(largest, whole, expected):
    """Gridlines at 0, 20, 40, 60, where quarters of 50 were labelled 12 and 38."""
    from gui.timeline_view import axis

    step, steps = axis(largest, whole)
    assert (step, steps) == expected and step * steps >= largest


def test_the_chart_is_saved_as_a_figure_on_white_with_its_legend(qtbot, dated, home_dir, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from gui.timeline_view import FIGURE_SIZE, series_color
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, home_dir)
    dialog = window.timeline.show(["drone*", "ceasefire"])
    qtbot.waitUntil(lambda: dialog.chart.timeline is not None, timeout=20_000)
    png, pdf = tmp_path / "chart.png", tmp_path / "chart.pdf"
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window.timeline.save_figure(png)
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window.timeline.save_figure(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert b"MediaBox [0 0 1200.000000 620.000000]" in pdf.read_bytes()  # the figure's size
    image = QImage(str(png))
    assert (image.width(), image.height()) == (FIGURE_SIZE.width() * 2, FIGURE_SIZE.height() * 2)
    assert image.pixelColor(2, 2) == QColor("#ffffff")  # white, whatever the theme
    colours = {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, 200, 3)
    }
    assert series_color(0, dark=False).name() in colours  # the legend's swatches
    assert series_color(1, dark=False).name() in colours
    dialog.close()


def test_a_range_of_the_periods_keeps_the_totals_whole(dated):
    """One article dated years off spread the rest over a few pixels (Reuters 1987
    beside a feed of 2014): a range looks closer, and counts what it leaves out."""
    library = dated.library
    found = timeline(library.searcher(), library.store, ["drone*"], by="month")
    march = found.between("2024-02", "2024-03")
    assert march.periods == ["2024-02", "2024-03"]
    [drones] = march.series
    assert drones.counts == {"2024-03": 2} and drones.outside == 1 and drones.undated == 2
    assert drones.total == found.series[0].total == 5  # what is left out still counts
    assert march.archive == {"2024-03": 2} and march.archive_outside == 3
    # A year, a month or a day at any resolution; an open end; nothing but dates.
    assert found.between("2024", "2024").periods == found.periods
    assert found.between("2024-03-31", "").periods == ["2024-03", "2024-04", "2024-05"]
    by_day = timeline(library.searcher(), library.store, ["drone*"], by="day")
    assert by_day.between("2024-03", "2024-03").periods[-1] == "2024-03-31"
    with pytest.raises(ValueError, match="not a year, month or day"):
        found.between("March", "")
    with pytest.raises(ValueError, match="not a year, month or day"):
        found.between("2024-02-30", "")
    with pytest.raises(ValueError, match="“2024-05” comes after “2024-03”"):
        found.between("2024-05", "2024-03")


def test_command_line_timeline_of_a_range(dated, home_dir, capsys):
    home = ["--home", str(home_dir)]
    assert cli([*home, "timeline", "drone*", "--from", "2024-03", "--to", "2024-04", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["periods"] == ["2024-03", "2024-04"] and out["archive_outside"] == 3
    assert out["series"][0]["counts"] == [2, 0] and out["series"][0]["outside"] == 1
    assert cli([*home, "timeline", "drone*", "--from", "2024-03", "--to", "2024-04"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[-2:] == [["undated", "2", "2"], ["outside the range", "1", "3"]]
    assert cli([*home, "timeline", "drone*", "--from", "last spring"]) == 2


def test_dragging_across_the_chart_looks_closer_and_whole_range_goes_back(qtbot, dated, home_dir):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from tests.conftest import open_main_window

    window = open_main_window(qtbot, home_dir)
    dialog = window.timeline.show(["drone*"])
    qtbot.waitUntil(lambda: dialog.chart.timeline is not None, timeout=20_000)
    chart, whole = dialog.chart, dialog.findChild(QPushButton, "timelineWholeRange")
    assert not whole.isEnabled()
    plot = chart._plot()
    y = int(plot.center().y())
    start, end = QPoint(int(chart._x(plot, 1)), y), QPoint(int(chart._x(plot, 2)), y)
    searched = window.search.request()
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(chart, end)
    qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=end)
    assert chart.timeline.periods == ["2024-02", "2024-03"]
    assert dialog.findChild(QLineEdit, "timelineFrom").text() == "2024-02"
    assert dialog.findChild(QLineEdit, "timelineTo").text() == "2024-03"
    assert window.search.request() == searched  # a drag searches nothing
    assert "drone*: 5 articles, 2 undated, 1 outside the range" in dialog.legend.text()
    assert "2 months (2024-02 to 2024-03)" in dialog.status.text()
    # The range stays when the resolution changes; a bad date is said, not applied.
    dialog.by.setCurrentIndex(dialog.by.findData("day"))
    qtbot.waitUntil(lambda: chart.timeline.by == "day", timeout=20_000)
    assert chart.timeline.periods[0] == "2024-02-01" and chart.timeline.periods[-1] == "2024-03-31"
    to = dialog.findChild(QLineEdit, "timelineTo")
    to.setText("soon")
    to.editingFinished.emit()
    assert "“soon” is not a year, month or day" in dialog.status.text()
    assert chart.timeline.periods[0] == "2024-01-15"  # the whole range, as counted
    qtbot.mouseClick(whole, Qt.MouseButton.LeftButton)
    assert chart.timeline.periods[0] == "2024-01-15" and not whole.isEnabled()
    assert dialog.findChild(QLineEdit, "timelineFrom").text() == ""
    dialog.close()
