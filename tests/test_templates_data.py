"""Template files are data: a new catalogue needs no code, and a broken file is one clear
error naming the file and the key (never a crash inside every parse)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetparse.datadir import DataFileError, grammar_dir
from budgetparse.document_vocabulary import load as load_vocabulary
from budgetparse.templates import known_kinds, load_template, section_kinds, table_id, templates

FIXTURES = Path(__file__).parent / "fixtures" / "structure"

ANNEX_TEMPLATE = """\
id = "annex-example"
description = "a made-up 决算 catalogue whose captions read 附表1-1 …"
family = "决算"
captions = ['^附表\\s*+(?P<id>\\d{1,2}+-\\d{1,2}+)\\s*+[:：.．]?\\s*+(?P<title>.*+)$']

[[tables]]
number = "1-1"
kind = "summary"
title = '收入支出决算总表'

[[tables]]
number = "1-2"
kind = "revenue"
title = '收入决算表'
"""


def _parse_with(grammar: Path | None, document: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("BUDGETPARSE_GRAMMAR", None)
    if grammar is not None:
        env["BUDGETPARSE_GRAMMAR"] = str(grammar)
    return subprocess.run(
        [sys.executable, "-m", "budgetparse.cli", "parse", str(document)],
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )


def _grammar_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "grammar"
    shutil.copytree(grammar_dir(), copy)
    return copy


def test_a_template_with_annex_captions_is_added_by_a_data_file_only(tmp_path: Path) -> None:
    document = FIXTURES / "annex_captions.txt"
    before = json.loads(_parse_with(None, document).stdout)
    # without the file, 附表1-1 is no caption: no table carries an id
    assert before["tables"] and all(t["number"] is None for t in before["tables"])

    grammar = _grammar_copy(tmp_path)
    (grammar / "templates" / "annex.toml").write_text(ANNEX_TEMPLATE, encoding="utf-8")
    result = _parse_with(grammar, document)
    assert result.returncode == 0, result.stderr.decode()
    after = json.loads(result.stdout)
    assert after["meta"]["template"] == "annex-example"
    assert after["meta"]["family"] == "决算"
    tables = [(t["number"], t["title"], t["kind"]) for t in after["tables"]]
    assert tables == [("1-1", "收入支出决算总表", "summary"), ("1-2", "收入决算表", "revenue")]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "variant.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('[[tables]]\nnumber = 1\nkind = "summery"\ntitle = "收支总表"\n', "tables[0].kind"),
        ('[[tables]]\nnumber = 1.5\nkind = "summary"\ntitle = "收支总表"\n', "tables[0].number"),
        ('[[tables]]\nnumber = true\nkind = "summary"\ntitle = "收支总表"\n', "tables[0].number"),
        ('[[tables]]\nnumber = 1\nkind = "summary"\ntitle = "收支(总表"\n', "tables[0].title"),
        ('[[tables]]\nnumbr = 1\nkind = "summary"\ntitle = "收支总表"\n', "tables[0]"),
        ('captions = ["^附表(\\\\d+)"]\n', "captions"),
        ('colour = "blue"\n', "colour"),
        ('[[sections]]\nnumber = 1\nkind = 3\ntitle = "说明"\n', "sections[0].kind"),
        ('family = "预决"\n', "family"),
        ("tables = [\n", "(file)"),
    ],
)
def test_a_broken_template_file_is_one_error_naming_file_and_key(
    tmp_path: Path, body: str, key: str
) -> None:
    path = _write(tmp_path, 'id = "x"\n' + body)
    with pytest.raises(DataFileError) as error:
        load_template(path, known_kinds(), section_kinds())
    message = str(error.value)
    assert message.startswith(f"variant.toml: {key}:"), message


def test_the_shipped_templates_load_and_ids_are_kept_as_printed() -> None:
    assert {t.id for t in templates()} >= {"2022", "2024"}
    assert (table_id("3"), table_id("1-1"), table_id("三")) == (3, "1-1", "三")
    template = next(t for t in templates() if t.id == "2022")
    assert template.table("三") is template.table(3) is not None


def test_a_broken_vocabulary_names_file_and_key(tmp_path: Path) -> None:
    text = (grammar_dir() / "document.toml").read_text(encoding="utf-8")
    path = tmp_path / "document.toml"
    path.write_text(text.replace('role = "glossary"', 'role = "glosary"'), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^document\.toml: roles\[0\]\.role: unknown role"):
        load_vocabulary(path)


def test_a_unit_statement_without_its_name_group_names_file_and_key(tmp_path: Path) -> None:
    text = (grammar_dir() / "document.toml").read_text(encoding="utf-8")
    path = tmp_path / "document.toml"
    broken = text.replace("(?P<name>[\\p{Han}（）()]{4,30}?)", "([\\p{Han}（）()]{4,30}?)")
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^document\.toml: department\.statements: no group"):
        load_vocabulary(path)


def test_the_closed_title_endings_are_data(tmp_path: Path) -> None:
    """The characters a complete heading's title ends with live in document.toml (read by
    the wrap joiner and the flattened-line splitter); a malformed value names its key."""
    assert {"表", "明"} <= load_vocabulary(grammar_dir() / "document.toml").closed_end
    text = (grammar_dir() / "document.toml").read_text(encoding="utf-8")
    broken = text.replace("closed_end = '", "closed_end = 7 # '")
    assert broken != text
    path = tmp_path / "document.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^document\.toml: title\.closed_end: expected"):
        load_vocabulary(path)


def test_the_code_levels_are_single_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """columns.toml's vocabulary.levels (类 款 项) are read as characters: a longer entry
    is an error naming file and key."""
    from budgetparse.tables import columns

    assert columns.vocabulary().levels == ("类", "款", "项")
    grammar = _grammar_copy(tmp_path)
    path = grammar / "templates" / "columns.toml"
    text = path.read_text(encoding="utf-8")
    assert 'levels = ["类", "款", "项"]' in text
    path.write_text(text.replace('levels = ["类", "款", "项"]', 'levels = ["类款", "项"]'))
    monkeypatch.setenv("BUDGETPARSE_GRAMMAR", str(grammar))
    columns.vocabulary.cache_clear()
    columns._data.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"^columns\.toml: vocabulary\.levels: expected"):
            columns.vocabulary()
    finally:
        monkeypatch.delenv("BUDGETPARSE_GRAMMAR")
        columns.vocabulary.cache_clear()
        columns._data.cache_clear()


def test_the_cli_reports_a_broken_data_file_in_one_line(tmp_path: Path) -> None:
    grammar = _grammar_copy(tmp_path)
    (grammar / "templates" / "broken.toml").write_text(
        'id = "broken"\n[[tables]]\nnumber = 1\nkind = "nonsense"\ntitle = "表"\n',
        encoding="utf-8",
    )
    result = _parse_with(grammar, FIXTURES / "annex_captions.txt")
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "broken.toml: tables[0].kind: unknown kind 'nonsense'" in err
