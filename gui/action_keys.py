"""The window's shortcuts work while the researcher types in a text field.

On Linux desktops Qt gives text fields the Emacs-style keys of the X11 keyboard
scheme: Ctrl+E moves to the end of the line and Ctrl+U deletes the line. A
field claims such a key before any shortcut can have it (a ShortcutOverride
event), so with the search box, the tag field or a note in focus, Ctrl+E (Export
passages) and Ctrl+U (Original file) did nothing; the offscreen platform the
tests use has the Windows scheme, where no field claims them.

This filter lets a key the window has an action for go to the action. The
editing keys a field needs (undo, copy, paste, select all, …) stay the field's,
and a key no active action takes still reaches the field as a key press.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
_EDITING = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.Backspace,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.InsertParagraphSeparator,
    QKeySequence.StandardKey.InsertLineSeparator,
)


class ActionKeysFirst(QObject):
    """An application event filter for `window`'s actions (its child QActions)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._editing = {
            key.toCombined()
            for standard in _EDITING
            for sequence in QKeySequence.keyBindings(standard)
            if sequence.count() == 1
            for key in (sequence[0],)
        }

    def _taken(self, combined: int) -> bool:
        for action in self._window.findChildren(QAction):
            if action.isEnabled() and any(
                s.count() == 1 and s[0].toCombined() == combined for s in action.shortcuts()
            ):
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, _FIELDS):
            return False
        if watched.window() is not self._window:
            return False  # a dialog's fields keep their keys
        if not event.modifiers() & _COMMAND:
            return False  # typing, capitals and the reader's plain keys ("/", "1"…)
        combined = event.keyCombination().toCombined()
        if combined in self._editing or not self._taken(combined):
            return False
        event.ignore()  # not the field's: the shortcut runs
        return True
