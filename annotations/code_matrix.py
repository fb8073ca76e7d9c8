"""The code matrix: how often each tag was applied, across publications, years,
months, sections or articles, or beside each other tag (co-occurrence), the
cross-tabulation a QDA tool's code matrix browser gives.

Rows are the codebook's tags. A row counts the passages tagged with the tag or a
tag below it, as `tag:` finds them, unless `with_children` is off. A cell counts
passages (`unit="passages"`) or the articles they are in (`unit="articles"`).
Against tags, a cell counts passages carrying both tags (on one passage), or
articles with a passage of each (in one article): `tag:A+B` and `tag:A tag:B`.

Totals count each passage (article) once: a passage tagged with a parent and a
child is one passage of the column, and a passage has one publication and one date,
so a metadata row's total is the sum of its cells. Every cell keeps its passages,
so the window can list what a number stands for. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotations.model import Passage, Tag
from annotations.tag_tree import TagTree

# What the columns are: an article's field, the tags themselves, or the names (of one
# kind) that passages mention.
NAME_KINDS = {
    "person": "Person",
    "place": "Place",
    "organisation": "Organisation",
    "group": "Group",
}
DIMENSIONS = ("publication", "year", "month", "section", "article", "tag", *NAME_KINDS)
TOP_NAMES = 30  # names as columns: the most mentioned in the passages
UNITS = ("passages", "articles")
NO_VALUE = {
    "publication": "(no publication)",
    "section": "(no section)",
    "year": "(no date)",
    "month": "(no date)",
}
NOT_IN_LIBRARY = "(article not in the library)"


@dataclass(frozen=True)
class Line:
    """A row or a column: its key (a tag id, a value, an article id) and its label."""

    key: object
    label: str


@dataclass
class Cell:
    passages: set[int] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


@dataclass
class CodeMatrix:
    by: str
    unit: str
    with_children: bool
    rows: list[Line]
    columns: list[Line]
    cells: dict[tuple[int, int], Cell]
    row_cells: list[Cell]  # each row's passages and articles, over every column
    column_cells: list[Cell]  # each column's coded passages and articles
    everything: Cell  # every passage counted anywhere
    passages: dict[int, Passage] = field(default_factory=dict)  # those counted, by id
    absent: set[str] = field(default_factory=set)  # their articles not in the library

    def _size(self, cell: Cell | None) -> int:
        if cell is None:
            return 0
        return len(cell.passages if self.unit == "passages" else cell.articles)

    def count(self, row: int, column: int) -> int:
        return self._size(self.cells.get((row, column)))

    def row_total(self, row: int) -> int:
        return self._size(self.row_cells[row])

    def column_total(self, column: int) -> int:
        return self._size(self.column_cells[column])

    @property
    def total(self) -> int:
        return self._size(self.everything)

    def passages_in(self, row: int | None, column: int | None) -> set[int]:
        """The passages a cell (a row's or a column's total, with None) stands for."""
        if row is None and column is None:
            return set(self.everything.passages)
        if row is None:
            return set(self.column_cells[column].passages)
        if column is None:
            return set(self.row_cells[row].passages)
        cell = self.cells.get((row, column))
        return set(cell.passages) if cell else set()

    def share(self, row: int, column: int, of: str) -> float | None:
        """The cell as a share of its row's total (`of="row"`) or its column's."""
        whole = self.row_total(row) if of == "row" else self.column_total(column)
        return self.count(row, column) / whole if whole else None


def code_matrix(
    tags: list[Tag],
    passages: Iterable[Passage],
    articles: Mapping[str, object],
    by: str = "publication",
    unit: str = "passages",
    with_children: bool = True,
    names: Mapping[int, set[str]] | None = None,
) -> CodeMatrix:
    """`articles`: the library's articles by id (title, published, site, section);
    a passage whose article is not there is counted under NOT_IN_LIBRARY. By a kind
    of name, `names` gives each passage's names of that kind (passage_names)."""
    if by not in DIMENSIONS:
        raise ValueError(f"the columns are one of {', '.join(DIMENSIONS)}, not {by!r}")
    if unit not in UNITS:
        raise ValueError(f"the unit is passages or articles, not {unit!r}")
    tree = TagTree(tags)
    ordered = tree.in_order()
    rows = [Line(t.id, tree.paths[t.id]) for t in ordered]
    # The rows a tag on a passage counts in: its own, and with children its ancestors'.
    counts_in: dict[int, list[int]] = {t.id: [] for t in ordered}
    for index, tag in enumerate(ordered):
        for below in tree.below(tag.id) if with_children else {tag.id}:
            counts_in[below].append(index)
    passages = [p for p in passages if any(t.id in counts_in for t in p.tags)]
    rows_of = {p.id: sorted({r for t in p.tags for r in counts_in.get(t.id, ())}) for p in passages}
    if by == "tag":
        matrix = _against_tags(by, unit, with_children, rows, list(rows), passages, rows_of)
    elif by in NAME_KINDS:
        matrix = _against_names(by, unit, with_children, rows, passages, rows_of, names or {})
    else:
        matrix = _against_values(by, unit, with_children, rows, passages, rows_of, articles)
    matrix.passages = {p.id: p for p in passages}
    matrix.absent = {p.article_id for p in passages} - set(articles)
    return matrix


def _against_values(by, unit, with_children, rows, passages, rows_of, articles) -> CodeMatrix:
    values = {p.id: _value(by, articles.get(p.article_id), p) for p in passages}
    columns = _columns(by, values.values(), articles)
    column_of = {line.key: i for i, line in enumerate(columns)}
    matrix = _empty(by, unit, with_children, rows, columns)
    for p in passages:
        column = column_of[values[p.id][0]]
        _add(matrix.column_cells[column], p)
        _add(matrix.everything, p)
        for row in rows_of[p.id]:
            _add(matrix.cells.setdefault((row, column), Cell()), p)
            _add(matrix.row_cells[row], p)
    return matrix


def _against_names(by, unit, with_children, rows, passages, rows_of, names) -> CodeMatrix:
    """A column per name among the TOP_NAMES most mentioned: a passage counts in each
    name it mentions, so a row's cells add up to more than its total, which (as the
    grand total) counts every passage of the tag, named or not; "% of the tag's
    total" is then the share of the tag's passages that mention the name."""
    mentioned: dict[str, int] = {}
    for p in passages:
        for name in names.get(p.id, ()):
            mentioned[name] = mentioned.get(name, 0) + 1
    top = sorted(mentioned, key=lambda n: (-mentioned[n], n.casefold()))[:TOP_NAMES]
    columns = [Line(name, name) for name in top]
    column_of = {name: i for i, name in enumerate(top)}
    matrix = _empty(by, unit, with_children, rows, columns)
    for p in passages:
        _add(matrix.everything, p)
        listed = [column_of[n] for n in names.get(p.id, ()) if n in column_of]
        for column in listed:
            _add(matrix.column_cells[column], p)
        for row in rows_of[p.id]:
            _add(matrix.row_cells[row], p)
            for column in listed:
                _add(matrix.cells.setdefault((row, column), Cell()), p)
    return matrix


def passage_names(passages: Iterable[Passage], mentions_of, kind: str) -> dict[int, set[str]]:
    """Each passage's names of one kind (their canonical forms): the mentions inside
    its span. `mentions_of(article_id)` gives an article's mentions (indexer/store.py)."""
    by_article: dict[str, list[Passage]] = {}
    for p in passages:
        by_article.setdefault(p.article_id, []).append(p)
    found: dict[int, set[str]] = {}
    for article_id, its in by_article.items():
        mentions = [m for m in mentions_of(article_id) if m.kind == kind]
        for p in its:
            inside = {m.canonical for m in mentions if m.start >= p.start and m.end <= p.end}
            if inside:
                found[p.id] = inside
    return found


def _against_tags(by, unit, with_children, rows, columns, passages, rows_of) -> CodeMatrix:
    matrix = _empty(by, unit, with_children, rows, columns)
    per_article: dict[str, list[Passage]] = {}
    for p in passages:
        per_article.setdefault(p.article_id, []).append(p)
        _add(matrix.everything, p)
        for row in rows_of[p.id]:
            _add(matrix.row_cells[row], p)
            _add(matrix.column_cells[row], p)
    for article_id, article_passages in per_article.items():
        if unit == "passages":  # both tags on one passage
            for p in article_passages:
                for row in rows_of[p.id]:
                    for column in rows_of[p.id]:
                        _add(matrix.cells.setdefault((row, column), Cell()), p)
            continue
        # Both tags in one article: the cell holds the article, and the passages of
        # either tag in it (by row first: an article of 50 passages paired them 2,500
        # times).
        of_row: dict[int, set[int]] = {}
        for p in article_passages:
            for row in rows_of[p.id]:
                of_row.setdefault(row, set()).add(p.id)
        for row, mine in of_row.items():
            for column, theirs in of_row.items():
                cell = matrix.cells.setdefault((row, column), Cell())
                cell.articles.add(article_id)
                cell.passages |= mine | theirs
    return matrix


def _empty(by, unit, with_children, rows, columns) -> CodeMatrix:
    return CodeMatrix(
        by=by,
        unit=unit,
        with_children=with_children,
        rows=rows,
        columns=columns,
        cells={},
        row_cells=[Cell() for _ in rows],
        column_cells=[Cell() for _ in columns],
        everything=Cell(),
    )


def _add(cell: Cell, passage: Passage) -> None:
    cell.passages.add(passage.id)
    cell.articles.add(passage.article_id)


def _value(by: str, article, passage: Passage) -> tuple[str, str]:
    """The column a passage falls in: (key, sort key)."""
    if article is None:
        return NOT_IN_LIBRARY, "\uffff"
    if by == "article":
        return passage.article_id, f"{article.published or '9999'}\n{article.title.casefold()}"
    if by in ("year", "month"):
        value = (article.published or "")[: 4 if by == "year" else 7]
        whole = len(value) == (4 if by == "year" else 7) and value[:4].isdigit()
        return (value, value) if whole else (NO_VALUE[by], "\ufffe")
    value = " ".join(str(getattr(article, "site" if by == "publication" else by) or "").split())
    return (value, "") if value else (NO_VALUE[by], "\ufffe")


def _columns(by: str, values: Iterable[tuple[str, str]], articles) -> list[Line]:
    """Dates and articles in time order; publications and sections by name; the
    passages with no value, then those whose article is gone, last."""
    keys: dict[str, str] = dict(values)
    order = sorted(keys, key=lambda k: (keys[k], k.casefold()))
    if by == "article":
        return [Line(k, k if k == NOT_IN_LIBRARY else _article_label(articles[k])) for k in order]
    return [Line(k, k) for k in order]


def _article_label(article) -> str:
    date = (article.published or "")[:10]
    return f"{article.title} ({date})" if date else article.title


def matrix_of(
    annotations,
    library_store,
    by: str = "publication",
    unit: str = "passages",
    with_children: bool = True,
    within: set[str] | None = None,
) -> CodeMatrix:
    """The matrix of an annotation store's passages (only those on the articles
    `within`, if given), with the library's articles (indexer/store.py) for columns."""
    passages = [p for p in annotations.all_passages() if within is None or p.article_id in within]
    found = library_store.metadata({p.article_id for p in passages})
    articles = {a.id: a for a in found}
    names = None
    if by in NAME_KINDS:
        names = passage_names(passages, library_store.mentions, NAME_KINDS[by])
    return code_matrix(annotations.tags(), passages, articles, by, unit, with_children, names)


def as_json(matrix: CodeMatrix) -> dict:
    """The command line's `matrix --json`: counts a row per tag, a number per column."""
    return {
        "by": matrix.by,
        "unit": matrix.unit,
        "with_children": matrix.with_children,
        "columns": [
            {"key": line.key, "label": line.label, "total": matrix.column_total(j)}
            for j, line in enumerate(matrix.columns)
        ],
        "rows": [
            {
                "tag": line.label,
                "total": matrix.row_total(i),
                "counts": [matrix.count(i, j) for j in range(len(matrix.columns))],
            }
            for i, line in enumerate(matrix.rows)
        ],
        "total": matrix.total,
    }
