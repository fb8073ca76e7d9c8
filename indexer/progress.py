"""Progress ticks and run summaries, shared by the command line and the window.

Long operations are generators: every ``yield Progress(...)`` is both a report
and a point where the consumer may stop (``close()``), which cancels the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def run_to_end(generator):
    """Run a progress generator without reporting, and return its result."""
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        return stop.value


@dataclass(frozen=True)
class Progress:
    phase: str  # "scan", "text", "entities", ...
    done: int
    total: int
    detail: str = ""


@dataclass
class IndexSummary:
    folder: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    changed_ids: list[str] = field(default_factory=list)  # added or updated articles
    removed_ids: list[str] = field(default_factory=list)
    # The peak memory of a reading worker (read_ahead.py), for the benchmark; 0: none ran
    reading_worker_peak_mb: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict:
        return {
            "folder": self.folder,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "seconds": round(self.seconds, 3),
        }

    def describe(self, folder: str = "") -> str:
        """What the run did, for people; `folder` names the folder instead of its path."""
        folder = folder or self.folder
        if not self.changed and not self.skipped:
            articles = "1 article" if self.unchanged == 1 else f"{self.unchanged:,} articles"
            return f"{folder}: up to date, nothing to do ({articles})."
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.duplicates:
            parts.append(f"{self.duplicates} exact duplicates indexed once")
        lines = [f"{folder}: " + ", ".join(parts) + f" in {self.seconds:.1f} s."]
        if self.skipped:
            lines.append(f"{len(self.skipped)} files skipped:")
            lines += [f"  {path}: {reason}" for path, reason in self.skipped]
        return "\n".join(lines)
