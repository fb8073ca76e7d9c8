"""The window's undo stack: every annotation and codebook edit, through annotations.edits.

An edit is performed first (so a refused edit never reaches the stack), then
pushed as a command whose first redo does nothing; later undos and redos
restore the snapshots the edit recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotations.edits import Edit, EditRecord, perform


class EditCommand(QUndoCommand):
    def __init__(self, record: EditRecord, stack: AnnotationUndo) -> None:
        super().__init__(record.description)
        self._record = record
        self._stack = stack
        self._done = True  # performed before it was pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._record.redo(self._stack.store())
        self._stack.changed.emit()

    def undo(self) -> None:
        self._record.undo(self._stack.store())
        self._stack.changed.emit()


class AnnotationUndo(QObject):
    """Performs edits on the store and keeps them undoable; emits `changed` after each."""

    changed = Signal()

    def __init__(self, store_provider, parent=None) -> None:
        super().__init__(parent)
        self.store = store_provider  # a callable: this thread's AnnotationStore
        self.stack = QUndoStack(self)

    def apply(self, edit: Edit):
        """Perform an edit (AnnotationError and CodebookError pass through); returns its
        result."""
        record = perform(self.store(), edit)
        self.push(record)
        return record.result

    def push(self, record: EditRecord) -> None:
        """Record an edit that was already performed (by a worker, say)."""
        self.stack.push(EditCommand(record, self))
        self.changed.emit()
