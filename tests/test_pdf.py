"""PDF input: the text layer, pages joined by form feeds, and the clear refusals
(no extra installed, no text layer, a broken file)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from budgetparse import UndecodableInputError
from budgetparse.cli import main
from budgetparse.decode import decode_bytes

REAL = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "documents"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one page per item, each line of ASCII text in Helvetica."""
    objects: list[bytes] = []
    kids = []
    for number, lines in enumerate(pages):
        content_id = 4 + 2 * number
        page_id = content_id + 1
        kids.append(page_id)
        ops = ["BT /F1 12 Tf 14 TL 72 720 Td"]
        ops += [f"({line}) Tj T*" for line in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(head + objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return bytes(out)


def test_without_the_extra_a_pdf_gets_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as if not installed
    with pytest.raises(UndecodableInputError, match=r"budgetparse\[pdf\]"):
        decode_bytes(make_pdf([["Total 1,234.50"]]))
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "budgetparse[pdf]" in err[0]


pdfium = pytest.importorskip("pypdfium2")


def test_pages_are_joined_by_form_feeds() -> None:
    decoded = decode_bytes(
        make_pdf([["First page of the report", "Total 1,234.50"], ["Second page 7.25 here"]])
    )
    assert decoded.encoding == "pdf"
    pages = decoded.text.split("\f")
    assert len(pages) == 2
    assert "Total 1,234.50" in pages[0]
    assert "Second page 7.25 here" in pages[1]
    assert "\r" not in decoded.text


def test_a_pdf_without_a_text_layer_says_so() -> None:
    with pytest.raises(UndecodableInputError, match="without a text layer"):
        decode_bytes(make_pdf([[], []]))


def test_a_broken_pdf_is_refused_in_words() -> None:
    with pytest.raises(UndecodableInputError, match="cannot be opened"):
        decode_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)


@pytest.mark.skipif(not REAL.is_dir(), reason="real documents not available")
def test_a_real_final_accounts_pdf_reads_with_its_pages() -> None:
    pdfs = sorted(REAL.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        text = decode_bytes(path.read_bytes()).text
        layout = (path.with_suffix("")).with_suffix(".layout.txt")
        assert text.count("\f") >= 1, path.name
        if layout.exists():
            # the same number of pages as pdftotext finds
            expected = layout.read_text(encoding="utf-8").rstrip("\f").count("\f")
            assert text.count("\f") == expected, path.name
