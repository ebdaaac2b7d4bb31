"""The PDF documents the app writes (manuals for tests and demo data, job cards), made with fpdf2.

`Document` is an A4 page in points with the PDF core fonts (Helvetica and friends), which every
viewer has and which keep a file small: no font is embedded. They encode text as WinAnsi
(cp1252), so a character outside it is written as its nearest WinAnsi spelling ("≥" as ">=",
"☐" as "[ ]", "č" as "c") or "?" — never an error. Bookmarks and the title are PDF text
strings and keep every character.
"""

import unicodedata
from contextlib import suppress
from functools import lru_cache

from fpdf import FPDF
from fpdf.fonts import CORE_FONTS_CHARWIDTHS

# Characters WinAnsi lacks that manuals and job cards use, spelled with characters it has.
FALLBACKS = {
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "≈": "~",
    "−": "-",  # minus sign
    "‐": "-",  # hyphen
    "‑": "-",  # non-breaking hyphen
    "→": "->",
    "←": "<-",
    "☐": "[ ]",
    "☑": "[x]",
    "☒": "[x]",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "✘": "x",
    "′": "'",
    "″": '"',
    "Ω": "Ohm",
    "№": "No.",
    "\u00a0": " ",
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space
}


@lru_cache(maxsize=1024)
def _winansi_char(char: str) -> str:
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        pass
    if char in FALLBACKS:
        return FALLBACKS[char]
    # An accented letter WinAnsi lacks loses its accent ("č" → "c"); anything else is "?".
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        base.encode("cp1252")
        return base or "?"
    except UnicodeEncodeError:
        return "?"


def winansi_text(text: str) -> str:
    """`text` with every character the core fonts cannot show replaced by its nearest spelling."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        return "".join(_winansi_char(char) for char in text)


@lru_cache(maxsize=16)
def _winansi_widths(fontkey: str) -> dict[str, int]:
    """A core font's glyph widths (thousandths of the size) by the character, not its WinAnsi byte."""
    widths = CORE_FONTS_CHARWIDTHS[fontkey]
    by_char = {}
    for code in range(256):
        with suppress(UnicodeDecodeError):  # the five bytes WinAnsi leaves undefined
            by_char[bytes([code]).decode("cp1252")] = widths[chr(code)]
    return by_char


class Document(FPDF):
    """An A4 document measured in points, written with the core fonts in WinAnsi."""

    def __init__(self, *, title: str = "") -> None:
        super().__init__(orientation="portrait", unit="pt", format="A4")
        self.core_fonts_encoding = "cp1252"
        self.set_producer("Yacht PMS (fpdf2)")
        if title:
            self.set_title(title)

    def normalize_text(self, text: str) -> str:
        """Every text written goes through here: replace what the font cannot encode."""
        if not self.is_ttf_font:
            text = winansi_text(text)
        return super().normalize_text(text)

    def text_width(self, text: str) -> float:
        """The width of `text` in the current font, in points; for a core font summed from its metrics."""
        if self.is_ttf_font:
            return self.get_string_width(text)
        widths = _winansi_widths(self.current_font.fontkey)
        return sum(widths[char] for char in winansi_text(text)) * self.font_size_pt / 1000

    def lines(self, text: str, width: float) -> list[str]:
        """`text` broken at spaces into lines at most `width` points wide; a word wider than a line is cut."""
        lines = []
        space = self.text_width(" ")
        for paragraph in winansi_text(text).split("\n"):
            line, line_width = "", 0.0
            for whole_word in paragraph.split():
                word, word_width = whole_word, self.text_width(whole_word)
                while word_width > width:  # a part number or URL longer than the line
                    cut = len(word) - 1
                    while cut > 1 and self.text_width(word[:cut]) > width:
                        cut -= 1
                    if line:
                        lines.append(line)
                    lines.append(word[:cut])
                    line, line_width = "", 0.0
                    word = word[cut:]
                    word_width = self.text_width(word)
                if line and line_width + space + word_width > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                if line:
                    line, line_width = f"{line} {word}", line_width + space + word_width
                else:
                    line, line_width = word, word_width
            lines.append(line)
        return lines
