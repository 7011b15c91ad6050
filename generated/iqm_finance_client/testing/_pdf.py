# Copied from overrides/runtime/testing/_pdf.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_pdf.py, then run `nox -s generate`.
"""A small valid PDF (one page, one line of text), made with the standard library: what the downloads return."""

from __future__ import annotations

__all__ = ["make_pdf"]


def make_pdf(title: str, lines: list[str]) -> bytes:
    """Return a one-page PDF 1.4 document showing `title` and `lines`, with a correct cross-reference table."""
    text = [title, *lines]
    commands = ["BT", "/F1 14 Tf", "72 760 Td", "16 TL"]
    commands.extend(f"({_escape(line)}) Tj T*" for line in text)
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _escape(line: str) -> str:
    """Escape a line for a PDF string literal."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
