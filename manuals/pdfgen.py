"""Real, multi-page PDFs with text and an optional outline, for tests and the demo manuals.

Written with fpdf2 through `pms.pdf.Document` (A4, Helvetica; characters the core font lacks
are replaced, bookmarks keep every character), so the manuals the tests and the demo upload
read, in pypdf and in any viewer, like a manufacturer's file: page text and bookmarks.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pms.pdf import Document

MARGIN = 56
FONT_SIZE = 11
LEADING = 15


def pdf_bytes(pages: Sequence[str], *, outline: Iterable[tuple[str, int]] = (), title: str = "") -> bytes:
    """A PDF with one page per text in `pages`; `outline` holds (bookmark title, 1-based page).

    The bookmarks are listed in page order (those on one page in the order given). A text
    that does not fit on its page, or a bookmark pointing past the last page, is a ValueError.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    bookmarks_on = defaultdict(list)
    for bookmark, page_number in outline:
        if not 1 <= page_number <= len(pages):
            raise ValueError(f"bookmark {bookmark!r} points at page {page_number} of {len(pages)}")
        bookmarks_on[page_number].append(bookmark)

    pdf = Document(title=title)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=FONT_SIZE)
    lines_per_page = int((pdf.h - 2 * MARGIN) // LEADING)
    for page_number, text in enumerate(pages, start=1):
        pdf.add_page()
        for bookmark in bookmarks_on[page_number]:
            pdf.start_section(bookmark)
        lines = pdf.lines(text, pdf.epw) if text else []
        if len(lines) > lines_per_page:
            raise ValueError(f"page {page_number} needs {len(lines)} lines; a page holds {lines_per_page}")
        for index, line in enumerate(lines):
            if line:
                pdf.text(MARGIN, MARGIN + FONT_SIZE + index * LEADING, line)
    if bookmarks_on:
        pdf.page_mode = "USE_OUTLINES"
    return bytes(pdf.output())


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
