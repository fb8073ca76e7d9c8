"""View → Copies of this story, for the window: lists the open article's story (its
near-duplicate and exact copies) and compares the open text with the chosen copy in
the background. The dialog is gui/copies_view.py."""

from __future__ import annotations

from PySide6.QtCore import QObject

from gui.tasks import LatestTask


class CopiesController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # made (and its module imported) when first asked for
        self.comparing = LatestTask("Compare copies", window.reader_pool, window._check_idle_soon)
        window.reader.copies_requested.connect(self.show)

    def others(self, article_id: str) -> tuple[list, set[str]]:
        """The other articles of a story, and which of them are exact copies."""
        members = self.window.ctx.library.store.story_members(article_id)
        others = [a for a, _ in members if a.id != article_id]
        return others, {a.id for a, copied in members if copied and a.id != article_id}

    def count_for(self, article_id: str) -> None:
        """The reader's "2 other copies" link, for the article just opened; an open
        Copies window follows the reader."""
        others, identical = self.others(article_id)
        self.window.reader.set_copies(len(others))
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.set_story(self.window.reader.article, others, identical)

    def show(self):
        """The open article's copies (None, with a message, when it has none)."""
        from gui.copies_view import CopiesDialog  # not on start-up's path

        window = self.window
        article = window.reader.article
        others, identical = self.others(article.id) if article is not None else ([], set())
        if not others:
            window.statusBar().showMessage(
                "The open article has no copies: no other article tells its story.", 8_000
            )
            return None
        if self.dialog is None:
            self.dialog = CopiesDialog(window)
            self.dialog.compare_wanted.connect(self.compare)
            self.dialog.open_wanted.connect(window.open_article)
        self.dialog.set_story(article, others, identical)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def compare(self, copy_id: str) -> None:
        from indexer.compare import compare

        dialog, library = self.dialog, self.window.ctx.library
        article = dialog.article
        dialog.show_working()

        def job():
            copy = library.store.article(copy_id)
            if copy is None:
                raise ValueError("That copy is no longer in the index.")
            return copy_id, compare(article.text, copy.text)

        self.comparing.start(job, lambda found: dialog.show_comparison(*found), dialog.show_failed)
