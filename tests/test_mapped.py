"""MappedText: a string that remembers the original offset of every character."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetparse.mapped import MappedText

SOURCE = "某某县 财政局\t预算 12.50 万元"


def assert_maps_back(m: MappedText, original: str) -> None:
    """Every character of ``m`` is the character of ``original`` its map points at."""
    for i, char in enumerate(m.text):
        s, e = m.span(i, i + 1)
        assert e == s + 1
        assert original[s:e] == char, (i, char, s)


# -- construction -----------------------------------------------------------------------------


def test_original_whole_text_maps_to_itself() -> None:
    m = MappedText.original(SOURCE)
    assert m.text == SOURCE
    assert len(m) == len(SOURCE)
    assert m.span() == (0, len(SOURCE))
    assert [m.origin(i) for i in range(len(SOURCE))] == list(range(len(SOURCE)))
    assert_maps_back(m, SOURCE)


def test_original_slice_of_source_keeps_absolute_offsets() -> None:
    m = MappedText.original(SOURCE, 4, 7)
    assert m.text == "财政局"
    assert m.origin(0) == 4
    assert m.span() == (4, 7)
    assert SOURCE[slice(*m.span())] == "财政局"


def test_origin_of_len_points_just_past_the_last_character() -> None:
    m = MappedText.original(SOURCE, 4, 7)
    assert m.origin(len(m)) == 7


def test_empty_is_anchored_where_asked() -> None:
    m = MappedText.empty(9)
    assert m.text == ""
    assert m.span() == (9, 9)


# -- slice ------------------------------------------------------------------------------------


def test_slice_maps_into_the_original() -> None:
    m = MappedText.original(SOURCE)
    s = m.slice(4, 7)
    assert s.text == "财政局"
    assert s.span() == (4, 7)
    assert_maps_back(s, SOURCE)


def test_slice_without_end_runs_to_the_end() -> None:
    m = MappedText.original(SOURCE)
    assert m.slice(11).text == SOURCE[11:]
    assert m.slice(11).span() == (11, len(SOURCE))


def test_slice_clamps_out_of_range_bounds() -> None:
    m = MappedText.original(SOURCE)
    assert m.slice(-5, 3).text == SOURCE[:3]
    assert m.slice(3, 1000).text == SOURCE[3:]


def test_empty_slice_is_anchored_at_its_position() -> None:
    m = MappedText.original(SOURCE)
    s = m.slice(5, 5)
    assert s.text == ""
    assert s.span() == (5, 5)


def test_slice_of_a_deleted_text_crosses_the_gap() -> None:
    m = MappedText.original(SOURCE).delete([(3, 4)])  # the space after 某某县
    assert m.text.startswith("某某县财政局")
    s = m.slice(2, 4)  # 县财
    assert s.text == "县财"
    assert s.span() == (2, 5)  # the deleted space lies inside the span
    assert_maps_back(s, SOURCE)


# -- delete / remove --------------------------------------------------------------------------


def test_delete_removes_the_ranges_and_keeps_the_map() -> None:
    m = MappedText.original(SOURCE).delete([(3, 4), (7, 8)])
    assert m.text == "某某县财政局预算 12.50 万元"
    assert_maps_back(m, SOURCE)
    assert m.origin(3) == 4  # 财
    assert m.origin(6) == 8  # 预


def test_delete_nothing_returns_the_same_object() -> None:
    m = MappedText.original(SOURCE)
    assert m.delete([]) is m


def test_delete_everything_leaves_an_anchored_empty_text() -> None:
    m = MappedText.original(SOURCE, 4, 7)
    d = m.delete([(0, 3)])
    assert d.text == ""
    assert d.span() == (4, 4)


def test_delete_at_both_ends() -> None:
    m = MappedText.original(SOURCE).delete([(0, 2), (len(SOURCE) - 2, len(SOURCE))])
    assert m.text == SOURCE[2:-2]
    assert m.span() == (2, len(SOURCE) - 2)


def test_remove_every_match_of_a_pattern() -> None:
    m = MappedText.original(SOURCE).remove(regex.compile(r"[ \t]++"))
    assert m.text == "某某县财政局预算12.50万元"
    assert_maps_back(m, SOURCE)


def test_remove_only_the_given_group() -> None:
    text = "合计1247.2 2万元"
    m = MappedText.original(text).remove(regex.compile(r"\d\.\d(\s)\d"), 1)
    assert m.text == "合计1247.22万元"
    assert_maps_back(m, text)
    assert m.span() == (0, len(text))


def test_remove_with_a_named_group() -> None:
    text = "收 入 总 计"
    m = MappedText.original(text).remove(regex.compile(r"\p{Han}(?P<gap> )(?=\p{Han})"), "gap")
    assert m.text == "收入总计"
    assert_maps_back(m, text)


def test_remove_without_a_match_returns_the_same_object() -> None:
    m = MappedText.original(SOURCE)
    assert m.remove(regex.compile(r"xyz")) is m


def test_remove_skips_empty_matches() -> None:
    m = MappedText.original(SOURCE)
    assert m.remove(regex.compile(r"x*")).text == SOURCE


# -- strip ------------------------------------------------------------------------------------


def test_strip_trims_both_ends_and_maps_inside() -> None:
    text = " \u3000一、主要职能\t "
    m = MappedText.original(text).strip(" \t\u3000")
    assert m.text == "一、主要职能"
    assert text[slice(*m.span())] == "一、主要职能"


def test_strip_default_whitespace() -> None:
    text = "  负责财务。\n"
    m = MappedText.original(text).strip()
    assert m.text == "负责财务。"
    assert m.span() == (2, 7)


def test_strip_nothing_returns_the_same_object() -> None:
    m = MappedText.original("财政局")
    assert m.strip() is m


def test_strip_all_white_space_gives_an_empty_text() -> None:
    m = MappedText.original("   ").strip()
    assert m.text == ""


# -- join -------------------------------------------------------------------------------------


def test_join_two_pieces_of_one_source() -> None:
    text = "负责全县财政\n\n收支管理。"
    a = MappedText.original(text, 0, 6)
    b = MappedText.original(text, 8)
    j = MappedText.join([a, b])
    assert j.text == "负责全县财政收支管理。"
    assert j.span() == (0, len(text))
    assert_maps_back(j, text)
    assert j.span(5, 7) == (5, 9)  # 政收 straddles the line break


def test_join_of_contiguous_pieces_is_one_run() -> None:
    text = "某某县财政局"
    j = MappedText.join([MappedText.original(text, 0, 3), MappedText.original(text, 3)])
    assert j.text == text
    assert j.runs() == ([0], [0])
    assert j.base() == 0


def test_join_skips_empty_parts() -> None:
    text = "甲乙丙"
    j = MappedText.join(
        [MappedText.empty(0), MappedText.original(text, 0, 1), MappedText.original(text, 2)]
    )
    assert j.text == "甲丙"
    assert_maps_back(j, text)


def test_join_of_nothing_is_empty() -> None:
    assert MappedText.join([]).text == ""
    assert MappedText.join([MappedText.empty(4)]).span() == (4, 4)


# -- translate --------------------------------------------------------------------------------


def test_translate_keeps_the_offsets() -> None:
    text = "１２３万元"
    m = MappedText.original(text).translate({ord(c): str(i + 1) for i, c in enumerate("１２３")})
    assert m.text == "123万元"
    assert m.span() == (0, 5)
    assert [m.origin(i) for i in range(5)] == list(range(5))


def test_translate_after_a_deletion_keeps_the_map() -> None:
    text = "合 | 计"
    m = MappedText.original(text).delete([(1, 2), (3, 4)]).translate({ord("|"): "\t"})
    assert m.text == "合\t计"
    assert m.origin(1) == 2
    assert m.origin(2) == 4


@pytest.mark.parametrize("table", [{ord("|"): None}, {ord("|"): "ab"}])
def test_translate_must_be_one_to_one(table: dict[int, str | None]) -> None:
    with pytest.raises(ValueError, match="exactly one character"):
        MappedText.original("甲|乙").translate(table)


def test_repr_names_text_and_origin() -> None:
    assert repr(MappedText.original(SOURCE, 4, 7)) == "MappedText('财政局' @ 4)"


# -- the invariant, as a property -------------------------------------------------------------

ALPHABET = "某县财政局预算一二三万元合计abcXYZ019 .，。\t\u3000"
texts = st.text(alphabet=ALPHABET, min_size=0, max_size=60)


@st.composite
def deletions(draw: st.DrawFn, length: int) -> list[tuple[int, int]]:
    """Sorted, non-overlapping [start, end) ranges inside ``range(length)``."""
    if length == 0:
        return []
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(s, e) for s, e in spans if e > s]


# compiled once, outside the strategy (compiling inside a draw touches global state
# Hypothesis warns of)
_REMOVED = [regex.compile(p) for p in (r"[ \t\u3000]++", r"\d", r"(?<=\p{Han}) (?=\p{Han})")]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, MappedText]:
    """An original text and a MappedText made from it by a random sequence of edits."""
    original = draw(texts)
    m = MappedText.original(original)
    for _ in range(draw(st.integers(0, 5))):
        op = draw(st.sampled_from(["delete", "slice", "strip", "remove", "join"]))
        if op == "delete":
            m = m.delete(draw(deletions(len(m))))
        elif op == "slice":
            a = draw(st.integers(0, len(m)))
            b = draw(st.integers(a, len(m)))
            m = m.slice(a, b)
        elif op == "strip":
            m = m.strip(draw(st.sampled_from([None, " \t\u3000", "某"])))
        elif op == "remove":
            m = m.remove(draw(st.sampled_from(_REMOVED)))
        else:  # split in two and glue back, as the wrap joiner does
            k = draw(st.integers(0, len(m)))
            m = MappedText.join([m.slice(0, k), m.slice(k)])
    return original, m


@settings(max_examples=300, deadline=None)
@given(edited())
def test_every_character_maps_back_to_itself(case: tuple[str, MappedText]) -> None:
    original, m = case
    assert_maps_back(m, original)


@settings(max_examples=300, deadline=None)
@given(edited())
def test_origins_are_strictly_increasing(case: tuple[str, MappedText]) -> None:
    _, m = case
    origins = [m.origin(i) for i in range(len(m))]
    assert origins == sorted(set(origins))


@settings(max_examples=200, deadline=None)
@given(edited(), st.data())
def test_spans_of_substrings_are_monotone_and_cover_them(
    case: tuple[str, MappedText], data: st.DataObject
) -> None:
    original, m = case
    n = len(m)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    c = data.draw(st.integers(a, n))
    d = data.draw(st.integers(max(b, c), n))
    s1, e1 = m.span(a, b)
    s2, e2 = m.span(c, d)
    # a later (or equal) start and end give a later (or equal) span start and end
    assert s1 <= s2
    if b > a and d > c:
        assert e1 <= e2
    # the span selects the substring's characters, in order, with only deletions between
    covered = original[s1:e1]
    assert _is_subsequence(m.text[a:b], covered)
    if b > a:
        assert covered[:1] == m.text[a] and covered[-1:] == m.text[b - 1]
    # a slice maps exactly like the span of the same range
    assert m.slice(a, b).text == m.text[a:b]
    if b > a:
        assert m.slice(a, b).span() == (s1, e1)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_translate_maps_each_character_to_the_replaced_original(
    original: str, data: st.DataObject
) -> None:
    m = MappedText.original(original).delete(data.draw(deletions(len(original))))
    table = {ord("某"): "甲", ord("\u3000"): " ", ord("9"): "6"}
    t = m.translate(table)
    assert len(t) == len(m)
    for i, char in enumerate(t.text):
        assert t.origin(i) == m.origin(i)
        assert original[t.origin(i)].translate(table) == char


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)
