"""What every front end needs: the home, its library, annotations and settings (Qt-free)."""

from __future__ import annotations

import contextlib
import threading
from functools import cached_property

from annotations.db import DamagedDatabase
from annotations.reanchor import ReanchorReport
from annotations.store import AnnotationStore
from gui.paths import Home, base_gazetteer
from gui.search_service import annotation_lookup
from gui.settings import Settings
from indexer.library import Library


class HomeInUse(Exception):
    """Another Archive Reader process uses this home, so a file cannot be replaced."""


class AppContext:
    """The home and the stores in it. Stores are per thread, like their connections."""

    def __init__(self, home: Home) -> None:
        self.home = home.ensure()
        self.library = Library(home.index_dir)
        # tag: and note: clauses of a search are answered by this thread's passages.
        self.library.annotation_lookup = annotation_lookup(lambda: self.annotations)
        self.settings = Settings.load(home.settings_file)
        self._local = threading.local()
        self._recognizer = None
        self._recognizer_lock = threading.Lock()
        if self.library.pending_reanchor():
            # A run was killed after saving text: finish its work first. A damaged
            # database is reported when the passages are used; a restore must still work.
            with contextlib.suppress(DamagedDatabase):
                self.reanchor()

    @property
    def annotations(self) -> AnnotationStore:
        store = getattr(self._local, "annotations", None)
        if store is None:
            store = self._local.annotations = AnnotationStore(
                self.home.annotations_db, self.home.backups_dir
            )
        return store

    def recognizer(self):
        """The entity recognizer, built on first use (the model loads lazily)."""
        with self._recognizer_lock:
            if self._recognizer is None:
                from indexer.entities import EntityRecognizer, load_gazetteer

                entries = load_gazetteer(base_gazetteer(), self.home.user_gazetteer)
                self._recognizer = EntityRecognizer(entries)
            return self._recognizer

    def restore_annotations(self, backup, reason: str = "replaced"):
        """Put `backup` in place of the annotation database; returns where the old file
        went. Never while another process (a window, a command) uses the home: it would
        go on saving passages into the file moved aside (indexer/in_use.py)."""
        from annotations.db_backups import restore
        from indexer import in_use

        with in_use.alone(self.home.index_dir) as alone:
            if not alone:
                raise HomeInUse(
                    "Another Archive Reader (a window or a command) is using this home: "
                    "close it, then restore. It would go on saving passages into the file "
                    "being replaced."
                )
            self.close_thread()
            return restore(backup, self.home.annotations_db, reason)

    def close_recognizer(self) -> None:
        """Stop the entity worker processes, if any were started."""
        with self._recognizer_lock:
            if self._recognizer is not None:
                self._recognizer.close()

    def correct_entity(self, surface: str, canonical: str, kind: str):
        """Record in the user's gazetteer that `canonical` (written `surface`) is a `kind`;
        returns the Correction (indexer.corrections) to apply and to undo."""
        from indexer.corrections import change_kind

        return self._corrected(
            change_kind(base_gazetteer(), self.home.user_gazetteer, surface, canonical, kind)
        )

    def merge_entity(self, source: str, target: str, target_kind: str):
        """`source` becomes a spelling of `target`, in the user's gazetteer."""
        from indexer.corrections import merge

        return self._corrected(
            merge(base_gazetteer(), self.home.user_gazetteer, source, target, target_kind)
        )

    def split_entity(self, spelling: str, canonical: str, kind: str):
        """`spelling` becomes a name of its own, no longer `canonical`."""
        from indexer.corrections import split

        return self._corrected(
            split(base_gazetteer(), self.home.user_gazetteer, spelling, canonical, kind)
        )

    def not_a_name(self, canonical: str):
        """`canonical`, in every spelling the archive has for it, is not a name."""
        from indexer.corrections import not_a_name

        spellings = self.library.spellings(canonical)
        return self._corrected(
            not_a_name(base_gazetteer(), self.home.user_gazetteer, canonical, spellings)
        )

    def restore_gazetteer(self, text: str) -> None:
        """Put the user's gazetteer back as it was (undoing or redoing a correction)."""
        from indexer.corrections import restore

        restore(self.home.user_gazetteer, text)
        self._corrected(None)

    def _corrected(self, correction):
        # The next recognizer reads the new gazetteer; workers hold the old patterns.
        with self._recognizer_lock:
            if self._recognizer is not None:
                self._recognizer.close()
                self._recognizer = None
        return correction

    def reanchor(self, article_ids=()) -> ReanchorReport:
        """Place the passages of changed articles on their new text (orphans if lost):
        `article_ids` and every article an earlier, interrupted run left pending."""
        from annotations.reanchor import ReanchorReport, reanchor_article

        report = ReanchorReport()
        changed = set(article_ids) | set(self.library.pending_reanchor())
        annotated = self.annotations.annotated_articles()
        for article_id in sorted(changed & annotated):
            article = self.library.article(article_id)
            if article is not None:
                report.add(reanchor_article(self.annotations, article_id, article.text))
        # Only now: a kill before this line re-anchors again next time (it is idempotent).
        self.library.reanchored(changed)
        return report

    def damaged_message(self, error, command_line: bool = True) -> str:
        """What to say about a damaged annotation database, and what the researcher can do."""
        from annotations.db_backups import list_backups

        backups = list_backups(self.home.backups_dir)
        if backups:
            how = (
                "`archive-reader annotations restore` puts it in place"
                if command_line
                else "Restoring it puts it in place"
            )
            return (
                f"{error} It was not replaced. The newest backup is from "
                f"{backups[0].describe()}. {how} and keeps the damaged file beside it."
            )
        return (
            f"{error} It was not replaced, and there is no backup in {self.home.backups_dir}. "
            "Move the file away to start an empty database; a JSON backup "
            "(`annotations import-json`) can be read into it."
        )

    def save_settings(self) -> None:
        self.settings.save(self.home.settings_file)

    def close_thread(self) -> None:
        """Close this thread's connections."""
        self.library.close()
        store = getattr(self._local, "annotations", None)
        if store is not None:
            store.close()
            self._local.annotations = None

    @cached_property
    def version(self) -> str:
        from indexer.version import __version__

        return __version__
