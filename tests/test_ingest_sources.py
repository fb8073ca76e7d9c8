"""Reading files by their content, with text written for each rule."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from indexer.ingest import read_file, source_text
from indexer.library import Library
from indexer.progress import run_to_end

STORY = (
    "The harbour authority said on Monday that the new ferry terminal would open in "
    "the spring, two years later than planned, after repeated delays to the building work."
)


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_json_lines_one_article_per_object_with_common_field_names(tmp_path):
    rows = [
        {
            "headline": "Ferry terminal delayed",
            "body": STORY,
            "published_at": "2024-03-04T10:00:00Z",
            "byline": "Ana Lima",
            "url": "https://example.org/ferry",
        },
        {
            "title": "Second story",
            "content": "<p>First paragraph.</p><p>Second one.</p>",
            "date": "5 March 2024",
            "authors": ["A. One", "B. Two"],
        },
    ]
    path = write(tmp_path, "export.jsonl", "\n".join(json.dumps(r) for r in rows))
    reading = read_file(path)
    assert reading.kind == "json"
    first, second = reading.articles
    assert (first.title, first.published, first.author, first.url) == (
        "Ferry terminal delayed",
        "2024-03-04",
        "Ana Lima",
        "https://example.org/ferry",
    )
    assert first.text == STORY
    assert second.text == "First paragraph.\n\nSecond one."
    assert (second.published, second.author) == ("2024-03-05", "A. One, B. Two")
    # Each article maps into its own line of the file.
    source = source_text(path)
    assert source[first.source_map.source_start :].startswith("The harbour authority")
    assert first.source_map.source_end <= source.index("\n")


def test_a_json_document_with_a_list_of_articles(tmp_path):
    data = {
        "source": "Wire",
        "articles": [{"title": f"Story {n}", "text": STORY} for n in range(3)],
    }
    reading = read_file(write(tmp_path, "dump.json", json.dumps(data, indent=2)))
    assert [a.title for a in reading.articles] == ["Story 0", "Story 1", "Story 2"]


def test_a_text_that_opens_with_a_bracket_is_still_text(tmp_path):
    reading = read_file(
        write(tmp_path, "note.txt", f"[Updated] Terminal Opening Delayed\n\n{STORY}")
    )
    assert reading.kind == "text"
    assert reading.articles[0].title == "[Updated] Terminal Opening Delayed"


def test_files_without_a_known_extension_are_sniffed_not_ignored(tmp_path):
    mail = (
        "From: ana@example.org (Ana Lima)\nSubject: Ferry terminal\n"
        "Date: Mon, 4 Mar 2024 10:00:00 +0000\n\n" + STORY + "\n\n-- \nAna\n"
    )
    assert read_file(write(tmp_path, "12345", mail)).kind == "mail"
    [post] = read_file(tmp_path / "12345").articles
    assert (post.title, post.author, post.published) == ("Ferry terminal", "Ana Lima", "2024-03-04")
    assert post.text.endswith("--\n\nAna")
    assert read_file(write(tmp_path, "story.dat", f"Ferry Terminal Delayed\n\n{STORY}")).articles
    png = read_file(write(tmp_path, "picture.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"))
    assert png.skipped == "not an article: the content is a PNG image"


def test_gzip_is_recognised_by_its_content_whatever_the_name(tmp_path):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title>'
        "<item><title>Ferry terminal delayed</title><pubDate>Mon, 04 Mar 2024 10:00:00 GMT"
        f"</pubDate><description>{STORY}</description></item></channel></rss>"
    )
    reading = read_file(write(tmp_path, "feed.xml", gzip.compress(feed.encode())))
    assert reading.kind == "feed"
    [item] = reading.articles
    assert (item.title, item.published, item.site) == (
        "Ferry terminal delayed",
        "2024-03-04",
        "Port news",
    )


def test_a_latin1_accent_late_in_a_long_file_is_decoded_right(tmp_path):
    body = "\n\n".join([STORY] * 4000) + "\n\nThe café owner said the crème brûlée was safe."
    reading = read_file(write(tmp_path, "long.txt", ("Harbour Notes\n\n" + body).encode("latin-1")))
    text = reading.articles[0].text
    assert "\ufffd" not in text and text.endswith("The café owner said the crème brûlée was safe.")


def test_latin1_xml_without_a_declaration_is_read(tmp_path):
    feed = (
        '<rss version="2.0"><channel><title>Nouvelles</title><item><title>Le café du port</title>'
        f"<description>Le propriétaire du café a dit que {STORY}</description>"
        "</item></channel></rss>"
    )
    [item] = read_file(write(tmp_path, "nouvelles.rss", feed.encode("latin-1"))).articles
    assert item.title == "Le café du port" and "propriétaire" in item.text


def test_head_date_lines_fill_the_date_and_dates_in_sentences_do_not(tmp_path):
    dated = f"Ferry Terminal Delayed\nPublished: 4 March 2024\n{STORY}"
    [article] = read_file(write(tmp_path, "a.txt", dated)).articles
    assert article.published == "2024-03-04" and "Published" not in article.text
    # The weekday after the date, as Nexis and some papers write it.
    weekday = f"Ferry Terminal Delayed\nMarch 4, 2024 Monday\n{STORY}"
    [article] = read_file(write(tmp_path, "w.txt", weekday)).articles
    assert article.published == "2024-03-04" and "2024 Monday" not in article.text
    undated = f"Ferry Terminal Delayed\n{STORY} It was first promised on 3 May 2021."
    [article] = read_file(write(tmp_path, "b.txt", undated)).articles
    assert article.published == ""


def test_same_text_under_two_headlines_is_two_articles_in_one_story(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    body = "\n\n".join(
        [STORY, STORY.replace("spring", "summer"), STORY.replace("Monday", "Friday")]
    )
    write(folder, "one.txt", f"Ferry Terminal Delayed Again\n\n{body}")
    write(folder, "two.txt", f"Harbour Project Slips Two Years\n\n{body}")
    library = Library(tmp_path / "index")
    summary = run_to_end(library.update(folder))
    assert summary.added == 2 and summary.duplicates == 0
    results = library.searcher().search("harbour", limit=10)
    assert results.total == 1  # one story, shown once with its copies
    for title in ("delayed again", "slips two years"):
        assert library.searcher().search(f'title:"{title}"', limit=10).total == 1


def test_every_file_in_a_folder_is_accounted_for(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder, "story.txt", f"Ferry Terminal Delayed\n\n{STORY}")
    write(folder, "post", f"From: a@example.org\nSubject: Ferry\nDate: 4 Mar 2024\n\n{STORY}")
    write(folder, "data.json", json.dumps({"title": "Ferry news", "text": STORY}))
    write(folder, "empty.csv", b"")
    write(folder, "scan.pdf", b"%PDF-1.7 binary")
    write(folder, "blank.md", "   \n")
    library = Library(tmp_path / "index")
    summary = run_to_end(library.update(folder))
    skipped = {Path(p).name: reason for p, reason in summary.skipped}
    assert summary.added == 3
    assert skipped == {
        "empty.csv": "empty file",
        "scan.pdf": "a damaged PDF (Stream has ended unexpectedly)",
        "blank.md": "no text: only white space",
    }
    assert summary.as_dict()["skipped"][0].keys() == {"path", "reason"}


def test_a_located_paragraph_takes_in_its_opening_and_closing_marks():
    """A paragraph found by its words took in neither its opening quotation mark (as an
    entity) nor its closing one, so those characters pointed at the wrong place."""
    from indexer.ingest.locate import locate

    source = "<p>&quot;Red alert,&quot; said Arseniy Yatsenyuk (twice).&quot;</p>"
    paragraph = '"Red alert," said Arseniy Yatsenyuk (twice)."'
    [unit] = locate([paragraph], source, 0, len(source))
    assert unit.spans == ((3, len(source) - 4),)
