"""RTF files (Factiva and Nexis downloads, word processors): their text, a paragraph a line.

Written from the RTF 1.9.1 specification. The text is what a word processor's "Save
as plain text" gives: each paragraph (and each table cell) on a line of its own, a
line break starting a new line, a tab staying a tab. Groups that are not running
text (font and colour tables, styles, document information, pictures, headers,
footers, notes, field instructions, and any destination marked `\\*`) are left
out. Characters come from `\\uN` (Unicode) or `\\'hh` (a byte in the document's code
page, `\\ansicpg`, Windows-1252 when unnamed). The text is then read like a text file.
"""

from __future__ import annotations

import codecs
import re

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its parameter
    r"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    r"|\\([^a-zA-Z])"  # a control symbol
    r"|([{}])"
    r"|[\r\n]+"  # line ends in the file are not text
    r"|([^\\{}\r\n]+)"
)
_SKIPPED = frozenset(
    """fonttbl colortbl stylesheet info pict object header footer headerl headerr
    headerf footerl footerr footerf footnote annotation atnid atnauthor fldinst
    themedata colorschememapping latentstyles datastore xmlnstbl listtable
    listoverridetable rsidtbl generator mmathPr pgdsctbl revtbl filetbl listtext
    pntext pntxta pntxtb shpinst shprslt nonshppict userprops docvar template
    bkmkstart bkmkend""".split()
)
_CHARACTERS = {
    "par": "\n",
    "line": "\n",
    "sect": "\n",
    "page": "\n",
    "cell": "\n",
    "tab": "\t",
    "emdash": "—",
    "endash": "–",
    "lquote": "‘",
    "rquote": "’",
    "ldblquote": "“",
    "rdblquote": "”",
    "bullet": "•",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
}
_SYMBOLS = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}"}


def looks_like_rtf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"{\\rtf"


def rtf_text(data: bytes) -> str:
    """The running text of an RTF document. Raises ValueError when it is not RTF."""
    source = data.decode("latin-1")
    if not source.lstrip().startswith("{\\rtf"):
        raise ValueError("not an RTF document")
    codepage = _codepage(source)
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (a character may take two)
    stack: list[tuple[bool, int]] = []
    skipping, uc, to_skip, high = False, 1, 0, 0
    new_group = False  # the next control word opens the group (a destination)
    position = 0
    for token in _TOKEN.finditer(source):
        if token.start() < position:
            continue  # inside \binN data
        word, parameter, hexbyte, symbol, brace, text = token.groups()
        if hexbyte is None and pending:
            out.append(pending.decode(codepage, "replace"))
            pending.clear()
        if brace == "{":
            stack.append((skipping, uc))
            new_group = True
            continue
        if brace == "}":
            skipping, uc = stack.pop() if stack else (skipping, uc)
            to_skip, new_group = 0, False
            continue
        opens, new_group = new_group, False
        if to_skip and (hexbyte or symbol or text):
            # The characters standing in for a \uN before it, for readers without Unicode.
            if text:
                text, to_skip = text[to_skip:], max(0, to_skip - len(text))
            else:
                to_skip -= 1
                continue
        if symbol is not None:
            if symbol == "*" and opens:
                skipping = True  # an optional destination this reader does not know
            elif not skipping:
                out.append(_SYMBOLS.get(symbol, ""))
            continue
        if hexbyte is not None:
            if not skipping:
                pending.append(int(hexbyte, 16))
            continue
        if word is not None:
            if word in _SKIPPED:
                skipping = True
            elif word == "bin" and parameter:
                position = token.end() + max(0, int(parameter))
            elif word == "uc" and parameter:
                uc = max(0, int(parameter))
            elif word == "u" and parameter:
                value = int(parameter) % 65536  # written signed above 32767
                if skipping:
                    pass
                elif 0xD800 <= value <= 0xDBFF:
                    high = value  # the first half of a character beyond 16 bits
                elif 0xDC00 <= value <= 0xDFFF and high:
                    out.append(chr(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)))
                    high = 0
                else:
                    out.append(_unicode(value))
                to_skip = uc
            elif not skipping and word in _CHARACTERS:
                out.append(_CHARACTERS[word])
            continue
        if text and not skipping:
            out.append(text)
    if pending:
        out.append(pending.decode(codepage, "replace"))
    return "".join(out).replace("\r", "").rstrip("\n")


def _unicode(value: int) -> str:
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        return "\ufffd"  # half of a pair written as two \u words: not a character alone
    return chr(value)


def _codepage(source: str) -> str:
    found = re.search(r"\\ansicpg(\d{3,5})", source[:4096])
    name = f"cp{found.group(1)}" if found else "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name
