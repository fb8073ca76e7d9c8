"""The benchmark runs end to end on a small corpus, so it cannot rot. No timing asserted."""

from __future__ import annotations

import pytest

from tests.benchmarks import bench


@pytest.mark.slow
def test_benchmark_smoke_at_200_articles(tmp_path, capsys):
    code = bench.main(
        [
            "--sizes",
            "200",
            "--work",
            str(tmp_path),
            "--repeat",
            "1",
            "--runs",
            "1",
            "--full-for",
            "200",
            "--part",
            "120",  # two parts: the first is searched while the second is indexed
        ]
    )
    table = capsys.readouterr().out
    assert code == 0
    for measure in (
        "text phase",
        "entity phase",
        "SQLite FTS5 build",
        "ours/FTS5 time",
        "peak memory while indexing text",
        "Recoll",  # measured, or how to install it
        "search term",
        "search fuzzy",
        "search entity",
        "start-up: first results",
        "reader: open and paint",
        "peak RSS",
        "incremental: +100 articles",
        "first 120 articles searchable, while the rest is indexed",
    ):
        assert measure in table, measure
    assert "nan" not in table
    if bench_recoll_available():
        assert "ours/Recoll time" in table


def bench_recoll_available() -> bool:
    from tests.benchmarks import recoll

    return recoll.available()
