"""mbox files (a mailing list's archive, as Mailman keeps them): one post a message.
The archive in tests/data was written for these tests."""

from __future__ import annotations

from pathlib import Path

from indexer.ingest import read_file
from tests.test_ingest_nexis import _every_line_accounted_for, _maps_back

ARCHIVE = Path(__file__).parent / "data" / "mbox-2014-March.txt"


def test_each_message_of_an_mbox_file_is_a_post():
    reading = read_file(ARCHIVE)
    assert reading.kind == "mbox"
    jane, john = reading.articles
    assert (jane.title, jane.author, jane.published) == (
        "[archives-l] Crimea coverage in regional papers",
        "Jane Roe",
        "2014-03-03",
    )
    assert jane.text.startswith("Has anyone compared") and jane.text.endswith("Jane")
    assert john.author == "John Doe"
    assert "Interfax wire almost word for word" in john.text
    for article in reading.articles:
        assert "Message-ID" not in article.text and "From jane" not in article.text
    _every_line_accounted_for(ARCHIVE, reading.articles)
    _maps_back(ARCHIVE, reading.articles)


def test_a_story_that_opens_with_from_is_not_an_mbox_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "From the archives of 2014\n\nThe regional papers of Sumy and Kharkiv covered the "
        "first days in Crimea from the wire, a study of their front pages shows.\n"
    )
    reading = read_file(path)
    assert reading.kind == "text" and len(reading.articles) == 1


def test_an_archive_indexed_before_as_plain_text_is_read_again(tmp_path):
    """Store version 23: a file whose text holds mail headers is read again."""
    from tests.store_versions import updated_from_version

    lib, summary = updated_from_version(
        tmp_path,
        {"2014-March.txt": ARCHIVE.read_text()},
        22,
        "UPDATE articles SET text = 'Message-ID: <5314@example.org> ' || text",
    )
    assert summary.updated == 2
    lib.close()


class _CountedText(str):
    """A text that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        if isinstance(key, slice):
            _CountedText.copied += len(part)
        return part


def test_a_large_archive_is_read_without_copying_its_text_for_each_message():
    """Each message was found by slicing the text before it (and after it) to test it:
    an archive of n messages copied n times its size. Now each message is copied once."""
    from indexer.ingest.mail import parse_mbox

    archive = (ARCHIVE.read_text() + "\n") * 200
    _CountedText.copied = 0
    articles = parse_mbox(_CountedText(archive))
    assert len(articles) == 400
    assert _CountedText.copied < 3 * len(archive)
