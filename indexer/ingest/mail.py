"""Mail and news posts (RFC 822 headers), read with the standard `email` package; an
mbox file (a mailing list's archive) gives one post a message.

`Subject` is the title, `From` the author, `Date` the publication date; the
header block leaves the text (recorded in the source map as the mail header)
and every line of the post stays, quoted lines and signature included.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.utils import parseaddr

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.plaintext import derive_title, units_of
from indexer.provenance import TextBuilder

_HEADER = re.compile(r"^[A-Za-z][!-9;-~]{0,60}:[ \t]")  # RFC 822: printable, no colon
_KNOWN = re.compile(r"^(?:from|subject|newsgroups|date|message-id|path|to|organization):", re.I)
_MESSAGE_IDS = re.compile(r"(?:\s*<[^<>\s]+@[^<>\s]+>)+\s*$")
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n|\r[ \t]*\r")


def looks_like_mail(text: str) -> bool:
    """A header block first (two or more headers, From or Subject among them), then a
    blank line."""
    head = text[:65536].lstrip("\ufeff")
    if not _HEADER.match(head):
        return False  # most files: decided by their first line, without a scan
    block = _BLANK_LINE.split(head, maxsplit=1)[0]
    lines = block.splitlines()
    if len(lines) < 2 or len(lines) > 200:
        return False
    headers = [line for line in lines if _HEADER.match(line)]
    continuation = [line for line in lines if line[:1] in (" ", "\t")]
    if len(headers) + len(continuation) != len(lines) or not _HEADER.match(lines[0]):
        return False
    names = {line.split(":", 1)[0].lower() for line in headers}
    return bool(names & {"from", "subject"}) and sum(bool(_KNOWN.match(h)) for h in headers) >= 2


def parse_mail(text: str) -> list[ParsedArticle]:
    return [_message(text, 0, len(text))]


# An mbox file (a mailing list's archive, a mail program's folder): each message
# opens with a "From " line, its sender and the date it arrived, after a blank line.
_FROM_LINE = re.compile(r"^From \S+(?: at \S+)? +\S.*\d{4}[ \t\r]*$", re.M)
_LINE_BREAKS = re.compile(r"[\r\n]*")


def looks_like_mbox(text: str) -> bool:
    """A "From " line first, then a mail header block."""
    head = text[:65536].lstrip("\ufeff")
    first = _FROM_LINE.match(head)
    return bool(first) and looks_like_mail(head[first.end() :].lstrip("\r\n"))


def parse_mbox(text: str) -> list[ParsedArticle]:
    """One article a message; the "From " lines are recorded as the separators they are."""
    # Compared in place, never by slicing: an archive of thousands of messages made a
    # copy of the file's text for each.
    starts = [
        found
        for found in _FROM_LINE.finditer(text)
        if found.start() == 0 or text.endswith(("\n\n", "\r\n\r\n"), 0, found.start())
    ]
    articles = []
    for n, found in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        begin = _LINE_BREAKS.match(text, found.end()).end()
        article = _message(text, begin, end)
        article.source_map.removed.insert(0, (found.start(), found.end(), "mbox separator"))
        articles.append(article)
    return articles


def _message(text: str, start: int, end: int) -> ParsedArticle:
    """The message held in text[start:end]; offsets are the file's."""
    piece = text[start:end]
    message = email.message_from_string(piece.lstrip("\ufeff"), policy=email.policy.compat32)
    split = _BLANK_LINE.search(piece)
    body_start = start + (split.end() if split else len(piece))
    builder = TextBuilder()
    header_end = start + (split.start() if split else len(piece))
    builder.map.removed.append((start, header_end, "mail header"))
    if message.is_multipart():
        body = _plain_parts(message)
        for line in body.splitlines():
            if line.strip():
                builder.paragraph(line.strip())
        builder.map.segments.append((0, len(builder.text), body_start, end))
    else:
        for unit in units_of(text[body_start:end], base=body_start):
            builder.paragraph(unit)
    name, address = parseaddr(_header(message, "From"))
    # Lines of message-ids folded under Subject are what is left of a References header
    # whose name was lost; no subject ends with them.
    title = _MESSAGE_IDS.sub("", _header(message, "Subject")).strip()
    article = ParsedArticle(
        title=title,
        text=builder.text,
        author=(name or address or _header(message, "From"))[:200],
        published=dates.parse_date(_header(message, "Date")),
        section=_header(message, "Newsgroups")[:120],
        site=_header(message, "Organization")[:120],
    )
    if not title:
        article.title = derive_title(article.text) if article.text else "(no subject)"
        article.title_derived = True
    article.source_map = builder.map
    return article


def _header(message, name: str) -> str:
    value = message.get(name, "")
    return " ".join(str(value).split())


def _plain_parts(message) -> str:
    parts = []
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            payload = part.get_payload(decode=True) or b""
            parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n\n".join(parts)
