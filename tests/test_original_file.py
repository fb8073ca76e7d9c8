"""View → Original file: the file as it is, what became the article, and what was taken out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QDesktopServices

from gui.main_window import MainWindow
from gui.original_file import SOURCE_START_ROLE
from tests.conftest import open_main_window


def _open(qtbot, home, fragment: str) -> MainWindow:
    window = open_main_window(qtbot, home)
    article = next(a for a in window.ctx.library.articles() if fragment in a.title)
    window.open_article(article.id)
    return window


def test_ctrl_u_shows_the_file_with_the_article_marked_and_removed_lines_listed(qtbot, seeded_home):
    window = _open(qtbot, seeded_home, "EXCHANGE STRIKES")
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.original_dialog is not None, timeout=10_000)
    dialog = window.original_dialog
    source = Path(window.reader.article.source).read_text(encoding="utf-8")
    assert dialog.text.toPlainText() == source
    # The article's text is marked where it stands in the file; the byline is greyed.
    first_words = window.reader.article.text[:40]
    assert dialog.format_at(source.index(first_words) + 5) == "text"
    assert dialog.format_at(source.index("By George Riebling") + 3) == "removed"
    rows = [dialog.removed_model.index(r, 0).data() for r in range(dialog.removed_model.rowCount())]
    assert any(r.startswith("byline") and "George Riebling" in r for r in rows)
    assert any("JOIN OUR NEWSLETTER" in r for r in rows)
    # Clicking a listed line shows it in the file.
    newsletter = next(r for r, text in enumerate(rows) if "JOIN OUR NEWSLETTER" in text)
    index = dialog.removed_model.index(newsletter, 0)
    dialog._show_removed(index)
    assert dialog.text.textCursor().position() == index.data(SOURCE_START_ROLE)
    assert source[index.data(SOURCE_START_ROLE) :].startswith("JOIN OUR NEWSLETTER")


class _Opened(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot("QUrl")
    def record(self, url):
        self.urls.append(url.toLocalFile())


def test_open_file_and_show_in_folder_hand_the_paths_to_the_desktop(qtbot, seeded_home):
    window = _open(qtbot, seeded_home, "EXCHANGE STRIKES")
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "record")
    try:
        window.open_original_file()
        window.show_original_in_folder()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    source = Path(window.reader.article.source)
    assert opened.urls == [str(source), str(source.parent)]


def test_the_articles_first_line_is_at_the_top_of_the_view(qtbot, seeded_home):
    """In a real window the view showed the article before: it was scrolled before the
    dialog had its final height."""
    from PySide6.QtCore import QPoint

    window = _open(qtbot, seeded_home, "Training to Fight in Ukraine")  # deep in its file
    window.show_original()
    qtbot.waitUntil(lambda: window.original_dialog is not None, timeout=10_000)
    dialog = window.original_dialog
    qtbot.waitExposed(dialog)
    start = dialog.map.source_start
    assert start > 10_000

    def first_visible() -> int:
        return dialog.text.cursorForPosition(QPoint(4, 4)).position()

    qtbot.waitUntil(lambda: 0 <= start - first_visible() < 200, timeout=5_000)


def test_a_word_documents_original_is_its_text_and_says_so(qtbot, home_dir, tmp_path):
    """The source of an article read from a Word file is the document's text (offsets
    count its characters): Ctrl+U shows that text and says what the file is."""
    from PySide6.QtWidgets import QLabel

    from tests.test_ingest_nexis import UNI
    from tests.test_ingest_office import _docx, _p

    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "Files (2).DOCX").write_bytes(_docx("".join(_p(line) for line in UNI.split("\n"))))
    window = open_main_window(qtbot, home_dir, folder)
    qtbot.waitUntil(lambda: len(window.ctx.library.articles()) == 2, timeout=60_000)
    article = next(a for a in window.ctx.library.articles() if "Ukraine" in a.title)
    window.open_article(article.id)
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.original_dialog is not None, timeout=10_000)
    dialog = window.original_dialog
    assert dialog.text.toPlainText() == UNI
    assert dialog.format_at(UNI.index("Russian forces tightened") + 3) == "text"
    assert dialog.format_at(UNI.index("Load-Date: March 3") + 3) == "removed"
    header = dialog.findChildren(QLabel)[0].text()
    assert "(a Word document: its text, a paragraph a line)" in header


def test_what_a_document_file_is_shown_as(tmp_path):
    """Each kind of document says how its text is shown; a text file says nothing."""
    from indexer.ingest import document_kind
    from tests.pdf_files import pdf_with_pages
    from tests.test_ingest_office import _docx, _odt, _p
    from tests.test_ingest_rtf import _rtf

    files = {
        "a.docx": (_docx(_p("Words")), "a Word document: its text, a paragraph a line"),
        "a.odt": (
            _odt("<text:p>Words</text:p>"),
            "an OpenDocument text: its text, a paragraph a line",
        ),
        "a.rtf": (_rtf(r"\pard Words\par"), "an RTF document: its text, a paragraph a line"),
        "a.pdf": (pdf_with_pages([["Words"]]), "a PDF document: its text, page after page"),
        "a.txt": (b"Words", ""),
    }
    for name, (data, kind) in files.items():
        (tmp_path / name).write_bytes(data)
        assert document_kind(tmp_path / name) == kind, name
