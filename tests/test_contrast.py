"""Both themes meet WCAG AA (4.5:1 for text): every foreground/background pair the
themes, the name kinds, the hits and the tag colours produce, computed; and the reader
paints with those pairs."""

from __future__ import annotations

import pytest

from annotations.model import PALETTE, contrast, text_color_on
from gui import theme
from gui.kinds import KIND_COLORS, kind_color
from gui.layer_bar import HIT_COLOR

AA = 4.5
THEMES = ("light", "dark")


def pairs(name: str) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for everything drawn as text in a theme."""
    dark = name == "dark"
    page, row = theme.PAGE[name], theme.SELECTED_ROW[name]
    out = [
        ("text", theme.TEXT[name], page),
        ("text on a selected row", theme.TEXT[name], row),
        ("secondary text", theme.SECONDARY[name], page),
        ("secondary text on a selected row", theme.SECONDARY[name], row),
        ("link", theme.LINK[name], page),
        ("link on a selected row", theme.LINK[name], row),
        ("hit", theme.HIT_TEXT, HIT_COLOR),
        ("found by Ctrl+F", theme.HIT_TEXT, theme.FOUND_COLOR),
        ("error message", theme.ERROR[name], page),
        # Shades between the page and HEAT are as readable as the two ends.
        ("code matrix, fullest cell", theme.TEXT[name], theme.HEAT[name]),
        ("copies: only in the open article", theme.TEXT[name], theme.DIFF_REMOVED[name]),
        ("copies: only in the copy", theme.TEXT[name], theme.DIFF_ADDED[name]),
        ("original file: what became the article", theme.TEXT[name], theme.ORIGINAL_KEPT[name]),
    ]
    for kind in KIND_COLORS:
        out.append((f"{kind} name", kind_color(kind, dark), page))
        out.append((f"{kind} in a names table, selected", kind_color(kind, dark), row))
    for color in [*PALETTE, "#000000", "#1a237e", "#ffffff", "#777777", "#ffeb3b"]:
        out.append((f"passage on {color}", text_color_on(color), color))
    if dark:
        palette = {role.name: value for role, value in theme.DARK.items()}
        out += [
            ("selection", palette["HighlightedText"], palette["Highlight"]),
            ("placeholder", palette["PlaceholderText"], palette["Base"]),
            ("window text", palette["WindowText"], palette["Window"]),
            ("button text", palette["ButtonText"], palette["Button"]),
            ("tooltip", palette["ToolTipText"], palette["ToolTipBase"]),
        ]
    return out


@pytest.mark.parametrize("name", THEMES)
def test_every_text_colour_pair_meets_wcag_aa(name):
    weak = [
        (what, fg, bg, round(contrast(fg, bg), 2))
        for what, fg, bg in pairs(name)
        if contrast(fg, bg) < AA
    ]
    assert weak == []


def test_the_reader_paints_hits_passages_and_names_with_readable_pairs(qtbot, seeded_home):
    """In the dark theme: a hit is black on yellow (it was light grey, 1.01:1), passage
    text is black or white on its tag colour, and a name on a passage keeps the
    passage's text colour and shows its kind by the underline."""
    from gui.settings import Settings
    from tests.test_annotating_in_window import open_window, select

    theme.apply_theme(Settings(theme="dark"))
    try:
        window = open_window(qtbot, seeded_home)
        text = window.reader.article.text
        start = text.index("Lloyd Austin")
        select(window, "Lloyd Austin")
        window.annotations.tag_selection(["Officials"])
        window.reader.set_hits([(start, start + 5)])
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QTextCharFormat

        selections = window.reader.text.extraSelections()
        formats = [QTextCharFormat(chosen.format) for chosen in selections]
        painted = 0
        for fmt in formats:
            has_bg = fmt.background().style() != Qt.BrushStyle.NoBrush
            has_fg = fmt.foreground().style() != Qt.BrushStyle.NoBrush
            if has_bg:
                assert has_fg, "text on a coloured background must set its own colour"
                fg, bg = fmt.foreground().color().name(), fmt.background().color().name()
                assert contrast(fg, bg) >= AA, (fg, bg)
                painted += 1
        assert painted >= 2  # the passage and the hit
        hits = [f for f in formats if f.fontWeight() > 500]
        assert hits and hits[0].foreground().color().name() == "#000000"
    finally:
        theme.apply_theme(Settings(theme="light"))


def test_a_theme_change_recolours_what_the_views_wrote_in_colour(qtbot, seeded_home):
    """Switching to the dark theme with an article open: the reader's header and the
    facets' kind headings take the dark colours at once (they kept the light ones, 1.9:1
    on the dark page, until the window was reopened), and a disabled button looks
    disabled (every colour group had the enabled colours)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QPushButton

    from gui.facets_panel import ClauseRole
    from tests.test_annotating_in_window import open_window

    window = open_window(qtbot, seeded_home)
    window.search.set_query("Pentagon")
    qtbot.waitUntil(lambda: window.search.facets.topLevelItemCount() > 0, timeout=10_000)
    assert theme.SECONDARY["light"] in window.reader.header.text()
    dialog = window.show_preferences()
    dialog.theme.setCurrentIndex(1)
    try:
        dialog._apply()
        header = window.reader.header.text()
        assert theme.SECONDARY["dark"] in header and theme.SECONDARY["light"] not in header
        facets = window.search.facets
        for i in range(facets.topLevelItemCount()):
            group = facets.topLevelItem(i)
            colour = group.foreground(0).color().name()
            assert colour == kind_color(group.data(0, ClauseRole), dark=True)
            assert contrast(colour, theme.PAGE["dark"]) >= AA
        palette = QApplication.instance().palette()
        enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert contrast(enabled.name(), disabled.name()) >= 2
        button = window.findChild(QPushButton, "tagButton")
        assert not button.isEnabled()
    finally:
        dialog = window.show_preferences()
        dialog.theme.setCurrentIndex(0)
        dialog._apply()


@pytest.mark.parametrize("name", THEMES)
def test_the_passages_list_writes_tags_and_warnings_in_readable_colours(name):
    """A tag chip on a dark colour the user chose was black on navy (1.3:1), and the
    "not found" warning kept the light theme's red on the dark page (2.3:1)."""
    import re

    from annotations.anchor import Anchor
    from annotations.model import Passage, Tag
    from gui.passages_model import passage_html
    from gui.settings import Settings

    theme.apply_theme(Settings(theme=name))
    try:
        tags = [Tag(id=1, name="Dark", color="#1a237e"), Tag(id=2, name="Light", color="#fff59d")]
        anchor = Anchor(0, 4, "text", "", "")
        passage = Passage(1, "u", "a", anchor, tags=tuple(tags), orphan=True)
        page = passage_html(passage)
        for background, text in re.findall(r"background-color:(#\w+); color:(#\w+)", page):
            assert contrast(text, background) >= AA, (text, background)
        [warning] = re.findall(r"<b style='color:(#\w+)'>not found", page)
        assert contrast(warning, theme.PAGE[name]) >= AA
    finally:
        theme.apply_theme(Settings(theme="light"))


@pytest.mark.parametrize("name", THEMES)
def test_check_boxes_and_radio_buttons_can_be_seen(qtbot, name):
    """Fusion outlines a check box a shade darker than the window: in the dark theme an
    unchecked box ("Add the sentences around each quote") was black on black, 1.1:1.
    Its outline must reach 3:1 on the window (WCAG non-text contrast)."""
    from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton

    from gui.app import make_application
    from gui.settings import Settings

    app = make_application()  # the application's style, as the app sets it
    theme.apply_theme(Settings(theme=name))
    style = app.style()
    try:
        for kind, element in (
            (QCheckBox, QStyle.SubElement.SE_CheckBoxIndicator),
            (QRadioButton, QStyle.SubElement.SE_RadioButtonIndicator),
        ):
            box = kind("Add the sentences around each quote")
            qtbot.addWidget(box)
            box.resize(box.sizeHint())
            image = box.grab().toImage()
            option = QStyleOptionButton()
            option.initFrom(box)
            rect = style.subElementRect(element, option, box)
            window = box.palette().window().color().name()
            y = rect.center().y()
            edge = max(
                contrast(image.pixelColor(x, y).name(), window)
                for x in range(rect.left(), rect.left() + 3)
            )
            assert edge >= 3, (kind.__name__, name, edge)
    finally:
        QApplication.instance().setStyle("Fusion")  # as the other tests have it
        theme.apply_theme(Settings(theme="light"))


@pytest.mark.parametrize("name", THEMES)
def test_original_file_marks_what_became_the_article_visibly(name):
    """The marked part of View → Original file was the palette's highlight at a
    quarter: #252830 on the dark page (1.1:1), which a researcher could not see."""
    assert contrast(theme.ORIGINAL_KEPT[name], theme.PAGE[name]) >= 1.4
