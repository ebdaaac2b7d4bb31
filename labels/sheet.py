"""A sheet of QR labels (PDF, fpdf2 + segno) for equipment and parts.

The layout is Avery L7160 (laser; J8160 is the same sheet for inkjet): A4, 3 columns × 7
rows of 63.5 × 38.1 mm labels, 7.2 mm side margins, 2.5 mm between columns, 15.1 mm top
margin, no gap between rows. Each label: a QR code of the item's page (its absolute URL, so
any phone or the tablet's /scan/ opens it), the code or part number in bold, the name (up to
three lines, an ellipsis when longer) and the vessel's code. Labels are printed at 100 %
("actual size"), never "fit to page".
"""

import io
from dataclasses import dataclass

from pms.pdf import Document
from workorders.card import qr_png

MM = 72 / 25.4  # points per millimetre
COLUMNS, ROWS = 3, 7
PER_SHEET = COLUMNS * ROWS
LABEL_W, LABEL_H = 63.5 * MM, 38.1 * MM
LEFT, TOP = 7.2 * MM, 15.1 * MM
GAP_X = 2.5 * MM
PAD = 2.5 * MM
QR = 28 * MM  # about 28 mm square: reads from a tablet held at arm's length, leaves room for the name
MAX_LABELS = 30 * PER_SHEET  # 30 sheets (630 labels); a longer list is narrowed first


@dataclass(frozen=True)
class Label:
    code: str
    name: str
    url: str
    vessel: str


def label_origin(index: int) -> tuple[float, float]:
    """The top-left corner of the label at `index` on its sheet, in points."""
    slot = index % PER_SHEET
    row, column = divmod(slot, COLUMNS)
    return LEFT + column * (LABEL_W + GAP_X), TOP + row * LABEL_H


def label_sheet(labels: list[Label], *, title: str) -> bytes:
    pdf = Document(title=title)
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    text_x = PAD + QR + PAD
    text_w = LABEL_W - text_x - PAD
    for index, label in enumerate(labels):
        if index % PER_SHEET == 0:
            pdf.add_page()
        x, y = label_origin(index)
        pdf.image(io.BytesIO(qr_png(label.url)), x=x + PAD, y=y + (LABEL_H - QR) / 2, w=QR, h=QR)
        pdf.set_text_color(0)
        pdf.set_font("helvetica", "B", 11)
        code = pdf.lines(label.code, text_w)[:2]
        line_y = y + PAD + 10
        for line in code:
            pdf.text(x + text_x, line_y, line)
            line_y += 12
        pdf.set_font("helvetica", "", 8.5)
        name = pdf.lines(label.name, text_w)
        if len(name) > 3:
            name = name[:2] + [name[2].rstrip() + "…"]
        for line in name:
            pdf.text(x + text_x, line_y, line)
            line_y += 10
        pdf.set_font("helvetica", "", 7)
        pdf.set_text_color(90)
        pdf.text(x + text_x, y + LABEL_H - PAD - 2, label.vessel)
    if not labels:
        pdf.add_page()
    return bytes(pdf.output())
