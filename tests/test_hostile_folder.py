"""No file stops or hangs a run, nothing temporary becomes permanent, names in any encoding."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest

from gui.cli import main
from indexer.filenames import as_path, as_text
from indexer.library import Library
from indexer.progress import run_to_end

STORY = (
    "The harbour authority said on Monday that the new ferry terminal would open in the "
    "spring, two years later than planned, after repeated delays to the building work."
)


def _hostile(folder: Path) -> dict[str, str]:
    """Write the hostile folder; returns the names expected to be skipped, with a reason."""
    folder.mkdir()
    (folder / "good.txt").write_text(f"Ferry Terminal Delayed\n\n{STORY}", encoding="utf-8")
    (folder / "latin1.txt").write_bytes(f"Café Reopens\n\n{STORY} Crème brûlée.".encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(f"Quotes “Here”\n\n{STORY}".encode("cp1252"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + f"Wide\n\n{STORY}".encode("utf-16-le"))
    (folder / "broken-utf8.txt").write_bytes(
        f"Broken Bytes\n\n{STORY}".encode() + b"\xff\xfe\xfa ok."
    )
    (folder / "one-line.txt").write_text(STORY * 2000, encoding="utf-8")  # 340 kB, one line
    (folder / "scripts.html").write_text(
        f"<html><body><script>alert(1)</script><article><h1>Page</h1><p>{STORY}</p>"
        "<p>Second paragraph of the page, long enough to be kept as text.</p>"
        "</article></body></html>"
    )
    nested = "<div>" * 50_000 + STORY + "</div>" * 50_000
    (folder / "deep.html").write_text(f"<html><body>{nested}</body></html>")
    (folder / "xxe.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<r><item><title>XXE</title><description>&x;</description></item></r>"
    )
    laughs = '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {c} "' + f"&{p};" * 10 + '">' for p, c in zip("bcdefgh", "cdefghi", strict=True)
    )
    (folder / "laughs.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [{laughs}]><r><item><title>L</title>'
        "<description>&i;</description></item></r>"
    )
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (60 * 1024 * 1024)))
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n")
    with open(folder / "huge.txt", "wb") as handle:  # 64 MB, refused before reading
        handle.truncate(64 * 1024 * 1024)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    (folder / "ünïcødé.txt").write_text(f"Unicode Name\n\n{STORY}", encoding="utf-8")
    os.close(os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(f"Latin-1 Name\n\n{STORY}".encode())
    return {
        "bomb.txt.gz": "decompresses to more than",
        "binary.dat": "binary content",
        "empty.txt": "empty file",
        "blank.txt": "no text: only white space",
        "huge.txt": "too large",
        "dangling.txt": "broken link",
        "loop-a.txt": "link loop",
        "loop-b.txt": "link loop",
        "pipe.txt": "not a regular file",
        "xxe.xml": "",  # read safely: the entity stays unexpanded
        "laughs.xml": "",
    }


def test_a_hostile_folder_indexes_with_every_skip_reported_then_nothing_to_do(capsys, tmp_path):
    folder = tmp_path / "hostile"
    expected = _hostile(folder)
    home = tmp_path / "home"
    code = main(["--home", str(home), "index", str(folder), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    skipped = {Path(s["path"]).name: s["reason"] for s in summary["skipped"]}
    for name, reason in expected.items():
        if reason:
            assert skipped[name].startswith(reason) or reason in skipped[name], (name, skipped)
    assert "Traceback" not in captured.err and "Logging error" not in captured.err
    code = main(["--home", str(home), "articles", "--json"])
    titles = {a["title"] for a in json.loads(capsys.readouterr().out)}
    assert {"Ferry Terminal Delayed", "Café Reopens", "Unicode Name", "Latin-1 Name"} <= titles
    assert not any("root:" in t for t in titles)  # /etc/passwd was never read
    code = main(["--home", str(home), "index", str(folder), "--json"])
    again = json.loads(capsys.readouterr().out)
    assert code == 0 and again["added"] == again["updated"] == again["removed"] == 0


def test_a_file_name_that_is_not_utf8_is_stored_shown_and_opened(capsys, tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/r\xe9sum\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(f"Latin-1 Name\n\n{STORY}".encode())
    library = Library(tmp_path / "index")
    assert run_to_end(library.update(folder)).added == 1
    [article] = library.articles()
    assert as_path(article.source) == Path(os.fsdecode(raw))
    assert as_text(as_path(article.source)) == article.source
    code = main(["--home", str(tmp_path / "h"), "index", str(folder), "--no-entities"])
    assert code == 0
    capsys.readouterr()
    main(["--home", str(tmp_path / "h"), "articles", "--json"])
    [listed] = json.loads(capsys.readouterr().out)
    main(["--home", str(tmp_path / "h"), "show", listed["id"], "--json", "--at", "0"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["source_offsets"] == [{"offset": 0, "source_offset": 14}]


def test_a_file_unreadable_for_a_moment_is_read_on_the_next_run(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Story Number {n}\n\n{STORY}", encoding="utf-8")
    library = Library(tmp_path / "index")
    run = library.update(folder)
    aside = tmp_path / "aside.txt"
    for tick in run:
        if tick.phase == "text" and tick.detail == "1.txt":
            (folder / "1.txt").rename(aside)  # gone between the scan and the read
        if tick.phase == "text" and tick.detail == "2.txt":
            aside.rename(folder / "1.txt")  # back a moment later, unchanged
    assert len(library.articles()) == 2
    summary = run_to_end(library.update(folder))
    assert summary.added == 1 and len(library.articles()) == 3


def _original_and_copy(tmp_path) -> tuple[Path, Library]:
    """A folder holding one story twice (same title and text), indexed once."""
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("a-original.txt", "b-copy.txt"):
        (folder / name).write_text(f"Ferry Terminal Delayed\n\n{STORY}", encoding="utf-8")
    library = Library(tmp_path / "index")
    assert run_to_end(library.update(folder)).duplicates == 1
    return folder, library


def test_removing_the_original_of_an_exact_duplicate_brings_its_copy_back(tmp_path):
    folder, library = _original_and_copy(tmp_path)
    (folder / "a-original.txt").unlink()
    summary = run_to_end(library.update(folder))
    [article] = library.articles()
    assert Path(article.source).name == "b-copy.txt" and summary.removed == 1
    assert library.searcher().search("ferry", limit=5).total == 1
    assert run_to_end(library.update(folder)).changed is False


def test_changing_the_original_of_an_exact_duplicate_keeps_its_copy(tmp_path):
    folder, library = _original_and_copy(tmp_path)
    (folder / "a-original.txt").write_text(f"Ferry Terminal Opens\n\n{STORY} Now open.")
    run_to_end(library.update(folder))
    assert sorted(a.title for a in library.articles()) == [
        "Ferry Terminal Delayed",
        "Ferry Terminal Opens",
    ]
    assert library.searcher().search('title:"terminal delayed"', limit=5).total == 1


@pytest.mark.parametrize("length", [20_000, 45_000])
def test_long_texts_get_their_names_in_pieces_with_offsets_mapped_back(length):
    from indexer import entities
    from indexer.entities import build_pipeline

    sentence = "Volodymyr Zelenskyy met Olaf Scholz in Berlin on Monday. "
    text = (sentence * (length // len(sentence) + 1))[:length]  # one line, no paragraphs
    nlp = build_pipeline([])
    nlp.max_length = 5_000  # the model refuses whole texts over this (E088)
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    spans = entities._spans(nlp, [text, "Olaf Scholz spoke."])
    assert len(spans[0]) >= length // len(sentence) * 2
    for start, end, _label, _id, surface in spans[0]:
        assert text[start:end] == surface
    assert any(s[4] == "Olaf Scholz" for s in spans[1])


def test_an_article_the_model_fails_on_is_reported_and_the_rest_go_on():
    from indexer.article import Article
    from indexer.entities import EntityRecognizer

    recognizer = EntityRecognizer([], workers=1)
    good = Article("a", "/archive/a.txt", 0, "Good", "Olaf Scholz spoke in Berlin.")
    bad = Article("b", "/archive/b.txt", 0, "Broken", "Olaf Scholz spoke in Berlin.")
    scholz = (0, 11, "PERSON", "Person", "Olaf Scholz", "Olaf Scholz", "text")
    # What the workers return: whether the model failed on part of it, and its mentions.
    results = list(recognizer._resolved([good, bad], [(False, [scholz]), (True, [scholz])]))
    assert [len(mentions) for _, mentions in results] == [1, 1]  # what was found is kept
    assert recognizer.failures == [
        ("/archive/b.txt", "names could not be found in part of “Broken”")
    ]
