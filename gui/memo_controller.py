"""Article memos, for the window: the Memo tab follows the open article, saves what is
typed (gui/memo_panel.py asks), shows a memo another window wrote, and View → All
memos lists them (gui/all_memos.py)."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

log = logging.getLogger(__name__)


class MemoEdit(QUndoCommand):
    """A memo's change on the window's undo stack (Edit → Undo, Ctrl+Z outside a text
    field): a memo emptied by mistake, then saved, comes back. The saves of one spell
    of typing on one article are one step (each merges into the one before it, within
    MERGE_S); emptying a memo is a step of its own."""

    ID = 0x4D454D  # "MEM": QUndoStack merges only commands of one id
    MERGE_S = 10.0

    def __init__(self, controller, article_id: str, before: str, after: str, title: str):
        short = title if len(title) <= 40 else title[:39].rstrip() + "…"
        super().__init__(f"Edit the memo of “{short}”" if title else "Edit memo")
        self.controller, self.article_id = controller, article_id
        self.before, self.after = before, after
        self.at = time.monotonic()
        self._done = True  # saved before it was pushed

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other) -> bool:
        if (
            not isinstance(other, MemoEdit)
            or other.article_id != self.article_id
            or not (self.after and other.after)  # an emptied memo is undone on its own
            or other.at - self.at > self.MERGE_S
        ):
            return False
        self.after, self.at = other.after, other.at
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.controller.restore(self.article_id, self.after)

    def undo(self) -> None:
        self.controller.restore(self.article_id, self.before)


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
        annotations = window.ctx.annotations
        try:
            before = annotations.memo(article_id)
            memo = annotations.set_memo(article_id, text, title, source)
        except Exception as error:  # a full disk, a read-only home: said, kept in the editor
            log.exception("could not save the memo of %s", article_id)
            self.panel.failed(str(error))
            return
        self.panel.saved(memo.updated_at if memo else "")
        self._mark(memo is not None)
        self.refresh_list()
        before_text = before.text if before else ""
        if before_text != text:
            stack = window.annotations.undo.stack
            stack.push(MemoEdit(self, article_id, before_text, text, title))

    def restore(self, article_id: str, text: str) -> None:
        """A memo as it was (undo) or as it became (redo), saved, and shown if its
        article is open."""
        window = self.window
        article = window.ctx.library.article(article_id)
        title, source = (article.title, article.source) if article else ("", "")
        try:
            window.ctx.annotations.set_memo(article_id, text, title, source)
        except Exception as error:
            log.exception("could not restore the memo of %s", article_id)
            window.statusBar().showMessage(f"The memo could not be restored: {error}", 8000)
            return
        if window.reader.article is not None and window.reader.article.id == article_id:
            self.panel.drop_pending()
            self.show_for(article_id)
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
