"""Turn the bytes of a disclosure file into text, or say plainly that they are not text.

Why a strict chain and not an encoding detector: statistical detectors (chardet and kin)
guess from byte frequencies and routinely misread short GBK text (a table header of two to
six characters) as some Latin or Cyrillic code page.  Chinese government files come in very
few encodings, and UTF-8 is so structured that text in another encoding almost never decodes
as UTF-8 by accident.  So we honour a byte-order mark, otherwise try strict UTF-8, then
strict GB18030 (a superset of GBK and GB2312).  A strict decoding that succeeds is never
refused for the characters it gives: traditional characters with pinyin readings, combining
marks, a bilingual Chinese–Uyghur text are all real text.  The plausibility test only
*chooses* between two strict readings (GBK text so short that it is valid UTF-8 by accident;
see ``decode_bytes``) and, when the chosen reading is mostly characters these documents are
not made of, adds a note that the pipeline turns into a ``source.unusual_characters``
diagnostic.  Bytes that no supported encoding reads strictly are reported as not text.

A PDF is read through its text layer (``budgetparse/pdf.py``, the optional ``pdf`` extra),
pages joined by form feeds.

Line ends are normalised exactly as Python's universal newlines do, because every span in
the project is a code-point offset into the text returned here.
"""

from __future__ import annotations

import codecs
import re

import attrs

from . import pdf
from .errors import UndecodableInputError

__all__ = ["Decoded", "UndecodableInputError", "decode_bytes"]


@attrs.frozen
class Decoded:
    """Decoded text (BOM removed, line ends turned into LF) and the encoding that read it.

    ``encoding`` is a codec name that reads the file back to exactly ``text`` with Python's
    ``open(path, encoding=...)`` (``utf-8-sig`` and ``utf-16`` drop their BOM themselves).
    ``note`` says why the text looks unusual, when it does (it is still the text).
    """

    text: str
    encoding: str
    note: str | None = None


# Minimum share of non-whitespace characters that must be plausible for a reading to be
# accepted.  Below ~34 characters this means "all of them", which is what keeps short GBK
# text from being taken for accidental UTF-8; on long text it tolerates the odd private-use
# glyph or stray control character left behind by PDF-to-text tools.
PLAUSIBLE_SHARE = 0.97

# Characters the disclosures are made of: whitespace, printable ASCII, Latin-1 *symbols*
# (not the accented letters, which is what GBK hanzi turn into when misread as UTF-8),
# general punctuation through dingbats (“ ” — … ※ ℃ Ⅰ ≥ ≤ ① ─ ■ ★ ❶), CJK radicals,
# CJK symbols and punctuation, enclosed CJK and CJK compatibility (㈠ ㎡), ideographs
# (extension A, the main block, compatibility, extensions B and later), vertical and small
# form variants, a stray ZWNBSP (U+FEFF) and the half-width and full-width forms.  Also
# the scripts of China's bilingual regions and of readings printed beside characters:
# Latin letters with diacritics and combining marks (pinyin: 部門(mén)), Cyrillic,
# Tibetan, Mongolian, Yi, and Arabic with its presentation forms (Uyghur, Kazakh).
# These only silence the note on an accepted reading: the GBK tie-break below compares
# readings of short texts, where accented letters are the sign of a misreading.
_PLAUSIBLE_CLASS = (
    "\t\n\v\f\r\x20-\x7e"
    "\xa0-\u024f\u0300-\u036f\u0400-\u04ff"
    "\u0600-\u06ff\u0750-\u077f\u0f00-\u0fff\u1800-\u18af\u1e00-\u1eff"
    "\ua000-\ua4cf\ufb50-\ufdff\ufe70-\ufefe"
    "\u2000-\u27bf"
    "\u2e80-\u2fdf"
    "\u3000-\u303f\u30fb"
    "\u3200-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\ufe10-\ufe1f\ufe30-\ufe6f\ufeff"
    "\uff00-\uffef"
    "\U00020000-\U0003134f"
)
_IMPLAUSIBLE_RUNS = re.compile(f"[^{_PLAUSIBLE_CLASS}]+")
# the class before the other scripts were added, for the GBK tie-break
_CHINESE_ONLY_RUNS = re.compile(
    "[^\t\n\v\f\r\x20-\x7e\xa0-\xbf\xd7\xf7\u2000-\u27bf\u2e80-\u2fdf\u3000-\u303f"
    "\u30fb\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\ufeff"
    "\uff00-\uffef\U00020000-\U0003134f]+"
)
# The GBK-read-as-UTF-8 tie-break applies to inputs up to this many bytes.
TIE_BREAK_BYTES = 256
_WHITESPACE = "\t\n\v\f\r \u3000\xa0"
# The main block of CJK ideographs: every real Chinese disclosure uses it, while short GBK
# text misread as UTF-8 mostly lands on two- or four-byte UTF-8 sequences instead (Latin-1
# symbols, extension B ...).
_COMMON_HAN = re.compile("[\u4e00-\u9fff]")
_TWO_OR_FOUR_BYTE = re.compile("[\x80-\u07ff\U00010000-\U0010ffff]")
# Three-byte characters a short text without a common hanzi is not trusted to hold as
# UTF-8: what GBK bytes read as UTF-8 land on besides the main block (extension A 䀁,
# enclosed and compatibility ideographs, radicals, kana, arrows and dingbats).  Text of
# punctuation alone (“…”、（一）、——、％) keeps its UTF-8 reading.
_RARE_ALONE = re.compile("[\u2070-\u2fff\u3040-\u4dbf\uf900-\ufaff]")

# Signatures of the binary files people most often pass by mistake.  They are rejected
# outright: none of them is a text disclosure, even when (as with some PDFs) every byte is
# ASCII.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"PK\x05\x06", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 file (DOC/XLS/WPS)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x7fELF", "ELF executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

_TRIED = "not text in UTF-8, GB18030 or UTF-16"


def decode_bytes(data: bytes) -> Decoded:
    """Decode one file's bytes; raise ``UndecodableInputError`` if they are not text."""
    if not data:
        return Decoded("", "utf-8")
    if pdf.is_pdf(data):
        return Decoded(pdf.extract_text(data), "pdf")
    kind = _binary_kind(data)
    if kind is not None:
        raise UndecodableInputError(f"{_TRIED} (looks binary: {kind})")

    bom = _from_bom(data)
    if bom is not None:
        return bom

    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise UndecodableInputError(f"{_TRIED} (looks binary: contains NUL bytes)")

    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        trusted = (
            not _TWO_OR_FOUR_BYTE.search(utf8)
            and not _RARE_ALONE.search(utf8)
            and _plausible(utf8, strict=True)
        )
        if _COMMON_HAN.search(utf8) or trusted:
            return _read(utf8, "utf-8")
        # The one exception to "UTF-8 first": valid UTF-8 without a single common hanzi,
        # with two- or four-byte sequences, rare ideographs or characters of other
        # scripts, may be short
        # GBK text whose bytes happen to form UTF-8 (路 -> "·", 皎背 ->
        # U+28C73, 陣乢 -> Yi ꇁ_).  If GB18030 reads it as plausible text with
        # common hanzi, that reading wins.  Only for short input: a longer GBK text is valid
        # UTF-8 by accident with vanishing odds, while real UTF-8 text in another script
        # (Uyghur, Tibetan) would be misread as hanzi.
        gb = _strict(data, "gb18030") if len(data) <= TIE_BREAK_BYTES else None
        if gb is not None and _COMMON_HAN.search(gb) and _plausible(gb, strict=True):
            return Decoded(_newlines(gb), "gb18030")
        return _read(utf8, "utf-8")
    gb = _strict(data, "gb18030")
    if gb is not None:
        return _read(gb, "gb18030")
    raise UndecodableInputError(f"{_TRIED} (invalid byte sequences for each)")


def _read(text: str, encoding: str) -> Decoded:
    """The one strict reading, with a note if its characters are unusual for a disclosure."""
    note = None
    if not _plausible(text):
        note = (
            f"decoded as {encoding}, but many characters are outside the scripts of "
            "Chinese disclosures; check that this is the intended file"
        )
    return Decoded(_newlines(text), encoding, note)


def _from_bom(data: bytes) -> Decoded | None:
    """Decode by byte-order mark, or return None if there is none; a BOM is binding."""
    for bom, codec, name, label in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16", "UTF-16-LE"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16", "UTF-16-BE"),
    ):
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is None:
                raise UndecodableInputError(
                    f"{_TRIED} (has a {label} byte-order mark, then invalid {label})"
                )
            return _read(text, name)
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """Read BOM-less UTF-16 if the zero bytes sit in alternate positions and it reads well."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    zeros_even = data[0::2].count(0)  # high byte of ASCII in big-endian
    zeros_odd = data[1::2].count(0)  # high byte of ASCII in little-endian
    for zeros, other, codec in (
        (zeros_odd, zeros_even, "utf-16-le"),
        (zeros_even, zeros_odd, "utf-16-be"),
    ):
        # Many zeros on one side (ASCII digits, spaces, line ends), few on the other (only
        # code points like U+4E00 一 have a zero low byte).
        if zeros * 10 >= units and zeros > 4 * other:
            text = _strict(data, codec)
            if text is not None and _plausible(text):
                return Decoded(_newlines(text), codec)
    return None


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format whose signature ``data`` starts with, if any."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP image"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    """Decode strictly, or return None."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _plausible(text: str, strict: bool = False) -> bool:
    """True if nearly all non-whitespace characters are ones these documents use (with
    ``strict``, Chinese text alone)."""
    runs = _CHINESE_ONLY_RUNS if strict else _IMPLAUSIBLE_RUNS
    bad = sum(map(len, runs.findall(text)))
    if not bad:
        return True
    if "\x00" in text:
        return False
    solid = len(text) - sum(map(text.count, _WHITESPACE))
    return bad <= (1.0 - PLAUSIBLE_SHARE) * solid


def _newlines(text: str) -> str:
    """CRLF, then lone CR, become LF (Python's universal newlines)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
