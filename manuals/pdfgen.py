"""A small generator of real, multi-page PDFs with text and an optional outline.

It writes PDF 1.4 by hand (Helvetica, WinAnsi text, one content stream per page, a
cross-reference table) so tests and the demo data can make manuals that pypdf and any
PDF viewer read like a manufacturer's file, without a PDF library at run time.
"""

import textwrap
from collections.abc import Iterable, Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 11
LEADING = 15
LINE_CHARS = 88
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def _pdf_string(text: str) -> bytes:
    """A string shown with the WinAnsi-encoded page font."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text_string(text: str) -> bytes:
    """A PDF text string (titles, bookmarks): UTF-16 when it is not plain ASCII."""
    if text.isascii():
        return _pdf_string(text)
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _page_lines(text: str) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, LINE_CHARS) or [""])
    if len(lines) > LINES_PER_PAGE:
        raise ValueError(f"page text needs {len(lines)} lines; a page holds {LINES_PER_PAGE}")
    return lines


def _content_stream(text: str) -> bytes:
    ops = [b"BT", f"/F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode()]
    for line in _page_lines(text):
        ops.append(_pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def pdf_bytes(pages: Sequence[str], *, outline: Iterable[tuple[str, int]] = (), title: str = "") -> bytes:
    """A PDF with one page per text in `pages`; `outline` holds (bookmark title, 1-based page)."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    outline = list(outline)
    objects: list[bytes] = []  # objects[i] is object number i + 1

    def reserve() -> int:
        objects.append(b"")
        return len(objects)

    catalog, page_tree, font, info = reserve(), reserve(), reserve(), reserve()
    objects[font - 1] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[info - 1] = b"<< /Title " + _text_string(title) + b" /Producer (PMS pdfgen) >>"
    page_ids = []
    for text in pages:
        page_id, content_id = reserve(), reserve()
        stream = _content_stream(text)
        objects[content_id - 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[page_id - 1] = (
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (page_tree, PAGE_WIDTH, PAGE_HEIGHT, font, content_id)
        )
        page_ids.append(page_id)
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    catalog_extra = b""
    if outline:
        root = reserve()
        item_ids = [reserve() for _ in outline]
        for index, (bookmark, page_number) in enumerate(outline):
            if not 1 <= page_number <= len(pages):
                raise ValueError(f"bookmark {bookmark!r} points at page {page_number} of {len(pages)}")
            links = b""
            if index > 0:
                links += b" /Prev %d 0 R" % item_ids[index - 1]
            if index < len(item_ids) - 1:
                links += b" /Next %d 0 R" % item_ids[index + 1]
            objects[item_ids[index] - 1] = b"<< /Title %s /Parent %d 0 R%s /Dest [%d 0 R /Fit] >>" % (
                _text_string(bookmark),
                root,
                links,
                page_ids[page_number - 1],
            )
        objects[root - 1] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
            item_ids[0],
            item_ids[-1],
            len(item_ids),
        )
        catalog_extra = b" /Outlines %d 0 R /PageMode /UseOutlines" % root
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R%s >>" % (page_tree, catalog_extra)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref_at,
    )
    return bytes(out)


def demo_manual_pdf(system_name: str, sections: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> bytes:
    """A manual for `system_name` with one bookmark per section.

    `sections` holds (title, page texts, fault codes): the section starts on a new page
    headed by its title, and its first page lists its fault codes.
    """
    pages: list[str] = []
    outline = []
    for title, page_texts, fault_codes in sections:
        outline.append((title, len(pages) + 1))
        texts = list(page_texts) or [""]
        first = f"{title}\n\n{texts[0]}"
        if fault_codes:
            first += "\n\nFault codes: " + ", ".join(fault_codes)
        pages.extend([first, *texts[1:]])
    return pdf_bytes(pages, outline=outline, title=f"{system_name} — Operation and maintenance manual")
