"""Postings stored as raw arrays, so a search reads them with NumPy instead of pickle.

Whoosh's own codec pickles and compresses every block of 128 postings, and its
position formats pickle a list for every posting. Reading a common word's
postings at 100k articles cost tens of milliseconds, and checking a phrase
decoded a pickle per article. This codec keeps Whoosh's file layout (terms,
block headers, skipping, merging) and changes what a block holds:

    <II>  postings in the block, bytes of values
    ids       uint32 x n   document numbers
    weights   float32 x n
    lengths   uint32 x n   bytes of each posting's value
    values    the values, one after another

and the position formats store each posting as uint32s: positions, or (position,
start, end) triples. Whoosh's matchers still read these blocks one posting at a
time (date ranges, proximity queries, merging); `read_term` reads a whole list at
once. Numbers are in the machine's byte order: an index is local to one machine.
"""

from __future__ import annotations

import logging
import struct
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    W3Segment,
    _lenfield,
)
from whoosh.compat import dumps
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.formats import Characters, Positions, tokens
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.analysis import AnalysedText, ProseAnalyzer, analysed
from indexer.batch_postings import ProseField, WordSetField

log = logging.getLogger(__name__)

assert array("I").itemsize == 4 and array("f").itemsize == 4

_HEAD = struct.Struct("=II")
BLOCK_POSTINGS = 1024  # Whoosh uses 128; larger blocks mean fewer headers to read


class ArrayPositions(Positions):
    """Positions as uint32s (Whoosh's Positions pickles a list of deltas)."""

    stride = 1  # uint32s per occurrence

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        seen: dict[str, array] = defaultdict(lambda: array("I"))
        kwargs["positions"] = True
        for t in tokens(value, analyzer, kwargs):
            seen[t.text].append(t.pos)
        for word, positions in seen.items():
            yield word, len(positions), len(positions) * fb, positions.tobytes()

    def encode(self, poslist):
        return array("I", poslist).tobytes()

    def _numbers(self, valuestring) -> array:
        numbers = array("I")
        numbers.frombytes(valuestring)
        return numbers

    def decode_positions(self, valuestring):
        return self._numbers(valuestring)[:: self.stride].tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // (4 * self.stride)

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs):
        return self.encode(sorted({p for v in vs for p in self.decode_positions(v)}))


class ArrayCharacters(ArrayPositions, Characters):
    """(position, start character, end character) triples as uint32s, for snippets."""

    stride = 3

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        seen: dict[str, array] = defaultdict(lambda: array("I"))
        kwargs["positions"] = True
        kwargs["chars"] = True
        for t in tokens(value, analyzer, kwargs):
            seen[t.text].extend((t.pos, t.startchar, t.endchar))
        for word, numbers in seen.items():
            count = len(numbers) // 3
            yield word, count, count * fb, numbers.tobytes()

    def encode(self, poslist):
        return array("I", [n for triple in poslist for n in triple]).tobytes()

    def decode_characters(self, valuestring):
        n = self._numbers(valuestring)
        return list(zip(n[0::3], n[1::3], n[2::3], strict=True))

    def combine(self, vs):
        triples: dict[int, tuple[int, int]] = {}
        for v in vs:
            for pos, start, end in self.decode_characters(v):
                old = triples.get(pos)
                triples[pos] = (
                    (start, end) if old is None else (min(start, old[0]), max(end, old[1]))
                )
        return self.encode([(p, *triples[p]) for p in sorted(triples)])


class ArrayPostingsWriter(W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        # Whoosh's version checks every argument's type and drops empty values; this
        # keeps one value per posting so the lengths line up with the ids.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        self._values.append(vbytes)
        if weight > self._maxweight:
            self._maxweight = weight
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _new_block(self):
        super()._new_block()
        self._blob = None  # a block's values as one piece (write_term)
        self._blob_lengths = None

    def write_term(self, ids, weights, value_lengths, values, doc_lengths) -> None:
        """A whole term's postings from arrays, block by block: no call per posting.
        `doc_lengths[docnum]` is the field's length in each document (None: unscored)."""
        n, limit, at = len(ids), self._blocklimit, 0
        for start in range(0, n, limit):
            end = min(n, start + limit)
            self._ids, self._weights = ids[start:end], weights[start:end]
            self._blob_lengths = value_lengths[start:end]
            size = sum(self._blob_lengths)
            self._blob = values[at : at + size]
            at += size
            self._maxweight = max(self._weights)
            self._minlength, self._maxlength = None, 0
            if doc_lengths is not None:
                found = doc_lengths[np.frombuffer(self._ids, dtype=np.uint32)]
                found = found[found > 0]
                if found.size:
                    self._minlength, self._maxlength = int(found.min()), int(found.max())
            if end < n:
                self._write_block()
        # The last block is written by finish_postings, marked as the last.

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids, values = self._ids, self._values
        if self._blob is not None:
            lengths, values = self._blob_lengths, (self._blob,)
        else:
            lengths = array("I", map(len, values))
        data = b"".join(
            (
                _HEAD.pack(len(ids), sum(lengths)),
                ids.tobytes(),
                self._weights.tobytes(),
                lengths.tobytes(),
                *values,
            )
        )
        info = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                0,  # not compressed
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class ArrayLeafMatcher(W3LeafMatcher):
    def _read_data(self):
        self._data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        n = self._blocklength
        self._ids = array("I", self._data[_HEAD.size : _HEAD.size + 4 * n])

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        n = self._blocklength
        start = _HEAD.size + 4 * n
        self._weights = array("f", self._data[start : start + 4 * n])

    def _read_values(self):
        if self._data is None:
            self._read_data()
        n = self._blocklength
        start = _HEAD.size + 8 * n
        lengths = array("I", self._data[start : start + 4 * n])
        at = start + 4 * n
        values = []
        for length in lengths:
            values.append(self._data[at : at + length])
            at += length
        self._values = tuple(values)

    def blocks(self):
        """The raw data of every block, from the first."""
        self.reset()
        while True:
            yield self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            if self._lastblock:
                return
            self._goto(self._nextoffset)


class _ViewFile:
    """A read-only file over a memoryview; reading copies only what is read."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        start = self._pos
        size = len(self._view)
        self._pos = size if n is None or n < 0 else min(start + n, size)
        return self._view[start : self._pos].tobytes()

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        line = bytearray()
        while self._pos < len(self._view) and (limit < 0 or len(line) < limit):
            char = self._view[self._pos]
            self._pos += 1
            line.append(char)
            if char == 10:
                break
        return bytes(line)

    def seek(self, position: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._view))[whence]
        self._pos = max(0, base + position)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view = memoryview(b"")


class _MappedFile(BufferFile):
    """Whoosh's BufferFile wraps its buffer in a BytesIO, which copies it: opening a
    reader copied every segment's postings into memory (a gigabyte at 100k
    articles, twice over while a searcher was being replaced). This one reads the
    memory-mapped segment in place."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _ViewFile(buf)


class _MappedCompound(CompoundStorage):
    def open_file(self, name, *args, **kwargs):
        if self.is_closed or self._source is None:
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return _MappedFile(memoryview(self._source)[offset : offset + length], name=name)


class ArraySegment(W3Segment):
    def open_compound_file(self, storage):
        dbfile = storage.open_file(self.make_filename(self.COMPOUND_EXT))
        return _MappedCompound(dbfile, use_mmap=storage.supports_mmap)


class ArrayCodec(W3Codec):
    def __init__(self, blocklimit=BLOCK_POSTINGS, compression=0, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def new_segment(self, storage, indexname):
        return ArraySegment(self, indexname)

    def per_document_reader(self, storage, segment):
        return _LengthsOnce(storage, segment)

    def field_writer(self, storage, segment):
        return ArrayFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors, which our schemas do not keep
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile, blocklimit=self._blocklimit, compression=0, inlinelimit=self._inlinelimit
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPool:
    """The postings of a segment being written, kept as arrays in memory.

    Whoosh's PostingPool keeps one tuple per posting, sorts them all, and past
    `limitmb` pickles them to temporary files and merges those back: at 1k articles
    a third of the text phase went to pickling postings to disk and reading them
    again. Analysed fields (prose and word sets) are gathered a whole text at a time
    and sorted once (batch_postings.py); other fields' postings are kept per term:
    they arrive in document order (added documents, and merged segments one after
    another), so each term's list is already sorted; only the terms are.
    """

    def __init__(self) -> None:
        # (fieldname, term) -> (document numbers, weights, value lengths, values)
        self._terms: dict[tuple[str, bytes], tuple[array, array, array, bytearray]] = {}
        self._batches: dict[str, ProseField | WordSetField] = {}
        self.fieldnames: set[str] = set()

    def add(self, item) -> None:
        """One posting (Whoosh's merge of segments adds them so)."""
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((btext, 0, weight, value),), 1.0)

    def add_value(self, fieldname: str, field, docnum: int, value, boost: float) -> int:
        """One document's value of an indexed field; returns the field's length."""
        stride = getattr(field.format, "stride", None)
        if stride and isinstance(field.analyzer, ProseAnalyzer):
            batch = self._batch(fieldname, lambda: ProseField(stride))
            if not isinstance(value, AnalysedText):
                value = analysed(value)
            return batch.add(docnum, value, field.format.field_boost * boost)
        if getattr(field, "word_set", False):
            batch = self._batch(fieldname, WordSetField)
            if isinstance(value, str) and not isinstance(value, AnalysedText):
                value = analysed(value)
            return batch.add(docnum, value, boost)
        return self.add_field(fieldname, docnum, field.index(value), boost)

    def _batch(self, fieldname: str, make):
        batch = self._batches.get(fieldname)
        if batch is None:
            batch = self._batches[fieldname] = make()
            self.fieldnames.add(fieldname)
        return batch

    def add_field(self, fieldname: str, docnum: int, items, boost: float) -> int:
        """One document's postings in one field (field.index()); returns its length."""
        terms = self._terms
        length = 0
        for btext, freq, weight, value in items:
            length += freq
            key = (fieldname, btext)
            entry = terms.get(key)
            if entry is None:
                entry = terms[key] = (array("I"), array("f"), array("I"), bytearray())
                self.fieldnames.add(fieldname)
            entry[0].append(docnum)
            entry[1].append(weight * boost)
            if value:
                entry[2].append(len(value))
                entry[3].extend(value)
            else:
                entry[2].append(0)
        return length

    def terms(self):
        """(fieldname, term, docnums, weights, value lengths, values), fields and terms
        in order; each term's memory is freed as it is written."""
        loose: dict[str, list[bytes]] = defaultdict(list)
        for fieldname, btext in self._terms:
            loose[fieldname].append(btext)
        for fieldname in sorted(self.fieldnames):
            kept = sorted(loose.get(fieldname, ()))
            listed = ((t, *self._terms.pop((fieldname, t))) for t in kept)
            batch = self._batches.pop(fieldname, None)
            found = _merged(batch.terms(), listed) if batch else listed
            for btext, *lists in found:
                yield (fieldname, btext, *lists)

    def iter_postings(self):
        return _PoolPostings(self)

    items = iter_postings

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self._terms.clear()
        self._batches.clear()


def _merged(first, second):
    """Two streams of (term, lists...) sorted by term, as one; a term in both (an
    analysed field that also received a merged segment's postings) gets both lists,
    in document order."""
    first, second = iter(first), iter(second)
    a, b = next(first, None), next(second, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield a
            a = next(first, None)
        elif a is None or b[0] < a[0]:
            yield b
            b = next(second, None)
        else:
            yield _joined(a, b)
            a, b = next(first, None), next(second, None)


def _joined(a, b):
    """One term's postings from two lists, ordered by document."""
    postings = []
    for _, docs, weights, sizes, values in (a, b):
        at = 0
        for doc, weight, size in zip(docs, weights, sizes, strict=True):
            postings.append((doc, weight, size, bytes(values[at : at + size])))
            at += size
    postings.sort(key=lambda p: p[0])
    return (
        a[0],
        array("I", [p[0] for p in postings]),
        array("f", [p[1] for p in postings]),
        array("I", [p[2] for p in postings]),
        b"".join(p[3] for p in postings),
    )


class _PoolPostings:
    """A pool's postings: Whoosh iterates them one at a time; ArrayFieldWriter takes
    them a term at a time."""

    def __init__(self, pool: ArrayPool) -> None:
        self.pool = pool

    def __iter__(self):
        for fieldname, btext, docnums, weights, lengths, values in self.pool.terms():
            at = 0
            for docnum, weight, length in zip(docnums, weights, lengths, strict=True):
                yield fieldname, btext, docnum, weight, bytes(values[at : at + length])
                at += length


# Field length for each length byte, as Whoosh decodes them (0: none).
_BYTE_LENGTHS = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.int64)


class ArrayFieldWriter(W3FieldWriter):
    """Writes a new segment's postings a term at a time from the pool's arrays. Whoosh's
    writer made five Python calls per posting (the pool, the sort, the field writer,
    the lengths, the postings writer): most of the text phase once analysis was fast."""

    def add_postings(self, schema, lengths, items):
        if not isinstance(items, _PoolPostings):  # a merge of segments: Whoosh's way
            return super().add_postings(schema, lengths, items)
        current = None
        doc_lengths = None
        for fieldname, btext, docnums, weights, value_lengths, values in items.pool.terms():
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                current = fieldname
                doc_lengths = _doc_lengths(lengths, fieldname)
            self.start_term(btext)
            self._postwriter.write_term(docnums, weights, value_lengths, values, doc_lengths)
            self.finish_term()
        if current is not None:
            self.finish_field()
        return None


def _doc_lengths(per_doc, fieldname: str) -> np.ndarray | None:
    """Each document's length of a field in the segment being written (None: no lengths)."""
    if per_doc is None:
        return None
    reader = per_doc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return None
    count = per_doc.doc_count_all()
    return _BYTE_LENGTHS[np.fromiter((reader[d] for d in range(count)), np.int64, count)]


class _LengthsOnce(W3PerDocReader):
    """Whoosh asks for a field's lengths once per posting while writing a segment, and
    for a field without lengths (the words-as-written fields) it looked for the
    column file on disk every time: a stat() per posting."""

    def _cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]


class ArraySegmentWriter(SegmentWriter):
    """Whoosh's writer with the ArrayPool, and an add_document that hands each field's
    postings to the pool at once instead of one tuple and one call per posting."""

    def add_document(self, **fields):
        schema = self.schema
        if any(
            schema[name].separate_spelling() or schema[name].vector
            for name in fields
            if name in schema
        ):
            return super().add_document(**fields)
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = self.pool.add_value(fieldname, field, docnum, value, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        return None

    def abandon(self) -> None:
        """Give up this writer after a failure, one in commit included: Whoosh's
        cancel() then raised ("seek of closed file") before it released the write
        lock, so in the window every later run found the index locked, and the
        unfinished segment's files stayed on a disk that was already full. Its files
        are removed while the lock is still held, so no other writer's are."""
        try:
            self._close_segment()
        except Exception:  # a failed commit closed some of them already
            log.debug("closing an abandoned segment", exc_info=True)
        try:
            toc = TOC.read(self.storage, self.indexname)
            clean_files(self.storage, self.indexname, toc.generation, toc.segments)
        except Exception:
            log.warning("could not remove an unfinished segment's files", exc_info=True)
        try:
            self._finish()
        except Exception:  # its temporary files: the lock must go all the same
            log.warning("could not finish an abandoned index writer", exc_info=True)
            if self.writelock:
                self.writelock.release()
            self.is_closed = True


SMALL_SEGMENT = 1_000  # documents: smaller segments (small updates) are merged


def merge_small_segments(writer, segments):
    """A merge policy for the text index: segments under SMALL_SEGMENT documents are
    merged into the new one once there are three of them; larger ones never are.
    Whoosh's MERGE_SMALL merges by a Fibonacci rule that, past 25 segments of
    3,000 articles, chose to merge nearly the whole index, a posting at a time (at
    100k articles: two extra minutes and 1.8 GB). A merged index searches no faster
    once postings are arrays; a pile of small segments would."""
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    if len(small) < 3:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


class ArrayIndex(FileIndex):
    """A Whoosh index whose writers (and merges) write ArrayCodec segments."""

    def writer(self, procs=1, **kwargs):
        kwargs.setdefault("codec", ArrayCodec())
        writer = super().writer(procs=procs, **kwargs)
        if type(writer) is SegmentWriter:
            writer.__class__ = ArraySegmentWriter
            writer.pool = ArrayPool()
        return writer


def open_index(folder: Path, make_schema) -> ArrayIndex:
    """The index in `folder`, created with `make_schema()` when there is none."""
    folder.mkdir(parents=True, exist_ok=True)
    storage = FileStorage(str(folder))
    if not storage.index_exists():
        FileIndex.create(storage, make_schema())
    return ArrayIndex(storage)


@dataclass
class TermPostings:
    """One term's postings in one segment, as arrays (deleted documents included)."""

    ids: np.ndarray  # int64 document numbers, ascending
    weights: np.ndarray  # float64
    counts: np.ndarray | None = None  # occurrences per document, when values were read
    numbers: np.ndarray | None = None  # the occurrences' uint32s, document after document
    stride: int = 1  # uint32s per occurrence: 1 (positions) or 3 (position, start, end)

    def occurrences(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For postings `rows`: the row of each occurrence, and its uint32s (one row of
        `stride` per occurrence)."""
        counts = self.counts[rows]
        starts = (np.cumsum(self.counts) - self.counts)[rows]
        total = int(counts.sum())
        owner = np.repeat(np.arange(rows.size), counts)
        index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        index += np.repeat(starts, counts)
        table = self.numbers.reshape(-1, self.stride)
        return owner, table[index]


def read_term(reader, fieldname: str, btext: bytes, values: bool = False) -> TermPostings:
    """A term's postings in one segment reader, read a whole list at a time."""
    fieldobj = reader.schema[fieldname]
    matcher = reader._terms.matcher(fieldname, btext, fieldobj.format, scorer=None)
    stride = getattr(fieldobj.format, "stride", None)
    if isinstance(matcher, ArrayLeafMatcher) and (stride or not values):
        return _read_blocks(matcher, values, stride or 1)
    return _read_postings(matcher, fieldobj.format, values)


def _read_blocks(matcher: ArrayLeafMatcher, values: bool, stride: int) -> TermPostings:
    ids, weights, lengths, data = [], [], [], []
    for block in matcher.blocks():
        n, nbytes = _HEAD.unpack_from(block)
        at = _HEAD.size
        ids.append(np.frombuffer(block, np.uint32, n, at))
        weights.append(np.frombuffer(block, np.float32, n, at + 4 * n))
        if values:
            lengths.append(np.frombuffer(block, np.uint32, n, at + 8 * n))
            data.append(np.frombuffer(block, np.uint32, nbytes // 4, at + 12 * n))
    found = TermPostings(
        np.concatenate(ids).astype(np.int64),
        np.concatenate(weights).astype(np.float64),
        stride=stride,
    )
    if values:
        found.counts = np.concatenate(lengths).astype(np.int64) // (4 * stride)
        found.numbers = np.concatenate(data)
    return found


def _read_postings(matcher, format_, values: bool) -> TermPostings:
    """Any other matcher (a list kept in the term dictionary, another codec's segment),
    one posting at a time."""
    characters = format_.supports("characters")
    ids, weights, counts, numbers = [], [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            if characters:
                occurrences = format_.decode_characters(matcher.value())
                numbers.extend(n for triple in occurrences for n in triple)
            else:
                occurrences = format_.decode_positions(matcher.value())
                numbers.extend(occurrences)
            counts.append(len(occurrences))
        matcher.next()
    found = TermPostings(
        np.asarray(ids, np.int64), np.asarray(weights, np.float64), stride=3 if characters else 1
    )
    if values:
        found.counts = np.asarray(counts, np.int64)
        found.numbers = np.asarray(numbers, np.uint32)
    return found
