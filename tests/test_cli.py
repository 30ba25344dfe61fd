"""The ``budgetparse`` command: output shapes, and input errors as one line with status 2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from budgetparse.cli import EXIT_INPUT, EXIT_OK, main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*/*.txt"))
KORLA_2022 = ROOT / "corpus" / "2022" / "korla-city-government-office.txt"

# Written for these tests (not a corpus passage).
FRAGMENT = """\
某某局2023年部门预算公开

第一部分 某某局部门概况
一、主要职能
负责本地区有关事务的综合协调。
第三部分 2023年部门预算情况说明
一、关于某某局2023年收支预算情况的总体说明
收入预算100.00万元。
"""

PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    + bytes(range(256))
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["parse", *args])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(err: str, name: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"budgetparse: {name}"), err
    assert "Traceback" not in err


@pytest.fixture
def fragment(tmp_path: Path) -> Path:
    path = tmp_path / "fragment.txt"
    path.write_bytes(FRAGMENT.encode("utf-8"))
    return path


def test_corpus_is_present() -> None:
    assert KORLA_2022.is_file()
    assert len(CORPUS) >= 2


def test_one_file_is_one_json_object(capsys) -> None:
    status, out, err = run(capsys, str(KORLA_2022))
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert data["meta"]["year"] == 2022
    assert data["source"]["path"] == str(KORLA_2022)
    assert out.count("\n") > 1  # indented by default


def test_indent_option(capsys, fragment) -> None:
    status, out, _ = run(capsys, "--indent", "0", str(fragment))
    assert status == EXIT_OK
    assert json.loads(out)["meta"]["year"] == 2023


def test_several_files_are_json_lines(capsys, fragment) -> None:
    files = [str(p) for p in CORPUS[:2]] + [str(fragment)]
    status, out, err = run(capsys, *files)
    assert (status, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert len(lines) == len(files)
    documents = [json.loads(line) for line in lines]
    assert [d["source"]["path"] for d in documents] == files
    assert all(isinstance(d["meta"]["year"], int) for d in documents)


def test_outline_format(capsys) -> None:
    status, out, err = run(capsys, "--format", "outline", str(KORLA_2022))
    assert (status, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0].startswith("库尔勒市")
    for n in (1, 2, 3, 4):
        assert any(line.startswith(f"第{n}部分") for line in lines), n
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_outline_of_several_files_names_each(capsys, fragment) -> None:
    status, out, _ = run(capsys, "--format", "outline", str(KORLA_2022), str(fragment))
    assert status == EXIT_OK
    headers = [line for line in out.splitlines() if line.startswith("== ")]
    assert headers == [f"== {KORLA_2022}", f"== {fragment}"]


def test_missing_file(capsys, tmp_path) -> None:
    name = str(tmp_path / "absent.txt")
    status, out, err = run(capsys, name)
    assert status == EXIT_INPUT
    assert out == ""
    assert_one_error_line(err, name)


def test_directory(capsys, tmp_path) -> None:
    status, out, err = run(capsys, str(tmp_path))
    assert status == EXIT_INPUT
    assert out == ""
    assert_one_error_line(err, str(tmp_path))


def test_png_image(capsys, tmp_path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(PNG)
    status, out, err = run(capsys, str(path))
    assert status == EXIT_INPUT
    assert out == ""
    assert_one_error_line(err, str(path))


def test_empty_file(capsys, tmp_path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    status, out, err = run(capsys, str(path))
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert [d["code"] for d in data["diagnostics"]] == ["document.empty"]
    assert data["parts"] == []


def test_good_and_missing_file(capsys, fragment, tmp_path) -> None:
    missing = str(tmp_path / "absent.txt")
    status, out, err = run(capsys, missing, str(fragment))
    assert status == EXIT_INPUT
    assert_one_error_line(err, missing)
    lines = out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["source"]["path"] == str(fragment)


def test_stdin(capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        sys, "stdin", SimpleNamespace(buffer=io.BytesIO(FRAGMENT.encode("gb18030")))
    )
    status, out, err = run(capsys, "-")
    assert (status, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert data["source"]["path"] is None
    assert data["source"]["encoding"] == "gb18030"
    assert data["meta"]["year"] == 2023
    assert [p["number"] for p in data["parts"]] == [1, 3]


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("budgetparse ")


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_module_entry_point_end_to_end(tmp_path, fragment) -> None:
    missing = tmp_path / "absent.txt"
    result = subprocess.run(
        [sys.executable, "-m", "budgetparse.cli", "parse", str(fragment), str(missing)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_INPUT
    err = result.stderr.decode("utf-8")
    assert_one_error_line(err, str(missing))
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["meta"]["department"] == "某某局"
    assert data["meta"]["year"] == 2023


def test_stdout_that_cannot_encode_chinese_gives_no_traceback(fragment) -> None:
    """Output is UTF-8 whatever the locale says (JSON is UTF-8 by definition)."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "budgetparse.cli", "parse", str(fragment)],
        capture_output=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    assert result.returncode == EXIT_OK
    assert json.loads(result.stdout.decode("utf-8"))["meta"]["department"]
