"""The codebook: tags as a tree with colours, descriptions and counts, and their edits.

Every change goes through the window's undo stack; the dialog only asks the
user (with what will happen to the passages said first) and emits requests.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from annotations.model import Tag, text_color_on

TagRole = Qt.ItemDataRole.UserRole + 1


class CodebookDialog(QDialog):
    """Emits one signal per change; `ask_*` hooks let tests answer the questions."""

    create = Signal(str, object)  # name, parent id or None
    rename = Signal(int, str)
    recolor = Signal(int, str)
    describe = Signal(int, str)
    move = Signal(int, object)  # tag id, parent id or None
    merge = Signal(int, int)  # source, target
    delete = Signal(int)
    set_key = Signal(int, object)  # tag id, key 1-9 or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("codebook")
        self.setWindowTitle("Codebook")
        self.resize(620, 560)
        self.tree = QTreeWidget(objectName="codebookTree")
        self.tree.setHeaderLabels(["Tag", "Passages", "Key", "Description"])
        self.tree.setColumnWidth(0, 240)
        self.tree.setColumnWidth(1, 80)
        self.help = QLabel(
            "Tags form a tree: a passage tagged with a child counts for its parent when you "
            "filter or export by the parent. Every change can be undone (Ctrl+Z)."
        )
        self.help.setWordWrap(True)
        buttons = QHBoxLayout()
        self._tags: dict[int, Tag] = {}
        self._effects = None
        for label, slot, name in (
            ("New…", self._new, "codebookNew"),
            ("New child…", self._new_child, "codebookNewChild"),
            ("Rename…", self._rename, "codebookRename"),
            ("Colour…", self._recolor, "codebookColour"),
            ("Key…", self._key, "codebookKey"),
            ("Describe…", self._describe, "codebookDescribe"),
            ("Move to…", self._move, "codebookMove"),
            ("Merge into…", self._merge, "codebookMerge"),
            ("Delete…", self._delete, "codebookDelete"),
        ):
            button = QPushButton(label, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        # Questions go through these, so tests can answer them without modal dialogs.
        self.ask_text = lambda title, label, text="": QInputDialog.getText(
            self, title, label, text=text
        )
        self.ask_item = lambda title, label, items: QInputDialog.getItem(
            self, title, label, items, 0, False
        )
        self.ask_color = lambda color: QColorDialog.getColor(QColor(color), self)
        self.confirm = lambda title, text: (
            QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes
        )

    def set_tags(self, tags: list[Tag], counts: dict[int, int], effects) -> None:
        """Show the tree; `effects(tag_id)` describes what deleting a tag would do."""
        self._effects = effects
        selected = self.current()
        self._tags = {t.id: t for t in tags}
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        pending = list(tags)
        while pending:  # parents before children
            progressed = False
            for tag in list(pending):
                if tag.parent_id is None or tag.parent_id in items:
                    parent = items.get(tag.parent_id)
                    item = QTreeWidgetItem(parent or self.tree)
                    item.setText(0, tag.name)
                    item.setText(1, str(counts.get(tag.id, 0)))
                    item.setText(2, str(tag.key) if tag.key else "")
                    item.setText(3, tag.description)
                    item.setBackground(0, QBrush(QColor(tag.color)))
                    # Black or white on the tag colour, whichever is readable.
                    item.setForeground(0, QBrush(QColor(text_color_on(tag.color))))
                    item.setData(0, TagRole, tag.id)
                    items[tag.id] = item
                    pending.remove(tag)
                    progressed = True
            if not progressed:  # a cycle cannot be stored, but never loop on bad data
                break
        self.tree.expandAll()
        if selected is not None and selected.id in items:
            self.tree.setCurrentItem(items[selected.id])

    def current(self) -> Tag | None:
        item = self.tree.currentItem()
        return self._tags.get(item.data(0, TagRole)) if item else None

    def select(self, name: str) -> None:
        for item in self.tree.findItems(
            name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
        ):
            self.tree.setCurrentItem(item)

    def _others(self, tag: Tag) -> dict[str, int]:
        return {t.name: t.id for t in self._tags.values() if t.id != tag.id}

    def _new(self) -> None:
        """A top-level tag (it was made a child of the selected row, without a word)."""
        name, ok = self.ask_text("New tag", "Name of the new top-level tag:")
        if ok and name.strip():
            self.create.emit(name.strip(), None)

    def _new_child(self) -> None:
        parent = self.current()
        if parent is None:
            self._new()
            return
        name, ok = self.ask_text("New child tag", f"Name of the new tag under “{parent.name}”:")
        if ok and name.strip():
            self.create.emit(name.strip(), parent.id)

    def _key(self) -> None:
        """The key (1-9) that tags the selection with this tag; a tag that had it
        gives it up."""
        tag = self.current()
        if tag:
            choices = ["No key", *[str(n) for n in range(1, 10)]]
            choice, ok = self.ask_item("Key for the tag", f"Key for “{tag.name}”:", choices)
            if ok:
                self.set_key.emit(tag.id, None if choice == "No key" else int(choice))

    def _rename(self) -> None:
        tag = self.current()
        if tag:
            name, ok = self.ask_text("Rename tag", "New name:", tag.name)
            if ok and name.strip() and name.strip() != tag.name:
                self.rename.emit(tag.id, name.strip())

    def _recolor(self) -> None:
        tag = self.current()
        if tag:
            color = self.ask_color(tag.color)
            if color.isValid():
                self.recolor.emit(tag.id, color.name())

    def _describe(self) -> None:
        tag = self.current()
        if tag:
            text, ok = self.ask_text("Describe tag", "What this code means:", tag.description)
            if ok:
                self.describe.emit(tag.id, text)

    def _move(self) -> None:
        tag = self.current()
        if tag:
            others = self._others(tag)
            choice, ok = self.ask_item(
                "Move tag",
                f"Put “{tag.name}” under:",
                ["(top level)", *sorted(others, key=str.casefold)],
            )
            if ok:
                self.move.emit(tag.id, others.get(choice))

    def _merge(self) -> None:
        tag = self.current()
        if tag:
            others = self._others(tag)
            choice, ok = self.ask_item(
                "Merge tags", f"Merge “{tag.name}” into:", sorted(others, key=str.casefold)
            )
            if (
                ok
                and choice in others
                and self.confirm(
                    "Merge tags",
                    f"Every passage tagged “{tag.name}” will be tagged “{choice}”, and "
                    f"“{tag.name}” will be removed. You can undo this (Ctrl+Z).",
                )
            ):
                self.merge.emit(tag.id, others[choice])

    def _delete(self) -> None:
        tag = self.current()
        if tag and self.confirm("Delete tag", self._effects(tag.id).describe(tag.name)):
            self.delete.emit(tag.id)
