"""A lean driver for the clause grammar's LALR tables (Lark builds them; this runs them).

Lark's own loop spends most of a clause parse on per-token bookkeeping the narrative
does not use (line and column counting, token history for error messages, interactive
parser hooks).  This driver runs the very same tables, contextual lexer scanners and
tree-building callbacks that :func:`~budgetparse.narrative.parser.clause_parser` made,
so the trees are the trees Lark would build, for accepted and rejected inputs alike:

* the token at a position is the one the scanner of the *current* parser state picks
  (the state after shifting the previous token), exactly as Lark's contextual lexer;
  that scanner is an alternation of the state's terminals, which takes the first that
  matches, so the driver tries in the same order only the terminals that can start with
  the character at the position (``first.py``): a subject character no keyword starts
  with is not tried against every keyword;
* shift/reduce follow ``parse_table.states``; a reduce calls the rule's callback;
* the end of input is the ``$END`` token, reduced until the end state.

It supports what the clause grammar uses (regular-expression terminals, no ``%ignore``,
no terminal callbacks, one scanner expression per state); building it from a grammar
that needs more raises :class:`UnsupportedGrammar` so the caller keeps Lark's own loop.

The tables and scanners are Lark's private attributes (``parse_table``, ``callbacks``,
``scanner._mres``), read as Lark 1.2 and 1.3 keep them (pyproject pins that range).  A
Lark that keeps them elsewhere does not break the narrative: :func:`loop_for` checks the
driver can read them when it is built, and otherwise hands back :class:`LarkLoop`, Lark's
own parser through its public API (the same trees, slower); a test runs both on every
narrative fixture and compares the trees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from .first import first_chars, match_at

SHIFT: Any  # Lark's shift action, where Lark 1.2 and 1.3 define it (else LarkLoop runs)
try:
    from lark.parsers.lalr_analysis import Shift as SHIFT
except ImportError:  # pragma: no cover - a Lark that moved its internals
    SHIFT = None


class UnsupportedGrammar(Exception):
    """The grammar uses a Lark feature this driver does not reproduce."""


class Tok:
    """A terminal as the driver lexed it: type, text and ``[start_pos, end_pos)``."""

    __slots__ = ("end_pos", "start_pos", "type", "value")

    def __init__(self, type_: str, value: str, start_pos: int, end_pos: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start_pos
        self.end_pos = end_pos

    def __str__(self) -> str:  # as Lark's Token, a str of its text
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r}, {self.start_pos})"


class ParseFailure(Exception):
    """The text is not in the language; ``position`` is where reading stopped."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


# The terminals that can start at a character: (name, match method), in the scanner's order.
_Candidates = tuple[tuple[str, Callable[..., Any]], ...]

# An action: (True, next_state) for a shift, or (False, (size, goto_name, callback)).
_Action = tuple[bool, Any]


class Driver:
    """Parses strings with the tables of one Lark LALR parser (contextual lexer)."""

    def __init__(self, lark: Lark) -> None:
        if SHIFT is None:
            raise UnsupportedGrammar("this Lark keeps its parse tables elsewhere")
        frontend = lark.parser
        lexer = getattr(frontend, "lexer", None)
        table_parser = getattr(getattr(frontend, "parser", None), "parser", None)
        table = getattr(table_parser, "parse_table", None)
        callbacks = getattr(table_parser, "callbacks", None)
        if lark.options.parser != "lalr" or table is None or callbacks is None:
            raise UnsupportedGrammar("not an LALR parser")
        if lark.options.propagate_positions or lark.lexer_conf.ignore:
            raise UnsupportedGrammar("position propagation or %ignore")
        if any(isinstance(key, str) for key in callbacks):
            raise UnsupportedGrammar("terminal callbacks")
        lexers = getattr(lexer, "lexers", None)
        if not isinstance(lexers, dict) or len(table.start_states) != 1:
            raise UnsupportedGrammar("not a contextual lexer with one start symbol")
        if lark.lexer_conf.callbacks or any(t.pattern.type != "re" for t in lark.terminals):
            # string terminals get "unless" callbacks from Lark's lexer
            raise UnsupportedGrammar("terminal callbacks or string terminals")
        # each parser state's lexer; its scanner expression is compiled on first use, as
        # Lark does (a short fragment need not compile them all)
        self._lexers = lexers
        # per state: the character at the position → the terminals that can start with it,
        # in the scanner's order, each with its own expression's match method (filled as met)
        self._scan: dict[int, dict[str, _Candidates]] = {}
        self._terminals: dict[int, list[tuple[str, str]]] = {}  # (name, expression), in order
        self._flags: int = 0
        self._opens: dict[str, regex.Pattern[str] | None] = {}  # None: any character
        self._matches: dict[str, Callable[..., Any]] = {}
        self._actions: dict[int, dict[str, _Action]] = {}
        for state, row in table.states.items():
            actions: dict[str, _Action] = {}
            for symbol, (action, arg) in row.items():
                # plain str keys: Lark's are Tokens, whose == is a Python-level call
                if action is SHIFT:
                    actions[str(symbol)] = (True, arg)
                else:
                    goto = str(arg.origin.name)
                    actions[str(symbol)] = (False, (len(arg.expansion), goto, callbacks[arg]))
            self._actions[state] = actions
        (self._start,) = table.start_states.values()
        (self._end,) = table.end_states.values()
        self._scanner(self._start)  # read one scanner now: its attributes are private too

    def _scanner(self, state: int) -> dict[str, _Candidates]:
        """The character table of ``state``'s scanner (empty until characters are met)."""
        basic = self._lexers[state]
        scanner = basic.scanner
        mres = scanner._mres  # building the scanner also sets its callbacks
        if basic.callback or basic.ignore_types or len(mres) > 1:
            raise UnsupportedGrammar("lexer callbacks or a scanner split in several expressions")
        self._flags = scanner.g_regex_flags
        self._terminals[state] = [(t.name, t.pattern.to_regexp()) for t in scanner.terminals]
        table: dict[str, _Candidates] = {}
        self._scan[state] = table
        return table

    def _pick(self, state: int, char: str) -> _Candidates:
        """The terminals of ``state``'s scanner that can start with ``char`` (``first.py``),
        in the scanner's order.  The others cannot match at the position, and Lark's
        scanner is an alternation of them all, which takes its first branch that matches:
        trying these in order gives the same token without trying every keyword at every
        character of a subject."""
        found = []
        for name, expression in self._terminals[state]:
            if name not in self._opens:
                opens = first_chars(expression)
                self._opens[name] = None if opens is None else regex.compile(f"[{''.join(opens)}]")
                self._matches[name] = match_at(expression, self._flags)
            test = self._opens[name]
            if test is None or test.match(char):
                found.append((name, self._matches[name]))
        candidates = tuple(found)
        self._scan[state][char] = candidates
        return candidates

    def parse(self, text: str) -> Any:
        """The tree of ``text``; raises :class:`ParseFailure` where Lark would raise."""
        actions = self._actions
        scan = self._scan
        states = [self._start]
        values: list[Any] = []
        pos = 0
        length = len(text)
        while pos < length:
            state = states[-1]
            table = scan[state] if state in scan else self._scanner(state)
            char = text[pos]
            candidates = table.get(char)
            if candidates is None:
                candidates = self._pick(state, char)
            for kind, match in candidates:  # noqa: B007 - the kind of the match is kept
                found = match(text, pos)
                if found is not None:
                    break
            else:
                raise ParseFailure(f"No terminal matches {char!r} at position {pos}", pos)
            end = found.end()
            token = Tok(kind, found.group(), pos, end)
            # reduce as long as the table says so, then shift the token (one loop, inlined:
            # it runs for every token of every clause)
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise ParseFailure(f"Unexpected token {kind} {token.value!r} at {pos}", pos)
                shift, arg = action
                if shift:
                    states.append(arg)
                    values.append(token)
                    break
                size, origin, callback = arg
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(actions[states[-1]][origin][1])
            pos = end
        return self._finish(states, values, actions, pos)

    def _finish(
        self, states: list[int], values: list[Any], actions: dict[int, dict[str, _Action]], pos: int
    ) -> Any:
        while True:
            action = actions[states[-1]].get("$END")
            if action is None:
                raise ParseFailure(f"Unexpected end of input at position {pos}", pos)
            shift, arg = action
            if shift:  # Lark never shifts $END; a table that does is not one it built
                raise ParseFailure(f"Unexpected end of input at position {pos}", pos)
            size, origin, callback = arg
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children))
            states.append(actions[states[-1]][origin][1])
            if states[-1] == self._end:
                return values[-1]


class LarkLoop:
    """Lark's own parser over the same grammar, through its public API only: the fallback
    when :class:`Driver` cannot read the tables of the installed Lark."""

    def __init__(self, lark: Lark) -> None:
        self._lark = lark

    def parse(self, text: str) -> Any:
        """The tree of ``text``; raises :class:`ParseFailure` as the driver does."""
        try:
            tree = self._lark.parse(text)
        except UnexpectedInput as error:
            position = getattr(error, "pos_in_stream", None)
            raise ParseFailure(str(error), len(text) if position is None else position) from None
        _as_driver_tokens(tree)
        return tree


def _as_driver_tokens(tree: Tree[Any]) -> None:
    """Lark's tokens replaced by :class:`Tok` (what the tree's readers expect), in place."""
    stack = [tree]
    while stack:
        node = stack.pop()
        for i, child in enumerate(node.children):
            if isinstance(child, Tree):
                stack.append(child)
            elif isinstance(child, Token):
                start = child.start_pos or 0
                end = child.end_pos if child.end_pos is not None else start + len(child)
                node.children[i] = Tok(child.type, str(child), start, end)


def loop_for(lark: Lark) -> Driver | LarkLoop:
    """The lean driver over ``lark``'s tables, or Lark's own loop when the installed Lark
    keeps them where the driver does not look (or the grammar needs more than it runs)."""
    try:
        return Driver(lark)
    except (UnsupportedGrammar, AttributeError, KeyError, TypeError, ValueError):
        return LarkLoop(lark)
