"""Background work: run a job off the GUI thread and report back by signal.

A job is a callable. If it returns a generator, each value it yields is a
progress tick and a cancellation point: `cancel()` makes the worker close the
generator at the next tick, which runs its cleanup (a cancelled index run rolls
back). Signals are queued to the GUI thread, so slots may touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Task(QObject):
    """One job. Connect to its signals before handing it to a TaskRunner."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, name: str, job: Callable[[], object]) -> None:
        super().__init__()
        self.name = name
        self._job = job
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.delivered = False
        self._on_delivered: Callable[[Task], None] | None = None
        # Connected first, so it runs before any finished handler a caller adds.
        self.finished.connect(self._finished_delivered)

    @property
    def done(self) -> bool:
        """Set on the worker thread before `finished` is emitted."""
        return self._done.is_set()

    @Slot()
    def _finished_delivered(self) -> None:
        # Runs on the GUI thread after the `succeeded` or `failed` handlers (signals
        # queued from one thread arrive in order), which may have chained more work.
        self.delivered = True
        if self._on_delivered is not None:
            self._on_delivered(self)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        """Runs on a worker thread."""
        try:
            result = self._job()
            if isinstance(result, Generator):
                result = self._drive(result)
            if not self.cancelled:
                self.succeeded.emit(result)
        except Exception as error:
            log.exception("task %s failed", self.name)
            self.failed.emit(f"{self.name} failed: {error}")
        finally:
            self._done.set()
            self.finished.emit()

    def _drive(self, generator: Generator):
        try:
            while True:
                if self.cancelled:
                    generator.close()
                    return None
                self.progress.emit(next(generator))
        except StopIteration as stop:
            return stop.value


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task.run()


class TaskRunner(QObject):
    """A pool of worker threads; one thread makes a queue that runs jobs in order."""

    def __init__(self, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()
        self._on_thread_exit: Callable[[], None] | None = None

    def start(self, task: Task) -> Task:
        self._running.add(task)  # keeps the QObject alive until it has finished
        task._on_delivered = self._running.discard
        self._pool.start(_Runnable(task))
        return task

    @property
    def busy(self) -> bool:
        """Work is left until every task's results have been handled on the GUI thread
        (a task's success handler may start the next one): a worker merely having
        finished is not enough, or the window would report idle between the two."""
        return any(not task.delivered for task in self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel what runs and wait for the threads; True when all stopped in time."""
        self.cancel_all()
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)


class LatestTask:
    """One view's background work where only the newest request counts (a code matrix
    recounted, a timeline redrawn): starting a job cancels the one before, and only
    the newest job's result or failure reaches the view."""

    def __init__(self, name: str, runner: TaskRunner, on_idle: Callable[[], None]) -> None:
        self.name, self._runner, self._on_idle = name, runner, on_idle
        self.task: Task | None = None  # the newest, until it has finished

    def start(
        self,
        job: Callable[[], object],
        succeeded: Callable[[object], object],
        failed: Callable[[str], object],
    ) -> Task:
        if self.task is not None:
            self.task.cancel()
        task = self.task = Task(self.name, job)
        task.succeeded.connect(lambda result: task is self.task and succeeded(result))
        task.failed.connect(lambda message: task is self.task and failed(message))
        task.finished.connect(lambda: self._finished(task))
        return self._runner.start(task)

    def _finished(self, task: Task) -> None:
        if task is self.task:
            self.task = None
        self._on_idle()
