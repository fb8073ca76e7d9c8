"""Article memos, for the window: the Memo tab follows the open article, saves what is
typed (gui/memo_panel.py asks), shows a memo another window wrote, and View → All
memos lists them (gui/all_memos.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

log = logging.getLogger(__name__)


class MemoController(QObject):
    def __init__(self, window, panel) -> None:
        super().__init__(window)
        self.window, self.panel = window, panel
        self.all_dialog = None  # gui.all_memos, made when first asked for
        panel.save_wanted.connect(self.save)

    def show_for(self, article_id: str) -> None:
        """The memo of the article just opened (what was typed before is saved first)."""
        memo = self.window.ctx.annotations.memo(article_id)
        self.panel.show_memo(article_id, memo.text if memo else "", memo.updated_at if memo else "")
        self._mark(memo is not None)

    def current(self):
        """The open article's memo as saved, with what was just typed saved first."""
        self.panel.flush()
        article = self.window.reader.article
        return self.window.ctx.annotations.memo(article.id) if article is not None else None

    def from_outside(self) -> None:
        """Another window (or the command line) may have written this article's memo:
        shown, unless something typed here is waiting to be saved."""
        article = self.window.reader.article
        if article is None or self.panel.pending or self.panel.article_id != article.id:
            return
        memo = self.window.ctx.annotations.memo(article.id)
        if (memo.text if memo else "") != self.panel.editor.toPlainText():
            self.show_for(article.id)

    def save(self, article_id: str, text: str) -> None:
        """Save an article's memo at once (one small committed transaction)."""
        window = self.window
        article = window.reader.article
        if article is None or article.id != article_id:
            article = window.ctx.library.article(article_id)
        title, source = (article.title, article.source) if article else ("", "")
        try:
            memo = window.ctx.annotations.set_memo(article_id, text, title, source)
        except Exception as error:  # a full disk, a read-only home: said, kept in the editor
            log.exception("could not save the memo of %s", article_id)
            self.panel.failed(str(error))
            return
        self.panel.saved(memo.updated_at if memo else "")
        self._mark(memo is not None)
        self.refresh_list()

    def _mark(self, written: bool) -> None:
        tabs = self.window.sidebar.tabs
        tip = "This article has a memo." if written else "No memo on this article yet."
        tabs.setTabToolTip(tabs.indexOf(self.panel), tip)
        self.window.sidebar.set_memo_written(written)

    def show_all(self):
        """Every article memo, newest first (View → All memos). Returns the dialog."""
        from gui.all_memos import AllMemosDialog

        if self.all_dialog is None:
            self.all_dialog = AllMemosDialog(self.window)
            self.all_dialog.memo_chosen.connect(self.open_memo_of)
        self.all_dialog.set_memos(self.window.ctx.annotations.memos())
        self.all_dialog.show()
        self.all_dialog.raise_()
        return self.all_dialog

    def open_memo_of(self, article_id: str) -> None:
        """Open an article with its memo in view (the tag sidebar shown, if folded)."""
        window = self.window
        window.open_article(article_id)
        if window.reader.article is not None and window.reader.article.id == article_id:
            window.set_panes(window.search_pane_action.isChecked(), True, keep="sidebar")
            window.sidebar.tabs.setCurrentWidget(self.panel)
            self.panel.editor.setFocus()
            window.activateWindow()

    def refresh_list(self) -> None:
        if self.all_dialog is not None and self.all_dialog.isVisible():
            self.all_dialog.set_memos(self.window.ctx.annotations.memos())
