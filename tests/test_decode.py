"""Tests for budgetparse.decode: bytes in, text out, or a clear refusal."""

from __future__ import annotations

import codecs
import gzip
import io
import random
import re
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from budgetparse.decode import Decoded, UndecodableInputError, decode_bytes

SENTENCE = "一般公共预算支出1,234.56万元，比上年增长3.2%。"
TABLE_LINE = "项目名称\t2024年预算数\t2025年预算数\t增减（%）\n基本支出\t1,020.30\t998.10\t-2.2\n"
TEXT = f"（一）收支总体情况\n{SENTENCE}\n{TABLE_LINE}“三公”经费支出≥0万元※\n"

# Short GBK texts (two to six characters) of the kind detectors misread.  路, 隆 and 陇
# are C2 xx in GBK, which is also a valid UTF-8 sequence (路 -> "·", 隆 -> "¡").
SHORT_TEXTS = ["合计", "支出", "单位：万元", "项目名称", "一般公共预算", "路", "隆", "陇西", "道路"]

# The same file, written by a text editor.
_ENCODINGS = ["utf-8", "gb18030", "utf-16"]


def _universal(text: str) -> str:
    """What ``open(..., newline=None)`` makes of the line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- text that decodes ----------------------------------------------------------------


def test_utf8_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == Decoded(TEXT, "utf-8")


def test_utf8_with_bom_drops_the_bom() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert decoded == Decoded(TEXT, "utf-8-sig")
    assert not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family(codec: str) -> None:
    assert decode_bytes(TEXT.encode(codec)) == Decoded(TEXT, "gb18030")


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_short_gbk_text(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == Decoded(text, "gb18030")


@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_short_utf8_text(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


def test_short_utf8_punctuation_without_hanzi_stays_utf8() -> None:
    # Also valid GB18030 (two hanzi), but three-byte UTF-8 is trusted.
    assert decode_bytes("、a".encode()) == Decoded("、a", "utf-8")


def test_gb18030_four_byte_characters() -> None:
    text = "㐀䶮鿏：合计"  # extension A and late main-block characters, outside GBK
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert decode_bytes(data) == Decoded(text, "gb18030")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ],
)
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str, name: str) -> None:
    decoded = decode_bytes(bom + TEXT.encode(codec))
    assert decoded == Decoded(TEXT, name)
    # the name reported reads the file back without the BOM, so spans are not off by one
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + TEXT.encode(codec))
    assert path.read_text(encoding=decoded.encoding) == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    assert decode_bytes(TEXT.encode(codec)) == Decoded(TEXT, codec)


def test_utf16_without_bom_and_without_ascii_gets_a_note() -> None:
    # No zero bytes to recognise it by; strict GB18030 reads it (as nonsense), and a
    # strict reading is never vetoed: the note says the characters are unusual.
    decoded = decode_bytes("合计总计".encode("utf-16-le"))
    assert decoded.encoding == "gb18030" and decoded.note is not None


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16"])
def test_crlf_and_lone_cr_become_lf(codec: str) -> None:
    raw = "第一行\r\n第二行\r第三行\n\r\n末行\r"
    decoded = decode_bytes(raw.encode(codec))
    assert decoded.text == "第一行\n第二行\n第三行\n\n末行\n"
    assert "\r" not in decoded.text


@pytest.mark.parametrize("codec", _ENCODINGS)
def test_matches_universal_newline_reading(tmp_path: Path, codec: str) -> None:
    raw = f"{SENTENCE}\r\n{TABLE_LINE}\r\r\n末行\r"
    path = tmp_path / "input.txt"
    path.write_bytes(raw.encode(codec))
    decoded = decode_bytes(path.read_bytes())
    with path.open(encoding=decoded.encoding, newline=None) as fh:
        expected = fh.read()
    assert decoded.text == expected == _universal(raw)


def test_empty_input() -> None:
    assert decode_bytes(b"") == Decoded("", "utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b" ", Decoded(" ", "utf-8")),
        (b" \t\n\r\n\f\v", Decoded(" \t\n\n\f\v", "utf-8")),
        ("\u3000\u3000\n".encode(), Decoded("\u3000\u3000\n", "utf-8")),
        ("\u3000\u3000\n".encode("gbk"), Decoded("\u3000\u3000\n", "gb18030")),
    ],
)
def test_whitespace_only_input(data: bytes, expected: Decoded) -> None:
    assert decode_bytes(data) == expected


def test_a_few_odd_characters_in_long_text_are_tolerated() -> None:
    # One private-use glyph (as left by PDF-to-text tools) in a long text is fine ...
    text = SENTENCE * 5 + "\ue000"
    assert decode_bytes(text.encode()) == Decoded(text, "utf-8")


@pytest.mark.parametrize("text", ["合计" + "\ue000", "合计\x01\x02\x03\x04" * 5])
def test_many_odd_characters_are_read_with_a_note(text: str) -> None:
    # ... and when they are a sizeable share, the one strict reading is still the text:
    # plausibility never vetoes it, it only adds a note.
    decoded = decode_bytes(text.encode())
    assert (decoded.text, decoded.encoding) == (text, "utf-8")
    assert decoded.note is not None and "utf-8" in decoded.note


@pytest.mark.parametrize(
    "text",
    [
        "部門(mén)預(yù)算公開(kāi)\n一般公共預算支出1,234.56萬元。\n",  # pinyin readings
        "第一部分 部门概况\nبۇ يىللىق خامچوت ئىجرا قىلىش\n部门预算 2025年\n" * 3,  # Uyghur
        "部门预算\u0301说明 e\u0301 a\u0300\n" * 5,  # combining marks
        "Ⅰ部门预算 Қазақ тілі བོད་ཡིག ᠮᠣᠩᠭᠣᠯ ꆈꌠ\n",  # Kazakh, Tibetan, Mongolian, Yi
    ],
)
def test_real_text_in_other_scripts_is_read_as_utf8(text: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded == Decoded(text, "utf-8")


def test_long_utf8_without_common_hanzi_is_not_taken_for_gbk() -> None:
    text = "بۇ يىللىق خامچوت ئىجرا قىلىش " * 20  # reads as hanzi in GB18030
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


def test_bom_then_odd_characters_is_read_with_a_note() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + "合计\ue000\ue001".encode())
    assert decoded.encoding == "utf-8-sig" and decoded.note is not None


def test_decoded_is_frozen() -> None:
    decoded = decode_bytes(b"abc")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        decoded.text = "x"  # type: ignore[misc]


def test_large_input() -> None:
    # Speed is measured by the benchmark, not here: shared machines make timed tests flaky.
    data = (TEXT * 40_000).encode("gb18030")  # ~5 MB
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030"
    assert len(decoded.text) == len(TEXT) * 40_000


# --- bytes that are not text ------------------------------------------------------------


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", TEXT)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + _random(512, 1), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _random(512, 2), "JPEG image"),
        (_zip_bytes(), "ZIP archive"),
        (gzip.compress(TEXT.encode()), "gzip archive"),
    ],
)
def test_binary_files_are_refused(data: bytes, kind: str) -> None:
    with pytest.raises(UndecodableInputError) as info:
        decode_bytes(data)
    message = str(info.value)
    assert kind in message
    assert "UTF-8" in message
    assert "GB18030" in message


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_refused(seed: int) -> None:
    with pytest.raises(UndecodableInputError, match="UTF-8"):
        decode_bytes(_random(4096, seed))


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_without_nul_are_refused(seed: int) -> None:
    data = _random(4096, seed).replace(b"\x00", b"\x01")
    with pytest.raises(UndecodableInputError, match="UTF-8"):
        decode_bytes(data)


def test_utf8_text_with_nul_bytes_is_refused() -> None:
    data = SENTENCE.encode() + b"\x00\x00" + TABLE_LINE.encode()
    with pytest.raises(UndecodableInputError, match="NUL"):
        decode_bytes(data)


def test_gbk_text_with_nul_bytes_is_refused() -> None:
    with pytest.raises(UndecodableInputError, match="NUL"):
        decode_bytes(SENTENCE.encode("gbk") + b"\x00")


def test_bom_followed_by_garbage_is_refused() -> None:
    with pytest.raises(UndecodableInputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + SENTENCE.encode("gbk"))
    with pytest.raises(UndecodableInputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00b")  # odd length


def test_error_is_a_value_error() -> None:
    assert issubclass(UndecodableInputError, ValueError)


# --- round trips ------------------------------------------------------------------------

_CHINESE_PUNCT = "，。、；：？！“”‘’（）《》【】—…％"
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    st.sampled_from(_CHINESE_PUNCT),
    st.sampled_from("\n\r"),
)
_TEXTS = st.text(alphabet=_ALPHABET, max_size=60)
_COMMON_HAN = re.compile("[\u4e00-\u9fff]")


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
@example("")
@example("路")
@example("合计\r\n单位：万元\r")
def test_round_trip_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == Decoded(_universal(text), "utf-8")


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
@example("")
@example("路")
@example("皎背")
@example("鋩丏")  # GB18030 bytes that read as UTF-8 "䀁D" (extension A): not trusted
@example("合计\r\n单位：万元\r")
def test_round_trip_gb18030(text: str) -> None:
    data = text.encode("gb18030")
    decoded = decode_bytes(data)
    if data.isascii():
        assert decoded == Decoded(_universal(text), "utf-8")
    elif decoded.encoding == "gb18030":
        assert decoded.text == _universal(text)
    else:
        # The strict chain's one inherent ambiguity: rarely (mostly GBK-extension hanzi
        # whose trail byte is ASCII), GB18030 bytes are also valid UTF-8 reading as
        # Chinese text with common hanzi, and UTF-8 comes first.  Then the result must be
        # exactly that UTF-8 reading, never anything else.
        assert decoded.encoding == "utf-8"
        utf8 = data.decode("utf-8")  # raises if the bytes were not valid UTF-8
        assert decoded.text == _universal(utf8)
        assert _COMMON_HAN.search(utf8)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
@example("")
@example("合计\r\n单位：万元\r")
def test_round_trip_utf16_with_bom(text: str) -> None:
    for data, name in (
        (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
    ):
        assert decode_bytes(data) == Decoded(_universal(text), name)


def test_short_gbk_that_reads_as_three_byte_utf8_is_gbk() -> None:
    # 陣乢 in GB18030 is also valid UTF-8 (a Yi syllable and "_"): the hanzi reading wins
    assert decode_bytes("陣乢".encode("gb18030")) == Decoded("陣乢", "gb18030")
