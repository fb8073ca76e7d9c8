"""Background tasks: progress, results, failures, cancellation and bookkeeping."""

from __future__ import annotations

import threading

from gui.context import AppContext
from gui.main_window import MainWindow
from gui.paths import resolve_home
from gui.tasks import Task, TaskRunner
from tests.conftest import SEEDS


def test_a_generator_reports_progress_then_its_result(qtbot):
    runner = TaskRunner()
    ticks = []

    def job():
        yield from range(3)
        return "done"

    task = Task("count", job)
    task.progress.connect(ticks.append)
    with qtbot.waitSignal(task.succeeded, timeout=5_000) as result:
        runner.start(task)
    assert result.args == ["done"] and ticks == [0, 1, 2]
    assert runner.shutdown()


def test_cancel_closes_the_generator_so_its_cleanup_runs(qtbot):
    runner = TaskRunner()
    started, cleaned = threading.Event(), threading.Event()
    succeeded = []

    def job():
        try:
            while True:
                started.set()
                yield None
        finally:
            cleaned.set()

    task = Task("endless", job)
    task.succeeded.connect(succeeded.append)
    runner.start(task)
    assert started.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5_000):
        task.cancel()
    assert cleaned.is_set() and succeeded == []


def test_a_failure_is_a_message_not_an_exception(qtbot):
    runner = TaskRunner()

    def job():
        raise OSError("disk full")

    task = Task("Saving", job)
    with qtbot.waitSignal(task.failed, timeout=5_000) as failure:
        runner.start(task)
    assert failure.args == ["Saving failed: disk full"]


def test_the_runner_is_idle_once_every_task_has_finished(qtbot):
    """Many tasks on two threads: every one is forgotten once finished (the window waits
    for the runner to be idle, so a task never forgotten would hang it)."""
    runner = TaskRunner(threads=2)
    tasks = [Task(f"t{n}", lambda n=n: n) for n in range(40)]
    finished = []
    for task in tasks:
        task.finished.connect(lambda: finished.append(1))
        runner.start(task)
    qtbot.waitUntil(lambda: len(finished) == len(tasks), timeout=10_000)
    assert not runner.busy


def test_closing_the_window_with_work_pending_is_quiet(qtbot, tmp_path):
    """Regression: a deferred idle check ran after the window was deleted and raised
    'Signal source has been deleted'."""
    window = MainWindow(AppContext(resolve_home(tmp_path / "h")), SEEDS)
    window.show()
    window.start()
    window.close()
    window.deleteLater()  # not handed to qtbot, which would close it again
    qtbot.wait(300)  # let any queued callbacks run; pytest-qt fails on their exceptions


def test_a_task_counts_as_running_until_its_results_are_handled(qtbot):
    """Regression: `busy` turned false as soon as the worker finished, before the GUI
    thread ran the success handler that starts the next task; a check in between saw
    the window idle too early (a kind correction's re-extraction was then missed)."""
    import time

    runner = TaskRunner()
    task = Task("quick", lambda: 1)
    runner.start(task)
    while not task.done:  # the worker has finished; no event has been processed yet
        time.sleep(0.001)
    assert runner.busy
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)  # once the events are handled
    assert task.delivered


def test_only_the_newest_of_a_views_jobs_reaches_it(qtbot):
    """A code matrix recounted twice quickly shows the second count, never the first
    arriving late; the first is cancelled."""
    import time

    from gui.tasks import LatestTask, TaskRunner

    runner, shown, idle = TaskRunner(threads=2), [], []
    latest = LatestTask("Count", runner, lambda: idle.append(True))

    def slow():
        time.sleep(0.3)
        return "first"

    first = latest.start(slow, shown.append, shown.append)
    latest.start(lambda: "second", shown.append, shown.append)
    qtbot.waitUntil(lambda: first.delivered and latest.task is None, timeout=5_000)
    assert shown == ["second"] and first.cancelled
    assert len(idle) == 2
    runner.shutdown()
