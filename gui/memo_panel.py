"""The Memo tab: the researcher's note on the open article as a whole (a QDA tool's
document memo), in Markdown. It is saved as it is typed, half a second after the
last key, and at once when another article opens or the window closes; the line
under it says when it was saved."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SAVE_AFTER_MS = 500


class MemoPanel(QWidget):
    """Emits `save_wanted(article_id, text)`; the window saves and calls `saved()`."""

    save_wanted = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit(objectName="articleMemo")
        self.editor.setPlaceholderText(
            "A memo on this article as a whole (Markdown): your reading of it, what to "
            "compare it with. Saved as you type; note: searches find it."
        )
        self.status = QLabel(objectName="memoStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        self._article_id: str | None = None
        self._pending = False
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._typed)
        self.show_memo(None, "")

    @property
    def article_id(self) -> str | None:
        return self._article_id

    @property
    def pending(self) -> bool:
        """Typed but not saved yet (the half second has not passed)."""
        return self._pending

    def show_memo(self, article_id: str | None, text: str, updated_at: str = "") -> None:
        """Show an article's memo (saving what was typed for the previous one first)."""
        self.flush()
        self._article_id = article_id
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.editor.setEnabled(article_id is not None)
        if article_id is None:
            self.status.setText("Open an article to write its memo.")
        elif updated_at:
            self.status.setText(f"Saved {_when(updated_at)}.")
        else:
            self.status.setText("No memo yet.")

    def flush(self) -> None:
        """Ask for what was typed to be saved now."""
        self._timer.stop()
        if self._pending and self._article_id is not None:
            self._pending = False
            self.save_wanted.emit(self._article_id, self.editor.toPlainText())

    def drop_pending(self) -> None:
        """Forget what was typed and not saved yet (an undo replaces the memo: saving
        the last keys then would push an edit while the stack undoes one)."""
        self._timer.stop()
        self._pending = False

    def saved(self, when: str) -> None:
        self.status.setText(f"Saved {_when(when)}." if when else "Memo deleted (it was empty).")

    def failed(self, message: str) -> None:
        self._pending = True  # kept in the editor, tried again at the next key or flush
        self.status.setText(f"Not saved: {message}")

    def _typed(self) -> None:
        self._pending = True
        self.status.setText("Saving…")
        self._timer.start()


def local_moment(timestamp: str) -> datetime | None:
    """A stored UTC time ("2026-12-03T16:20:00Z") in this computer's time zone."""
    try:
        return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None


def _when(timestamp: str) -> str:
    """'at 16:31' today, else 'on 2026-12-02 at 16:31', in local time."""
    moment = local_moment(timestamp)
    if moment is None:
        return timestamp
    if moment.date() == datetime.now().astimezone().date():
        return f"at {moment:%H:%M}"
    return f"on {moment:%Y-%m-%d} at {moment:%H:%M}"
