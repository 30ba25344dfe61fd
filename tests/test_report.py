"""The HTML report: self-contained, every record highlighted, every finding's places
marked; and, in headless Chromium, hover, click-to-scroll and a screenshot."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest

import budgetparse
from budgetparse.cli import main
from budgetparse.model import Document
from budgetparse.report import render

from .conftest import ROOT, corpus_files

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# what Chromium needs on a machine with no network and no display, running as root
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@cache
def most_findings() -> Document:
    """The corpus document with the most findings."""
    docs = [
        budgetparse.parse(p.read_bytes(), path=p.relative_to(ROOT).as_posix())
        for p in corpus_files()
    ]
    return max(docs, key=lambda d: len(d.findings))


def test_page_is_self_contained_and_marks_everything() -> None:
    document = most_findings()
    assert document.findings
    page = render(document)
    # nothing fetched: no external URL, no linked file
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    highlighted = {int(i) for group in re.findall(r'data-r="([^"]+)"', page) for i in group.split()}
    assert highlighted == {r.index for r in document.records if r.sentence is not None}
    for i in range(len(document.findings)):
        assert re.search(rf'data-f="(?:[^"]* )?{i}(?: [^"]*)?"', page), i
    for table in document.tables:
        assert f'id="table-{table.index}"' in page


def test_script_data_cannot_end_the_script() -> None:
    text = "第三部分 说明\n一、总体\n收入</script><b>10万元。\n"
    page = render(budgetparse.parse(text))
    assert page.count("</script>") == 2  # the two script elements' own ends
    assert "&lt;/script&gt;&lt;b&gt;" in page


def test_report_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    source = corpus_files()[0]
    Path("a").mkdir()
    shutil.copy(source, "a/doc.txt")
    assert main(["report", "a/doc.txt", "--html", "out"]) == 0
    page = Path("out/a/doc.txt.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert main(["report", "a/doc.txt", "--html", "out"]) == 2
    assert "exists (give --force to replace)" in capsys.readouterr().err
    assert main(["report", "a/doc.txt", "--html", "out", "--force"]) == 0


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip("no Chromium installed (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_report_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = most_findings()
    path = tmp_path / "report.html"
    path.write_text(render(document), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())

    # every record is highlighted
    records = page.locator(".rec")
    assert records.count() >= len(document.records)
    # hovering one shows its fields
    first = document.records[0]
    target = page.locator(f'.rec[data-r~="{first.index}"]').first
    target.scroll_into_view_if_needed()
    target.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert f'"kind": "{first.kind}"' in tip.inner_text()

    # a click on each finding highlights its places and scrolls to the first
    for i in range(len(document.findings)):
        page.evaluate("window.scrollTo(0, 0)")
        page.locator(f'[data-finding="{i}"]').click()
        places = page.locator(f'[data-f~="{i}"]')
        hits = page.locator(".hit")
        assert hits.count() == places.count() > 0
        box = page.evaluate("() => document.querySelector('.hit').getBoundingClientRect().toJSON()")
        assert 0 <= box["top"] < 800, (i, box)
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    shot = page.screenshot()
    assert shot.startswith(b"\x89PNG") and len(shot) > 10_000
    assert not errors
    assert all(url.startswith("file://") for url in requests), requests
    page.close()
