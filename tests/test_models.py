"""The list models behave as Qt expects (pytest-qt's model tester) and carry ids in roles."""

from __future__ import annotations

from annotations.store import AnnotationStore
from gui.passages_model import IdRole as PassageIdRole
from gui.passages_model import PassagesModel
from gui.results_model import IdRole, ResultsModel


def test_results_model(qtmodeltester, seeded_ctx):
    model = ResultsModel()
    results = seeded_ctx.library.searcher().search("drones")
    model.set_records(results.hits)
    qtmodeltester.check(model)
    assert model.rowCount() == len(results.hits) > 0
    assert [model.index(r, 0).data(IdRole) for r in range(model.rowCount())] == [
        h.id for h in results.hits
    ]


def test_passages_model(qtmodeltester, tmp_path):
    store = AnnotationStore(tmp_path / "a.sqlite")
    text = "One two three four five six."
    first = store.add_passage("a", text, 0, 3, ["T"])
    second = store.add_passage("a", text, 4, 7, ["U"], note="n")
    model = PassagesModel()
    model.set_records(store.passages_for("a"))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data(PassageIdRole) for r in range(2)] == [first.id, second.id]
    store.close()
