"""Loading the grammars in ``grammar/`` and running the document grammar over lines.

The grammars live at the top of the repository, where maintainers edit them; a built
wheel carries them inside the package (see pyproject.toml).  :func:`grammar_dir` finds
whichever copy is there, and every grammar is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer, LexerState

from .datadir import GrammarNotFoundError, grammar_dir
from .layout import PARA, SIGN_DATE, SIGN_DEPT, TABLE_ROW, LogicalLine


class _LineLexer(Lexer):
    """Feeds classified logical lines to the parser: one token per line.

    A token's ``start_pos`` is the line's index, so the tree can be mapped back to lines.

    Table rows and paragraphs come in long runs, and a row right after a row the parser
    has taken is always taken too (``table_line*``), as is a paragraph right after a
    paragraph (``paragraph: PARA`` is only ever a ``block`` of a ``block*``), each leaving
    the parser where it was; so only the first line of such a run is fed and the others
    are put back into the tree after the parse (:func:`_restore_runs`).  The tree is the
    one a token per line would give.
    """

    __future_interface__ = 2  # lex(lexer_state, parser_state), the current Lark interface

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        stream: _LineStream = lexer_state.text  # type: ignore[assignment]
        lines = stream.lines
        followers = stream.followers
        # The cursor lives in the stream: after error recovery Lark calls lex() again and
        # must go on from the line after the one that failed, not from the start.
        taken: Token | None = None  # the last run line this generator fed without an error
        run: list[Token] | None = None  # the lines of its run not fed
        while stream.pos < len(lines):
            index = stream.pos
            stream.pos += 1
            line = lines[index]
            kind = stream.retyped.get(index, line.kind)
            token = Token(_TYPES.get(kind) or kind.upper(), line.text.text, start_pos=index)
            if kind not in _TYPES:
                taken = None
                yield token
            elif taken is not None and taken.type == token.type:
                if run is None:
                    run = followers.setdefault(taken.start_pos, [])  # type: ignore[arg-type]
                run.append(token)
            else:
                taken = run = None
                yield token
                # Lark asks for the next token only once it has taken this one (an error
                # ends this generator; recovery starts a new one)
                taken = token


_TYPES = {kind: kind.upper() for kind in (TABLE_ROW, PARA)}


class _LineStream:
    __slots__ = ("followers", "lines", "pos", "retyped")

    def __init__(self, lines: Sequence[LogicalLine]) -> None:
        self.lines = lines
        self.pos = 0
        self.followers: dict[int, list[Token]] = {}  # line index -> the lines of its run not fed
        self.retyped: dict[int, str] = {}  # line index -> the kind it is fed as instead


def _restore_runs(tree: Tree[Token], followers: dict[int, list[Token]]) -> None:
    """Put the rows and paragraphs that were not fed back after the line they follow (a
    paragraph as the same ``paragraph`` tree the parser made of the first)."""
    if not followers:
        return
    stack = [tree]
    while stack:
        node = stack.pop()
        children = node.children
        restored: list[Tree[Token] | Token] = []
        changed = False
        for child in children:
            restored.append(child)
            if isinstance(child, Token):
                if child.type == "TABLE_ROW" and child.start_pos in followers:
                    restored.extend(followers[child.start_pos])
                    changed = True
                continue
            stack.append(child)
            if child.data == "paragraph":
                first = child.children[0]
                run = followers.get(first.start_pos)  # type: ignore[union-attr,arg-type]
                if run:
                    restored.extend(Tree(child.data, [token]) for token in run)
                    changed = True
        if changed:
            node.children = restored


@cache
def document_parser(strict: bool = False) -> Lark:
    """The LALR parser of ``grammar/document.lark`` (built once per process)."""
    path = grammar_dir() / "document.lark"
    return Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer=_LineLexer,
        strict=strict,
        maybe_placeholders=False,
    )


_SECTIONS = ("SEC1", "SEC2", "SEC3", "SEC4")


def _substitute(kind: str, accepted: set[str]) -> str | None:
    """The kind to read an out-of-place line as, keeping its text in the document.

    A paragraph where one fits; else a heading at the nearest level the grammar can take
    there (after ``（一）…（二）`` items at part level, a ``二、`` can only be read as one
    more ``（三）``-level item); else None (the line is skipped).
    """
    if "PARA" in accepted:
        return "PARA"
    if kind in _SECTIONS:
        level = _SECTIONS.index(kind)
        options = [k for k in _SECTIONS if k in accepted]
        if options:
            # nearest level; on a tie the deeper one, which stays inside the open section
            return min(
                options, key=lambda k: (abs(_SECTIONS.index(k) - level), -_SECTIONS.index(k))
            )
    return None


def parse_lines(lines: Sequence[LogicalLine]) -> tuple[Tree[Token], list[tuple[int, str]]]:
    """Parse logical lines into a tree; never raises on a line out of place.

    Recovery: a line that the grammar cannot take where it stands (a heading of a level
    that cannot follow, a stray signature) is read as a paragraph if a paragraph fits
    there, otherwise skipped.  Each recovery is returned as ``(line index, message)``.
    """
    problems: list[tuple[int, str]] = []

    def on_error(error: UnexpectedInput) -> bool:
        if not isinstance(error, UnexpectedToken) or error.token.type == "$END":
            return False
        token = error.token
        parser = error.interactive_parser
        index = token.start_pos if isinstance(token.start_pos, int) else -1
        accepted = parser.accepts()
        kind = _substitute(token.type, accepted)
        if kind is None:
            problems.append((index, f"{token.type.lower()} line out of place; skipped"))
        else:
            parser.feed_token(Token(kind, str(token), start_pos=token.start_pos))
            as_what = "a paragraph" if kind == "PARA" else f"a level-{kind[-1]} heading"
            problems.append((index, f"{token.type.lower()} line out of place; read as {as_what}"))
        return True

    stream = _LineStream(lines)
    for index, line in enumerate(lines):
        # a signature's department line without its date would end the input where the
        # grammar still waits for the date (an error recovery cannot skip): a paragraph
        following = lines[index + 1].kind if index + 1 < len(lines) else None
        if line.kind == SIGN_DEPT and following != SIGN_DATE:
            stream.retyped[index] = PARA
            problems.append((index, "sign_dept line without its date; read as a paragraph"))
    tree = document_parser().parse(stream, on_error=on_error)
    _restore_runs(tree, stream.followers)
    return tree, problems


__all__ = ["PARA", "GrammarNotFoundError", "document_parser", "grammar_dir", "parse_lines"]
