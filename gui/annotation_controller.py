"""Everything the window does with annotations, in one place.

Every edit goes through the undo stack (annotations.edits); views are refreshed
from the store after each change, and also when another window or process
changes the database (polled through SQLite's data_version).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from annotations import edits
from annotations.codebook import CodebookError
from annotations.reanchor import reattach
from annotations.store import AnnotationError
from annotations.tag_tree import TagTree
from gui.all_passages import AllPassagesDialog
from gui.bulk_dialog import BulkTagDialog
from gui.codebook_dialog import CodebookDialog
from gui.tasks import LatestTask, Task
from gui.wording import count

log = logging.getLogger(__name__)
POLL_MS = 1500


class AnnotationController(QObject):
    """Owns the undo stack and the annotation dialogs; the window hands it its parts."""

    message = Signal(str)
    open_requested = Signal(str)  # article id
    changed = Signal()

    def __init__(self, window, ctx, reader, sidebar, reader_pool) -> None:
        super().__init__(window)
        from gui.undo import AnnotationUndo

        self.window, self.ctx, self.reader, self.sidebar = window, ctx, reader, sidebar
        self.reader_pool = reader_pool
        self.undo = AnnotationUndo(lambda: ctx.annotations, self)
        self.undo.changed.connect(self.refresh)
        self.codebook: CodebookDialog | None = None
        self.all_passages: AllPassagesDialog | None = None
        self.listing = LatestTask("All passages", reader_pool, window._check_idle_soon)
        self.bulk: BulkTagDialog | None = None
        sidebar.tag_requested.connect(self.tag_selection)
        sidebar.edit_requested.connect(self.edit_passage)
        sidebar.delete_requested.connect(self.delete_passage)
        sidebar.reattach_requested.connect(self.reattach_passage)
        sidebar.passage_chosen.connect(self.go_to_passage)
        for number in range(1, 10):
            shortcut = QShortcut(QKeySequence(str(number)), reader.text)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda n=number: self.apply_recent(n))
        self._version = ctx.annotations.data_version()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._check_outside_changes)
        self._poll.start()
        self.refresh()

    # tagging

    def _apply(self, edit):
        try:
            return self.undo.apply(edit)
        except (AnnotationError, CodebookError) as error:
            self.message.emit(str(error))
            return None

    def tag_selection(self, tags: list[str], note: str = ""):
        article, span = self.reader.article, self.reader.selected_span()
        if article is None or span is None:
            self.message.emit("Select some text in the article first.")
            return None
        passage = self._apply(
            edits.add_passage(
                article.id, article.text, *span, tags, note, article.title, article.source
            )
        )
        if passage is not None:
            self.sidebar.clear_editor()
            names = ", ".join(t.name for t in passage.tags)
            self.message.emit(f"Saved: “{passage.quote[:50]}” tagged {names}")
        return passage

    def apply_recent(self, number: int) -> None:
        """Tag the selection with the tag that has key `number` (keys belong to tags
        and stay theirs; the codebook's Key… changes them)."""
        tag = self.ctx.annotations.tag_with_key(number)
        if tag is None:
            self.message.emit(
                f"There is no tag {number} yet: tag a passage by name first, or give a tag "
                "this key in the codebook (Key…)."
            )
            return
        self.tag_selection([tag.name], "")

    def edit_passage(self, passage_id: int, tags: list[str], note: str) -> None:
        store = self.ctx.annotations
        self.undo.stack.beginMacro("Edit passage")
        try:
            self._apply(edits.set_tags(store, passage_id, tags))
            self._apply(edits.set_note(store, passage_id, note))
        finally:
            self.undo.stack.endMacro()
        self.sidebar.end_edit()
        self.message.emit("Passage saved.")

    def delete_passage(self, passage_id: int) -> None:
        passage = self._apply(edits.delete_passage(self.ctx.annotations, passage_id))
        if passage is not None:
            self.message.emit(f"Deleted “{passage.quote[:50]}”. Ctrl+Z brings it back.")

    def reattach_passage(self, passage_id: int) -> None:
        article, span = self.reader.article, self.reader.selected_span()
        if article is None or span is None:
            self.message.emit("Select the text to attach the passage to.")
            return
        self._apply(
            edits.Edit(
                "Re-attach passage",
                lambda s: reattach(s, passage_id, article.text, *span),
                passage_ids={passage_id},
            )
        )

    def go_to_passage(self, passage_id: int) -> None:
        try:
            passage = self.ctx.annotations.passage(passage_id)
        except AnnotationError as error:
            self.message.emit(str(error))
            return
        if self.reader.article is None or self.reader.article.id != passage.article_id:
            self.open_requested.emit(passage.article_id)
        if self.reader.article is None or self.reader.article.id != passage.article_id:
            self.message.emit("That passage's article is not in the library.")
            return
        if passage.orphan:
            self.message.emit(
                "This passage's text is no longer in the article; select the "
                "text it belongs to and choose Re-attach."
            )
            return
        self.reader.scroll_to(passage.start, passage.end)
        self.reader.flash(passage.start, passage.end)

    # refreshing the views

    def refresh(self) -> None:
        store = self.ctx.annotations
        if self.reader.article is not None:
            passages = store.passages_for(self.reader.article.id)
            self.reader.set_passages(passages)
            self.sidebar.set_passages(passages)
        self.sidebar.set_tags(store.tags(), store.keyed_tags())
        if self.codebook is not None and self.codebook.isVisible():
            self._fill_codebook()
        if self.all_passages is not None and self.all_passages.isVisible():
            self.all_passages.set_tag_paths(self._tag_paths())
            self.all_passages.refresh()
        self._version = store.data_version()
        self.changed.emit()

    def _check_outside_changes(self) -> None:
        version = self.ctx.annotations.data_version()
        if version != self._version:
            self._version = version
            self.refresh()

    def _tag_paths(self) -> list[str]:
        store = self.ctx.annotations
        return sorted(TagTree(store.tags()).paths.values(), key=str.casefold)

    # all passages

    def show_all_passages(self) -> AllPassagesDialog:
        if self.all_passages is None:
            self.all_passages = AllPassagesDialog(self._load_passages, self.window)
            self.all_passages.passage_chosen.connect(self.go_to_passage)
        self.all_passages.set_tag_paths(self._tag_paths())
        self.all_passages.refresh()
        self.all_passages.show()
        return self.all_passages

    def _load_passages(self, filters: dict, deliver) -> None:
        """Read the passages (and which of their articles are gone) on a worker thread;
        only the newest request's answer reaches the dialog."""
        ctx = self.ctx

        def job():
            # ctx.annotations and the library's store: this worker thread's connections
            passages = ctx.annotations.all_passages(**filters)
            ids = {p.article_id for p in passages}
            present = {a.id for a in ctx.library.store.metadata(ids)}
            return passages, ids - present

        self.listing.start(job, lambda found: deliver(*found), self.message.emit)

    # codebook

    def import_codebook(self, path, said) -> None:
        """Add a QDA tool's codebook (.qdc, .qdpx) to the tags as one undoable edit; the
        file (a project can be tens of megabytes) is read on a worker thread, and
        `said(text)` hears what happened."""
        from annotations.codebook_import import merge_codes, read_codes

        def read():
            try:
                return read_codes(path)
            except ValueError as error:  # not a codebook: said as it is, nothing logged
                return str(error)

        def merge(found) -> None:
            if isinstance(found, str):
                said(found)
                return
            codes, notes = found
            existing = {t.id for t in self.ctx.annotations.tags()}  # parents may change
            edit = edits.Edit(
                f"Import codebook {path.name}",
                lambda store: merge_codes(store, codes, notes),
                tag_ids=existing,
            )
            report = self._apply(edit)
            if report is not None and self.codebook is not None and self.codebook.isVisible():
                self._fill_codebook()
            said("Nothing was imported." if report is None else report.describe())

        task = Task("Read codebook", read)
        task.succeeded.connect(merge)
        task.failed.connect(said)
        task.finished.connect(self.window._check_idle_soon)
        self.reader_pool.start(task)

    def show_codebook(self) -> CodebookDialog:
        if self.codebook is None:
            dialog = self.codebook = CodebookDialog(self.window)
            store = lambda: self.ctx.annotations  # noqa: E731 - this thread's store, each time
            dialog.create.connect(lambda name, parent: self._create_tag(name, parent))
            dialog.rename.connect(lambda t, n: self._apply(edits.rename_tag(store(), t, n)))
            dialog.recolor.connect(lambda t, c: self._apply(edits.recolor_tag(store(), t, c)))
            dialog.describe.connect(lambda t, d: self._apply(edits.describe_tag(store(), t, d)))
            dialog.move.connect(lambda t, p: self._apply(edits.move_tag(store(), t, p)))
            dialog.merge.connect(lambda s, t: self._apply(edits.merge_tags(store(), s, t)))
            dialog.delete.connect(lambda t: self._apply(edits.delete_tag(store(), t)))
            dialog.set_key.connect(lambda t, k: self._apply(edits.set_tag_key(store(), t, k)))
        self._fill_codebook()
        self.codebook.show()
        return self.codebook

    def _create_tag(self, name: str, parent_id) -> None:
        def create(store):
            tag = store.create_tag(name)
            return store.move_tag(tag.id, parent_id) if parent_id is not None else tag

        self._apply(edits.Edit(f"New tag “{name}”", create))

    def _fill_codebook(self) -> None:
        store = self.ctx.annotations
        self.codebook.set_tags(store.tags(), store.tag_counts(), store.deletion_effect)

    # bulk tagging

    def show_bulk(self, query: str, within: str | None = None) -> BulkTagDialog | None:
        """`within`: the query with the window's filters (the articles listed)."""
        if not query.strip():
            self.message.emit("Search for something first: bulk tagging tags every hit.")
            return None
        within = within if within and within != query else None
        dialog = self.bulk = BulkTagDialog(
            query, [t.name for t in self.ctx.annotations.tags()], self.window, within=within
        )
        dialog.plan_wanted.connect(lambda unit: self._plan(query, unit, within))
        dialog.accepted_with.connect(lambda tags, unit: self._bulk_apply(query, tags, unit, within))
        dialog.show()
        self._plan(query, "match", within)
        return dialog

    def _plan(self, query: str, unit: str, within: str | None = None) -> None:
        from gui import bulk_tagging

        library = self.ctx.library

        def job():
            plan = bulk_tagging.plan(library, query, unit, within)
            samples = []
            for article_id, spans in list(plan.spans.items())[:10]:
                article = library.article(article_id)
                samples += [
                    f"{article.title[:40]} · “{' '.join(article.text[s:e].split())[:90]}”"
                    for s, e in spans[:3]
                ]
            return unit, plan, samples

        task = Task("Finding the hits to tag", job)
        task.succeeded.connect(self._show_plan)
        task.failed.connect(self.message)
        self.reader_pool.start(task)

    def _show_plan(self, payload) -> None:
        unit, plan, samples = payload
        if self.bulk is not None and self.bulk.unit.currentData() == unit:
            self.bulk.show_plan(plan.describe(), plan.count, samples)

    def _bulk_apply(self, query: str, tags: list[str], unit: str, within=None) -> None:
        from gui import bulk_tagging

        library = self.ctx.library
        self._run_bulk(lambda: bulk_tagging.plan(library, query, unit, within), tags)

    def tag_spans(self, spans: dict[str, list[tuple[int, int]]], tags: list[str]) -> None:
        """Tag these spans (article id -> spans: a concordance's listed hits) as one edit,
        in the background; one Ctrl+Z undoes them all."""
        from gui import bulk_tagging

        plan = bulk_tagging.BulkPlan("", "match", bulk_tagging.merged(spans))
        self._run_bulk(lambda: plan, tags)

    def _run_bulk(self, make_plan, tags: list[str]) -> None:
        from gui import bulk_tagging

        library, ctx = self.ctx.library, self.ctx

        def job():
            plan = make_plan()

            def tag_all(store):
                from indexer.progress import run_to_end

                return run_to_end(bulk_tagging.apply(library, store, plan, tags))

            return edits.perform(ctx.annotations, edits.Edit(f"Tag {plan.count} hits", tag_all))

        task = Task("Tagging every hit", job)
        task.succeeded.connect(self._bulk_done)
        task.failed.connect(self.message)
        self.reader_pool.start(task)
        self.message.emit("Tagging every hit…")

    def _bulk_done(self, record) -> None:
        self.undo.push(record)
        self.message.emit(f"Tagged {count(record.result, 'passage')}. Ctrl+Z undoes all of them.")
