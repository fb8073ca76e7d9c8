"""Every kind of file a researcher's folder holds, written here by the tests themselves."""

from __future__ import annotations

import gzip
import os

import pytest

from indexer.ingest import read_file
from indexer.library import Library
from tests.conftest import drain

BODY = (
    "The regional council voted on Tuesday to rebuild the old harbour wall after winter "
    "storms damaged it badly, and the work is expected to take two years to complete. "
)

PAGE = f"""<!doctype html>
<html><head>
<title>Harbour Wall to Be Rebuilt | The Coast Courier</title>
<meta name="author" content="Mary Shore">
<meta property="og:site_name" content="The Coast Courier">
<meta property="og:title" content="Harbour Wall to Be Rebuilt">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<script>document.write("TRACKER-SCRIPT")</script>
<style>.x {{ color: red }} STYLE-RULE</style>
<link rel="stylesheet" href="http://example.invalid/remote.css">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> MENU-ENTRY</nav>
<article>
<h1>Harbour Wall to Be Rebuilt</h1>
<p>{BODY * 2}</p>
<p>Work began on 12 June 2019 on the first wall, the council recalled. {BODY}</p>
<iframe src="http://example.invalid/ad">IFRAME-CONTENT</iframe>
</article>
<footer>Copyright FOOTER-TEXT</footer>
</body></html>"""


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_html_keeps_the_article_and_its_metadata(tmp_path):
    [article] = read_file(write(tmp_path, "page.html", PAGE)).articles
    assert article.title == "Harbour Wall to Be Rebuilt"
    assert article.author == "Mary Shore"
    assert article.published == "2024-03-05"
    assert article.site == "The Coast Courier"
    assert "rebuild the old harbour wall" in article.text
    for junk in ("TRACKER-SCRIPT", "STYLE-RULE", "MENU-ENTRY", "IFRAME-CONTENT", "FOOTER-TEXT"):
        assert junk not in article.text


def test_gzipped_html_is_read(tmp_path):
    path = write(tmp_path, "page.htm.gz", gzip.compress(PAGE.encode()))
    [article] = read_file(path).articles
    assert article.title == "Harbour Wall to Be Rebuilt"


def test_a_date_in_the_text_is_not_a_publication_date(tmp_path):
    page = PAGE.replace(
        '<meta property="article:published_time" content="2024-03-05T09:30:00Z">', ""
    )
    [article] = read_file(write(tmp_path, "page.html", page)).articles
    assert article.published == ""
    [plain] = read_file(write(tmp_path, "a.txt", "Walls\n\nOn 12 June 2019 " + BODY * 3)).articles
    assert plain.published == ""


def test_deeply_nested_html_does_not_break_a_run(tmp_path):
    nested = "<html><body>" + "<div>" * 20_000 + BODY + "</div>" * 20_000 + "</body></html>"
    reading = read_file(write(tmp_path, "deep.html", nested))
    assert reading.articles or reading.skipped


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Coast Courier feed</title>
<item><title>Harbour Wall to Be Rebuilt</title><dc:creator>Mary Shore</dc:creator>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate><category>Local</category>
<description>&lt;p&gt;{body}&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description></item>
<item><title>Ferry Timetable Changes</title><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>The ferry will run less often in winter. {body}</description></item>
</channel></rss>""".replace("{body}", BODY)


def test_rss_items_become_articles_with_their_metadata(tmp_path):
    articles = read_file(write(tmp_path, "feed.xml", RSS)).articles
    assert [a.title for a in articles] == ["Harbour Wall to Be Rebuilt", "Ferry Timetable Changes"]
    first = articles[0]
    assert (first.author, first.published, first.section) == ("Mary Shore", "2024-03-05", "Local")
    assert first.text.split("\n\n")[1] == "Second paragraph."
    assert "<p>" not in first.text


def test_a_generic_article_document(tmp_path):
    xml = f"""<doc><headline>Council Votes</headline><byline>Ann Lee</byline>
    <date>2023-11-02</date><text>{BODY}</text></doc>"""
    [article] = read_file(write(tmp_path, "story.xml", xml)).articles
    assert (article.title, article.author, article.published) == (
        "Council Votes",
        "Ann Lee",
        "2023-11-02",
    )


def test_xml_without_an_article_or_not_xml_gets_a_reason(tmp_path):
    none = read_file(write(tmp_path, "config.xml", "<config><port>80</port></config>"))
    assert none.skipped.startswith("XML without an article")
    broken = read_file(write(tmp_path, "broken.xml", "<doc><title>x</title>"))
    assert broken.skipped.startswith("not well-formed XML")


def test_xml_entity_tricks_do_nothing(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    external = f"""<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file://{secret}">]>
<doc><title>Leak</title><text>{BODY} &xxe;</text></doc>"""
    reading = read_file(write(tmp_path, "xxe.xml", external))
    assert "TOP-SECRET-VALUE" not in " ".join(a.text for a in reading.articles)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + "]><doc><title>Laughs</title><text>"
        + BODY
        + "&lol9;</text></doc>"
    )
    reading = read_file(write(tmp_path, "laughs.xml", laughs))
    assert sum(len(a.text) for a in reading.articles) < 10_000


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),
        ("cp1252", b""),
        ("latin-1", b""),
    ],
)
def test_encodings(tmp_path, encoding, bom):
    text = "Café Talks Resume\n\nThe mayor’s café reopened — " + BODY * 3
    if encoding == "latin-1":
        text = text.replace("’", "'").replace("—", "-")
    data = bom + text.encode(encoding)
    [article] = read_file(write(tmp_path, "enc.txt", data)).articles
    assert article.title == "Café Talks Resume"
    assert article.text.startswith(text.split("\n\n")[1][:30])


def test_invalid_bytes_are_replaced_not_fatal(tmp_path):
    data = ("Bridge Opens\n\n" + BODY * 3).encode() + b"\xff\xfe\xfa broken tail " + BODY.encode()
    [article] = read_file(write(tmp_path, "bad.txt", data)).articles
    assert article.title == "Bridge Opens" and "harbour wall" in article.text


def test_sentence_case_title_on_the_first_line(tmp_path):
    [article] = read_file(
        write(tmp_path, "a.txt", "Talks resume in Istanbul\n" + BODY * 3)
    ).articles
    assert article.title == "Talks resume in Istanbul" and not article.title_derived


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "report.html",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary",
            "a damaged PDF",
        ),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0", "not an article: the content is a PNG"),
        ("empty.txt", b"", "empty file"),
        ("nul.txt", b"text\0with\0nuls" * 10, "binary content (NUL bytes)"),
        ("whitespace.txt", b"   \n\n  \n", "no text: only white space"),
        ("bomb.txt.gz", gzip.compress(b"a" * (60 * 1024 * 1024)), "decompresses to more than"),
        ("bad.txt.gz", b"\x1f\x8b\x08\x00garbage", ""),
    ],
)
def test_bad_files_get_a_reason(tmp_path, name, data, reason):
    reading = read_file(write(tmp_path, name, data))
    assert not reading.articles and reading.skipped.startswith(reason)


def test_huge_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as out:
        out.truncate(30 * 1024 * 1024)  # sparse: no disk used
    assert read_file(path).skipped.startswith("too large (30 MB")


def test_a_single_line_of_megabytes_is_one_article(tmp_path):
    line = ("word " * 9 + "end. ") * 100_000  # 5 MB, no newline
    [article] = read_file(write(tmp_path, "line.txt", line)).articles
    assert article.title_derived and len(article.text) > 4_000_000


def test_links_fifos_and_loops_in_a_folder(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    write(folder, "good.txt", "Good Story\n" + BODY * 3)
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder)  # a folder link loop, never followed
    os.mkfifo(folder / "pipe.txt")
    summary = drain(Library(tmp_path / "index").update(folder))
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in summary.skipped}
    assert reasons == {
        "loop-a.txt": "link loop",
        "loop-b.txt": "link loop",
        "pipe.txt": "not a regular file (a pipe, a socket or a device)",
        "back": "a link to a folder: not followed",
    }
    assert summary.added == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_files_are_skipped(tmp_path):
    path = write(tmp_path, "locked.txt", "Locked\n" + BODY * 3)
    path.chmod(0)
    assert read_file(path).skipped.startswith("unreadable")


def test_boilerplate_repeated_across_files_is_removed(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for n in range(6):
        write(
            folder,
            f"{n}.txt",
            "\n".join(
                [
                    "Daily Harbour Gazette",
                    f"Story Number {n} About the Harbour",
                    BODY * 2,
                    "Read our weekend edition",
                    "Follow the Gazette everywhere",
                    BODY,
                ]
            ),
        )
    library = Library(tmp_path / "index")
    drain(library.update(folder))
    for article in library.articles():
        text = library.article(article.id).text
        assert "Gazette" not in text and "weekend edition" not in text


def test_near_duplicates_show_as_one_hit_with_copies(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    story = [f"Paragraph {i} of the storm story: " + BODY for i in range(6)]
    write(folder, "agency.txt", "Storm Hits the Coast\n" + "\n".join(story))
    edited = [*story[:5], "A local paper added its own closing line here."]
    write(folder, "local.txt", "Storm Hits Coast, Roads Closed\n" + "\n".join(edited))
    write(folder, "other.txt", "Library Extends Opening Hours\n" + "The library opens late. " * 40)
    library = Library(tmp_path / "index")
    drain(library.update(folder))
    results = library.searcher().search("storm")
    assert results.total == 1 and results.hits[0].copies == 2
    for sort in ("relevance", "date", "title"):
        browse = library.searcher().search("", sort=sort)
        assert browse.total == len(browse.hits) == 2
        assert library.searcher().search("storm", sort=sort).total == 1


def test_a_story_without_known_elements_keeps_its_text(tmp_path):
    """A <DOC> collection whose stories hold none of the elements the SGML reader knows
    gave articles with no text at all: every word was lost."""
    path = tmp_path / "docs.sgml"
    path.write_text(
        "<DOC NUMBER=1>\n<P CLASS=a>Ferry terminal delayed again</P>\n"
        "<P CLASS=b>The harbour board said on Monday that the new terminal will open a "
        "year late.</P>\n</DOC>\n<DOC NUMBER=2>\n<P>Second story, with its own words.</P>\n"
        "</DOC>\n"
    )
    first, second = read_file(path).articles
    assert "The harbour board said on Monday" in first.text
    assert "Ferry terminal delayed again" in first.title + first.text
    assert "its own words" in second.text


FIGURE_PAGE = """<html><head><title>Drones hit Kharkiv</title></head><body>
<header><nav>Home | World | Sport</nav></header><article><h1>Drones hit Kharkiv</h1>
<p>Drones struck the city of Kharkiv overnight, officials said on Monday, and power was
lost in three districts for most of the day.</p>
<figure><img src="a.jpg" alt="Smoke"><figcaption>Residents leave a damaged building in
Kharkiv on Monday. Photo: Sergey Bobok/AFP</figcaption></figure>
<p>The regional governor said that twelve people were wounded and that repair crews were
working through the night to restore the grid.</p>
<p>It was the third attack on the city this week, after strikes on Wednesday and Friday
that damaged a school and a hospital.</p></article>
<aside><figure><img src="b.jpg"><figcaption>Our best photos of the week, every
Friday</figcaption></figure></aside><footer>Copyright</footer></body></html>"""


def test_a_web_pages_figure_caption_is_text_where_it_stands(tmp_path):
    """The extractor left every <figcaption> out, silently: "Residents leave a damaged
    building in Kharkiv on Monday" was not in the article, nor listed as removed. A
    caption between the article's paragraphs is text; one elsewhere (a promotion in an
    aside) stays out."""
    page = tmp_path / "kharkiv.html"
    page.write_text(FIGURE_PAGE, encoding="utf-8")
    [article] = read_file(page).articles
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1] == (
        "Residents leave a damaged building in Kharkiv on Monday. Photo: Sergey Bobok/AFP"
    )
    assert paragraphs[0].startswith("Drones struck") and paragraphs[2].startswith("The regional")
    assert "best photos" not in article.text
    # The caption points to itself in the file, as every paragraph does.
    start = article.text.index("Residents")
    segment = next(s for s in article.source_map.segments if s[0] == start)
    assert FIGURE_PAGE[segment[2] :].startswith("Residents leave a damaged building in")


def test_a_library_indexed_before_reads_its_web_pages_again(tmp_path):
    """Store version 27: pages read without their captions are read again; a text file
    is not."""
    from tests.store_versions import updated_from_version

    lib, summary = updated_from_version(
        tmp_path,
        {"kharkiv.html": FIGURE_PAGE, "note.txt": "A note\n\nNothing to read again here.\n"},
        26,
        "UPDATE articles SET text = replace(text, 'Residents leave', 'Gone')",
    )
    assert summary.updated == 1 and summary.unchanged == 1
    [hit] = lib.searcher().search("residents", limit=5).hits
    assert "Residents leave a damaged building" in lib.store.text_of(hit.id)
    lib.close()
