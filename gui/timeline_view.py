"""View → Timeline: how many articles each query matches per year, month or day
(indexer/timeline.py), as bars for one query and lines for several, counted or as a
share of the period's articles. Click a period to search it. The window's
gui/timeline_controller.py counts in the background and hands the result here."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui import theme
from gui.wording import count
from indexer.timeline import Timeline

MAX_QUERIES = 6
# A colour per query; each is 3:1 against its theme's page (WCAG's non-text contrast).
SERIES_COLORS = {
    "light": ("#1a73e8", "#c5221f", "#188038", "#b06000", "#8430ce", "#007b83"),
    "dark": ("#8ab4f8", "#f28b82", "#81c995", "#fdd663", "#c58af9", "#78d9ec"),
}


def series_color(index: int, dark: bool | None = None) -> QColor:
    """A query's colour in the current theme (or the one asked for)."""
    colors = SERIES_COLORS["dark" if (theme.is_dark() if dark is None else dark) else "light"]
    return QColor(colors[index % len(colors)])


class TimelineChart(QWidget):
    """Bars (one query) or lines (several) over every period; emits
    `period_chosen(series, period)` on a click, the series nearest the pointer."""

    period_chosen = Signal(int, str)
    pointed = Signal(str)  # the figures of the period the keys point at ("" for none)
    range_dragged = Signal(str, str)  # the first and last period dragged across

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self.setMouseTracking(True)
        self.setMinimumHeight(220)
        # Keys, for whoever does not point: Left and Right (Home, End) go through the
        # periods, Up and Down through the queries, Enter searches the one pointed at.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline chart")
        self.timeline: Timeline | None = None
        self.relative = False
        self.current: int | None = None  # the period the keys point at
        self.current_series = 0
        self._pressed: tuple[int, float] | None = None  # period and x a drag began at
        self._dragged_to: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(760, 320)

    def set_timeline(self, timeline: Timeline | None, relative: bool) -> None:
        same = (
            timeline is not None
            and self.timeline is not None
            and timeline.periods == self.timeline.periods
        )
        self.timeline, self.relative = timeline, relative
        if not same:
            self.current, self.current_series = None, 0
        elif self.current_series >= len(timeline.series):
            self.current_series = 0
        self._point()
        self.update()

    def _point(self) -> None:
        if self.timeline is None or self.current is None:
            self.pointed.emit("")
            return
        name = self.timeline.series[self.current_series].query
        self.pointed.emit(self.describe(self.current) + f"\nEnter searches “{name}” then.")

    def keyPressEvent(self, event) -> None:
        t = self.timeline
        if t is None or not t.periods:
            super().keyPressEvent(event)
            return
        key, last = event.key(), len(t.periods) - 1
        at = self.current
        if key == Qt.Key.Key_Left:
            self.current = last if at is None else max(0, at - 1)
        elif key == Qt.Key.Key_Right:
            self.current = 0 if at is None else min(last, at + 1)
        elif key == Qt.Key.Key_Home:
            self.current = 0
        elif key == Qt.Key.Key_End:
            self.current = last
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current_series = (self.current_series + step) % len(t.series)
            if self.current is None:
                self.current = 0
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and at is not None:
            self.period_chosen.emit(self.current_series, t.periods[at])
            return
        else:
            super().keyPressEvent(event)
            return
        self._point()
        self.update()

    def value(self, series: int, period: str) -> float | None:
        """The count, or the percentage (None: the archive has no article then)."""
        t = self.timeline
        if self.relative:
            share = t.share(series, period)
            return 100 * share if share is not None else None
        return float(t.count(series, period))

    def _axis(self) -> tuple[float, int]:
        t = self.timeline
        values = [self.value(i, p) for i in range(len(t.series)) for p in t.periods]
        return axis(max((v for v in values if v is not None), default=0.0), not self.relative)

    def _top(self) -> float:
        step, steps = self._axis()
        return step * steps

    def _plot(self, area: QRectF | None = None) -> QRectF:
        """Where the bars or lines go inside `area` (the widget): room left for the
        y axis's numbers and below for the periods."""
        area = QRectF(self.rect()) if area is None else area
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("100.0%" if self.relative else "10,000") + 12
        return QRectF(
            area.left() + left,
            area.top() + 10,
            max(10, area.width() - left - 14),
            area.height() - 10 - 2.4 * metrics.height(),
        )

    def _x(self, plot: QRectF, index: int) -> float:
        """The centre of period `index`."""
        return plot.left() + (index + 0.5) * plot.width() / max(1, len(self.timeline.periods))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        self.paint(painter, QRectF(self.rect()), theme.is_dark(), marked=True)

    def paint(self, painter: QPainter, area: QRectF, dark: bool, marked: bool = False) -> None:
        """The chart inside `area`, in the dark or the light theme's colours; `marked`:
        with the period the keys point at (on screen, not in a saved figure)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        name = "dark" if dark else "light"
        painter.fillRect(area, QColor(theme.PAGE[name]))
        t = self.timeline
        text = QColor(theme.TEXT[name])
        if t is None or not t.periods:
            painter.setPen(text)
            said = "No dated articles to place in time." if t is not None else ""
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, said)
            return
        plot, (step_value, steps) = self._plot(area), self._axis()
        top = step_value * steps
        metrics = QFontMetrics(self.font())
        grid = QColor(theme.OUTLINE[name])
        grid.setAlpha(90)
        # The y axis: four steps from 0 to a round top.
        for step in range(steps + 1):
            value = step_value * step
            y = plot.bottom() - plot.height() * step / steps
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(theme.SECONDARY[name]))
            label = f"{value:g}%" if self.relative else f"{value:,.0f}"
            painter.drawText(
                QRectF(
                    area.left(),
                    y - metrics.height() / 2,
                    plot.left() - area.left() - 6,
                    metrics.height(),
                ),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        # The x axis: as many period labels as fit, evenly spaced.
        periods = t.periods
        widest = max(metrics.horizontalAdvance(p) for p in periods) + 12
        every = max(1, int(len(periods) * widest / max(1.0, plot.width())) + 1)
        painter.setPen(QColor(theme.SECONDARY[name]))
        for i in range(0, len(periods), every):
            x = self._x(plot, i)
            painter.drawText(
                QRectF(x - widest / 2, plot.bottom() + 4, widest, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter,
                periods[i],
            )
        width = plot.width() / len(periods)
        if marked and self._dragged_to is not None and self._pressed is not None:
            low, high = sorted((self._pressed[0], self._dragged_to))
            band = QColor(theme.SELECTED_ROW[name])
            band.setAlpha(200)
            painter.fillRect(
                QRectF(
                    plot.left() + low * width, plot.top(), (high - low + 1) * width, plot.height()
                ),
                band,
            )
        if marked and self.current is not None and self.current < len(periods):
            band = QColor(theme.SELECTED_ROW[name])
            band.setAlpha(160 if self.hasFocus() else 90)
            painter.fillRect(
                QRectF(plot.left() + self.current * width, plot.top(), width, plot.height()), band
            )
        if len(t.series) == 1:
            color = series_color(0, dark)
            bar_width = max(1.0, min(width * 0.8, 48.0))
            for i, period in enumerate(periods):
                height = plot.height() * (self.value(0, period) or 0.0) / top
                if height > 0:
                    bar = QRectF(
                        self._x(plot, i) - bar_width / 2, plot.bottom() - height, bar_width, height
                    )
                    painter.fillRect(bar, color)
        else:
            for s in range(len(t.series)):
                path, drawing = QPainterPath(), False
                for i, period in enumerate(periods):
                    value = self.value(s, period)
                    if value is None:  # no article then: a gap, not a zero
                        drawing = False
                        continue
                    point = QPointF(self._x(plot, i), plot.bottom() - plot.height() * value / top)
                    if drawing:
                        path.lineTo(point)
                    else:
                        path.addEllipse(point, 1.5, 1.5)  # a lone period still shows
                        path.moveTo(point)
                        drawing = True
                painter.setPen(QPen(series_color(s, dark), 2))
                painter.drawPath(path)
        painter.setPen(QPen(QColor(theme.SECONDARY[name]), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _period_at(self, x: float) -> int | None:
        if self.timeline is None or not self.timeline.periods:
            return None
        plot = self._plot()
        if not plot.left() <= x <= plot.right():
            return None
        return self._clamped(x)

    def describe(self, index: int) -> str:
        t = self.timeline
        period = t.periods[index]
        lines = [f"{period}: {count(t.archive.get(period, 0), 'article')} in the archive"]
        for s, series in enumerate(t.series):
            n = t.count(s, period)
            share = t.share(s, period)
            pct = f" ({100 * share:.1f}%)" if share is not None else ""
            lines.append(f"{series.query}: {n:,}{pct}")
        return "\n".join(lines)

    def mouseMoveEvent(self, event) -> None:
        x = event.position().x()
        index = self._period_at(x)
        if self._pressed is not None and abs(x - self._pressed[1]) >= DRAG_PIXELS:
            self._dragged_to = self._clamped(x)
            self.update()
        if index is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.describe(index), self)

    def mousePressEvent(self, event) -> None:
        index = self._period_at(event.position().x())
        if index is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._pressed, self._dragged_to = (index, event.position().x()), None

    def mouseReleaseEvent(self, event) -> None:
        """A click searches the period; a drag across periods looks closer at them."""
        pressed, dragged_to = self._pressed, self._dragged_to
        self._pressed = self._dragged_to = None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        periods = self.timeline.periods
        if dragged_to is not None and dragged_to != pressed[0]:
            low, high = sorted((pressed[0], dragged_to))
            self.update()
            self.range_dragged.emit(periods[low], periods[high])
            return
        self.update()
        self.period_chosen.emit(
            self._nearest(pressed[0], event.position().y()), periods[pressed[0]]
        )

    def _clamped(self, x: float) -> int:
        """The period under x, or the first or last one when x is beyond the bars."""
        plot = self._plot()
        index = int((x - plot.left()) / plot.width() * len(self.timeline.periods))
        return max(0, min(index, len(self.timeline.periods) - 1))

    def _nearest(self, index: int, y: float) -> int:
        """The query whose point at this period is nearest the pointer."""
        plot, top = self._plot(), self._top()
        period = self.timeline.periods[index]
        heights = [
            plot.bottom() - plot.height() * (self.value(s, period) or 0.0) / top
            for s in range(len(self.timeline.series))
        ]
        return min(range(len(heights)), key=lambda s: abs(heights[s] - y))


DRAG_PIXELS = 6  # a press that moves less than this is a click
FIGURE_SIZE = QSize(1200, 620)  # a saved chart, in points (PDF) or pixels at 1× (PNG)


def figure(chart: TimelineChart, fmt: str) -> bytes:
    """The chart as a figure for a paper: on white, with what it counts and a legend
    of the queries; PNG at twice the pixels, or PDF (vector)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    width, height = FIGURE_SIZE.width(), FIGURE_SIZE.height()
    if fmt == "pdf":
        writer = QPdfWriter(buffer)
        writer.setResolution(72)  # a point a pixel: the chart's own measures
        size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "chart")
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF()))
        painter = QPainter(writer)
        _figure(chart, painter, width, height)
        painter.end()
    else:
        image = QImage(width * 2, height * 2, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2)
        image.fill(QColor(theme.PAGE["light"]))
        painter = QPainter(image)
        _figure(chart, painter, width, height)
        painter.end()
        image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _figure(chart: TimelineChart, painter: QPainter, width: int, height: int) -> None:
    t = chart.timeline
    painter.setFont(chart.font())
    painter.fillRect(QRectF(0, 0, width, height), QColor(theme.PAGE["light"]))
    metrics = QFontMetrics(chart.font())
    line = metrics.height() + 4
    counted = f"Share of each {t.by}'s articles (%)" if chart.relative else f"Articles per {t.by}"
    painter.setPen(QColor(theme.TEXT["light"]))
    painter.drawText(QRectF(16, 8, width - 32, line), Qt.AlignmentFlag.AlignLeft, counted)
    x, y = 16.0, 8.0 + line
    for i, series in enumerate(t.series):
        label = f"{series.query} ({series.total:,})"
        room = 18 + metrics.horizontalAdvance(label) + 24
        if x + room > width - 16:
            x, y = 16.0, y + line
        painter.fillRect(QRectF(x, y + line / 2 - 5, 12, 10), series_color(i, dark=False))
        painter.setPen(QColor(theme.TEXT["light"]))
        painter.drawText(QRectF(x + 18, y, room, line), Qt.AlignmentFlag.AlignLeft, label)
        x += room
    top = y + line + 6
    chart.paint(painter, QRectF(0, top, width, height - top), dark=False)


def axis(largest: float, whole: bool) -> tuple[float, int]:
    """The y axis's step (1, 2 or 5 × 10^n; a whole number for counts) and how many
    steps reach `largest`: about four gridlines, each a round value."""
    if largest <= 0:
        return 1.0, 1
    rough = largest / 4
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(f * power for f in (1, 2, 5, 10) if f * power >= rough)
    if whole:
        step = max(1.0, round(step))
    return step, max(1, math.ceil(largest / step - 1e-9))


class TimelineDialog(QDialog):
    """Emits `wanted(queries, by)` when the queries or the resolution change,
    `period_chosen(query, period)` and `export_wanted()`."""

    wanted = Signal(list, str)
    period_chosen = Signal(str, str)
    export_wanted = Signal()
    figure_wanted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setWindowTitle("Timeline")
        self.resize(900, 560)
        self.edits: list[QLineEdit] = []
        self._asked: tuple = ()  # the queries and resolution last counted
        self.queries = QVBoxLayout()
        self.queries.setSpacing(4)
        self.add = QPushButton("Add a query", objectName="timelineAddQuery")
        self.by = QComboBox(objectName="timelineBy")
        for key in ("year", "month", "day"):
            self.by.addItem(key.capitalize(), key)
        self.by.setCurrentIndex(1)
        self.relative = QCheckBox("Share of the period's articles", objectName="timelineRelative")
        self.relative.setToolTip(
            "Each count as a percentage of all the articles of its period, so that an archive"
            " that grows does not look like growing attention."
        )
        self.first = QLineEdit(objectName="timelineFrom")
        self.last = QLineEdit(objectName="timelineTo")
        for edit, end in ((self.first, "first"), (self.last, "last")):
            edit.setPlaceholderText(f"the {end}")
            edit.setToolTip("A year, month or day: 1987, 1987-03 or 1987-03-09")
            edit.setClearButtonEnabled(True)
            edit.setMaximumWidth(140)
            edit.editingFinished.connect(self._range_changed)
        self.whole = QPushButton("Whole range", objectName="timelineWholeRange")
        self.whole.clicked.connect(self.show_whole_range)
        self.export = QPushButton("Export CSV…", objectName="timelineExport")
        self.save_figure = QPushButton("Save chart…", objectName="timelineSaveChart")
        self.save_figure.setToolTip("The chart on white with its legend, as PNG or PDF")
        for button in (self.add, self.export, self.save_figure, self.whole):
            button.setAutoDefault(False)  # Enter in a query counts it; it adds no query
        self.chart = TimelineChart()
        self.legend = QLabel(objectName="timelineLegend")
        self.legend.setWordWrap(True)
        self.point = QLabel(objectName="timelinePoint")  # what the chart's keys point at
        self.point.setWordWrap(True)
        self.chart.pointed.connect(lambda text: self.point.setText(" · ".join(text.splitlines())))
        self.status = QLabel(objectName="timelineStatus")
        self.status.setWordWrap(True)
        choices = QHBoxLayout()
        choices.addWidget(QLabel("By:"))
        choices.addWidget(self.by)
        choices.addWidget(self.relative)
        choices.addStretch(1)
        choices.addWidget(self.add)
        choices.addWidget(self.save_figure)
        choices.addWidget(self.export)
        stretch = QHBoxLayout()
        stretch.addWidget(QLabel("From:", buddy=self.first))
        stretch.addWidget(self.first)
        stretch.addWidget(QLabel("to:", buddy=self.last))
        stretch.addWidget(self.last)
        stretch.addWidget(self.whole)
        hint = QLabel("or drag across the chart to look closer", objectName="timelineRangeHint")
        stretch.addWidget(hint)
        stretch.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.queries)
        layout.addLayout(choices)
        layout.addLayout(stretch)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.point)
        layout.addWidget(self.status)
        self.add.clicked.connect(self._add_empty)
        self.by.currentIndexChanged.connect(lambda _i: self._ask())
        self.relative.toggled.connect(lambda _on: self._redraw())
        self.export.clicked.connect(self.export_wanted)
        self.save_figure.clicked.connect(self.figure_wanted)
        self.chart.period_chosen.connect(self._chosen)
        self.chart.range_dragged.connect(self.set_range)
        self.full: Timeline | None = None  # as counted; the chart shows a range of it
        self.whole.setEnabled(False)

    def add_query(self, text: str) -> QLineEdit:
        edit = QLineEdit(text, objectName="timelineQuery")
        edit.setPlaceholderText("A query, as in the search box (empty: left out)")
        edit.setClearButtonEnabled(True)
        edit.editingFinished.connect(self._ask_if_changed)
        self.edits.append(edit)
        self.queries.addWidget(edit)
        self.add.setEnabled(len(self.edits) < MAX_QUERIES)
        return edit

    def _add_empty(self) -> None:
        edit = self.add_query("")
        # After the click's own focus change, and once the new edit is shown.
        QTimer.singleShot(0, edit.setFocus)

    def set_queries(self, queries: list[str]) -> None:
        for edit in self.edits:
            edit.deleteLater()
        self.edits = []
        for query in queries or [""]:
            self.add_query(query)
        self._asked: tuple = ()

    def current(self) -> tuple[list[str], str]:
        return [e.text().strip() for e in self.edits if e.text().strip()], self.by.currentData()

    def show_working(self) -> None:
        self.status.setText("Counting…")

    def show_timeline(self, timeline: Timeline) -> None:
        """A new count: shown within the range the From and To fields give."""
        self.full = timeline
        self._range_changed()

    def set_range(self, first: str, last: str) -> None:
        self.first.setText(first)
        self.last.setText(last)
        self._range_changed()

    def show_whole_range(self) -> None:
        self.set_range("", "")

    def _range_changed(self) -> None:
        if self.full is None:
            return
        first, last = self.first.text().strip(), self.last.text().strip()
        try:
            shown = self.full.between(first, last) if first or last else self.full
        except ValueError as error:
            # The whole range, as counted (a new query's, not the last one shown), and
            # why the fields were not applied.
            self._show(self.full)
            self.whole.setEnabled(True)
            self.status.setText(f"{error}. The whole range is shown.")
            return
        self.whole.setEnabled(bool(first or last))
        self._show(shown)

    def _show(self, timeline: Timeline) -> None:
        self.chart.set_timeline(timeline, self.relative.isChecked())
        self.export.setEnabled(bool(timeline.periods))
        self.save_figure.setEnabled(bool(timeline.periods))
        swatches = []
        for i, series in enumerate(timeline.series):
            color = series_color(i).name()
            undated = f", {series.undated:,} undated" if series.undated else ""
            if series.outside:
                undated += f", {series.outside:,} outside the range"
            swatches.append(
                f'<span style="color:{color}">■</span> {_escape(series.query)}:'
                f" {count(series.total, 'article')}{undated}"
            )
        self.legend.setText("&nbsp;&nbsp; ".join(swatches))
        span = f"{timeline.periods[0]} to {timeline.periods[-1]}" if timeline.periods else "none"
        undated = (
            f"; {count(timeline.archive_undated, 'article')} without a date are not placed"
            if timeline.archive_undated
            else ""
        )
        if timeline.archive_outside:
            undated += f"; {timeline.archive_outside:,} outside the range"
        self.status.setText(
            f"{count(len(timeline.periods), timeline.by)} ({span}){undated}."
            " Copies of a story count once. Click a period (or go to it with the arrow"
            " keys and press Enter) to search it."
        )

    def show_failed(self, message: str) -> None:
        self.full = None
        self.chart.set_timeline(None, False)
        self.legend.setText("")
        self.status.setText(message)

    def _ask_if_changed(self) -> None:
        if self.current() != self._asked:
            self._ask()

    def _ask(self) -> None:
        self._asked = self.current()
        queries, by = self._asked
        if not queries:
            self.show_failed("Give a query: the timeline counts the articles it matches.")
            return
        self.show_working()
        self.wanted.emit(queries, by)

    def _redraw(self) -> None:
        self.chart.set_timeline(self.chart.timeline, self.relative.isChecked())

    def _chosen(self, series: int, period: str) -> None:
        self.period_chosen.emit(self.chart.timeline.series[series].query, period)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
