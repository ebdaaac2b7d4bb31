"""A work order's printable A4 job card (DESIGN §10): a PDF made with fpdf2, its QR code with segno.

The card has the work order's header (vessel, number and title, equipment, due date,
priority, status; repeated on every page), the steps with a box to fill in for each
(check: Pass / Fail boxes; measurement: a box for the value, then its unit; text: a line),
the current result printed where one is recorded, the parts kit with a box to tick, the
manual section to follow, "Done by" and "Verified by" lines, and a QR code of the work
order's page with its address beneath. Long lists flow onto further pages.

The steps, the job and the manual section come from the modules above work orders
through the `card` hook (`workorders.hooks`); a work order nobody answers for (a
reactive one) prints with its kit, the signature lines and the QR code.
"""

import io
from dataclasses import dataclass, field

import segno
from django.utils import timezone

from pms.formatting import day, moment
from pms.pdf import Document
from workorders import hooks

MARGIN = 36
FOOTER = 24  # the footer's band above the bottom margin
STEP_KINDS = {"check": "Check", "measurement": "Measurement", "text": "Text"}
QR_SIZE = 96  # points, about 34 mm: scans from a tablet held at arm's length
QR_SCALE = 4  # PNG pixels per module: sharp when printed at QR_SIZE
GREY = (90, 90, 90)
LIGHT = (160, 160, 160)


def qr_png(url: str) -> bytes:
    """The QR code the card carries for `url`, as PNG (segno; medium error correction, quiet zone 4)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue()


@dataclass
class CardDetails:
    """What the modules above work orders add to a card (the merged answers of the `card` hook)."""

    job: dict | None = None
    steps: list[dict] = field(default_factory=list)
    manual_reference: str = ""


def card_details(work_order) -> CardDetails:
    """The answers of `hooks.call("card", ...)`, merged: steps from all of them in position order."""
    details = CardDetails()
    for answer in hooks.call("card", work_order=work_order):
        details.steps.extend(answer.get("steps") or [])
        details.job = answer.get("job") or details.job
        details.manual_reference = answer.get("manual_reference") or details.manual_reference
    details.steps.sort(key=lambda step: step["position"])
    return details


class JobCard(Document):
    def __init__(self, *, work_order, parts, details: CardDetails, url: str):
        super().__init__(title=f"{work_order.number} {work_order.title} — job card")
        self.work_order, self.parts, self.details, self.url = work_order, parts, details, url
        self.printed_at = moment(timezone.now())
        self.continued = ""  # the heading a list repeats on the pages it flows onto
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER)
        self.bottom = self.h - MARGIN - FOOTER

    # Each page: the header and the footer.

    def header(self):
        work_order = self.work_order
        self.set_text_color(0)
        self.set_font("helvetica", "B", 13)
        title = self.lines(f"{work_order.number}  {work_order.title}", self.epw - 70)
        if len(title) > 2:
            title = [title[0], self.fitted(title[1] + "…", self.epw - 70)]
        y = MARGIN + 12
        for line in title:
            self.text(MARGIN, y, line)
            y += 16
        self.set_font("helvetica", "", 8)
        self.set_text_color(*GREY)
        self.set_xy(self.w - MARGIN - 70, MARGIN + 3)
        self.cell(70, 9, f"Job card, page {self.page_no()} of {{nb}}", align="R")  # a cell fills in {nb}
        equipment = work_order.equipment
        job = self.details.job
        facts = [
            ("Vessel", work_order.vessel.name),
            ("Equipment", f"{equipment.code} {equipment.name}" if equipment else "—"),
            ("Job", f"{job['code']} {job['title']}" if job else "Reactive (no planned job)"),
            ("Due", day(work_order.due_date) or "—"),
            ("Priority", work_order.get_priority_display()),
            ("Status", work_order.get_status_display()),
        ]
        column = self.epw / 3
        for index, (label, value) in enumerate(facts):
            x, row_y = MARGIN + (index % 3) * column, y + (index // 3) * 24
            self.set_font("helvetica", "", 7)
            self.set_text_color(*GREY)
            self.text(x, row_y, label.upper())
            self.set_font("helvetica", "B", 10)
            self.set_text_color(0)
            self.text(x, row_y + 11, self.fitted(value, column - 8))
        y += 2 * 24 - 4
        self.set_draw_color(0)
        self.set_line_width(0.8)
        self.line(MARGIN, y, self.w - MARGIN, y)
        self.set_y(y + 10)
        if self.continued and self.page_no() > 1:
            self.continued_heading()

    def footer(self):
        self.set_font("helvetica", "", 7)
        self.set_text_color(*GREY)
        y = self.h - MARGIN
        self.text(MARGIN, y, f"{self.work_order.number} · printed {self.printed_at} · {self.url}")

    # Pieces.

    def fitted(self, text: str, width: float) -> str:
        """`text` on one line of `width`, cut with an ellipsis when it is longer."""
        if self.text_width(text) <= width:
            return text
        while text and self.text_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def room_for(self, height: float) -> None:
        """Start a new page unless `height` fits above the footer."""
        if self.get_y() + height > self.bottom:
            self.add_page()

    def heading(self, text: str, *, continued: str = "") -> None:
        self.continued = ""  # a page break before the heading continues nothing
        self.room_for(40)
        self.continued = continued
        self.set_font("helvetica", "B", 11)
        self.set_text_color(0)
        y = self.get_y() + 12
        self.text(MARGIN, y, text)
        self.set_y(y + 6)

    def continued_heading(self):
        self.set_font("helvetica", "B", 9)
        self.set_text_color(*GREY)
        y = self.get_y() + 10
        self.text(MARGIN, y, f"{self.continued} (continued)")
        self.set_y(y + 6)

    def box(self, x: float, y: float, size: float, *, marked: bool = False) -> None:
        self.set_draw_color(0)
        self.set_line_width(0.8)
        self.rect(x, y, size, size)
        if marked:
            self.line(x + 2, y + 2, x + size - 2, y + size - 2)
            self.line(x + 2, y + size - 2, x + size - 2, y + 2)

    # Sections.

    def steps(self) -> None:
        steps = self.details.steps
        if not steps:
            return
        self.heading(f"Steps ({len(steps)})", continued="Steps")
        result_x = self.w - MARGIN - 200
        title_width = result_x - MARGIN - 34
        for step in steps:
            self.set_font("helvetica", "B", 10)
            title = self.lines(step["title"], title_width)
            kind = step.get("kind", "")
            result = step.get("result") or ""
            self.set_font("helvetica", "", 8)
            result_lines = self.lines(result, 200) if kind == "text" and result else []
            if len(result_lines) > 3:  # the rest is on the work order's page
                result_lines = [*result_lines[:2], self.fitted(result_lines[2] + "…", 200)]
            height = max(12 * len(title) + 12, 12 * len(result_lines) + 16, 28) + 8
            self.room_for(height)
            top = self.get_y()
            self.set_text_color(0)
            self.set_font("helvetica", "B", 10)
            self.text(MARGIN, top + 12, f"{step['position']}.")
            for index, line in enumerate(title):
                self.text(MARGIN + 24, top + 12 + 12 * index, line)
            meta = [STEP_KINDS.get(kind, kind.capitalize())]
            if step.get("limits"):
                meta.append(step["limits"])
            meta.append("mandatory" if step.get("mandatory") else "optional")
            self.set_font("helvetica", "", 8)
            self.set_text_color(*GREY)
            self.text(MARGIN + 24, top + 12 + 12 * len(title), " · ".join(meta))
            self.set_text_color(0)
            self.result_box(step, result_x, top + 4, result_lines)
            self.set_draw_color(*LIGHT)
            self.set_line_width(0.3)
            self.line(MARGIN, top + height, self.w - MARGIN, top + height)
            self.set_y(top + height)
        self.set_y(self.get_y() + 6)

    def result_box(self, step: dict, x: float, y: float, result_lines: list[str]) -> None:
        kind, result, unit = step.get("kind"), step.get("result") or "", step.get("unit") or ""
        self.set_font("helvetica", "", 10)
        if kind == "check":
            self.text(x, y + 11, "Pass")
            self.box(x + 26, y + 1, 12, marked=result == "Pass")
            self.text(x + 56, y + 11, "Fail")
            self.box(x + 78, y + 1, 12, marked=result == "Fail")
        elif kind == "measurement":
            self.set_draw_color(0)
            self.set_line_width(0.8)
            self.rect(x, y - 2, 110, 20)
            if result:
                self.text(x + 5, y + 12, result.removesuffix(f" {unit}") if unit else result)
            if unit:
                self.text(x + 116, y + 12, unit)
        else:
            self.set_font("helvetica", "", 8)
            for index, line in enumerate(result_lines):
                self.text(x, y + 8 + 10 * index, line)
            self.set_draw_color(0)
            self.set_line_width(0.5)
            baseline = y + 12 + 10 * max(len(result_lines), 1)
            self.line(x, baseline, x + 200, baseline)

    def kit(self) -> None:
        self.heading("Parts kit", continued="Parts kit")
        if not self.parts:
            self.note("No parts on the list.")
            return
        columns = [("Part number", 110), ("Name", 253), ("Quantity", 60), ("Unit", 50), ("Taken", 50)]
        self.kit_columns(columns)
        for line in self.parts:
            self.room_for(18)
            top = self.get_y()
            x = MARGIN
            values = [line.part.part_number, line.part.name, str(line.quantity), line.part.unit]
            self.set_font("helvetica", "", 10)
            self.set_text_color(0)
            for (_, width), value in zip(columns, values, strict=False):
                self.text(x, top + 12, self.fitted(value, width - 8))
                x += width
            self.box(x + 4, top + 3, 11)
            self.set_draw_color(*LIGHT)
            self.set_line_width(0.3)
            self.line(MARGIN, top + 18, self.w - MARGIN, top + 18)
            self.set_y(top + 18)
        self.set_y(self.get_y() + 6)

    def kit_columns(self, columns) -> None:
        x, y = MARGIN, self.get_y() + 10
        self.set_font("helvetica", "B", 8)
        self.set_text_color(*GREY)
        for label, width in columns:
            self.text(x, y, label)
            x += width
        self.set_y(y + 4)

    def note(self, text: str) -> None:
        self.set_font("helvetica", "", 10)
        self.set_text_color(0)
        for line in self.lines(text, self.epw):
            self.room_for(14)
            y = self.get_y() + 11
            self.text(MARGIN, y, line)
            self.set_y(y + 3)
        self.set_y(self.get_y() + 6)

    def description(self) -> None:
        if self.work_order.description:
            self.heading("Description")
            self.note(self.work_order.description)

    def manual(self) -> None:
        if self.details.manual_reference:
            self.heading("Manual section")
            self.note(self.details.manual_reference)

    def signatures_and_qr(self) -> None:
        """'Done by' and 'Verified by' with name, date and signature lines; the QR code beside them."""
        self.continued = ""
        self.room_for(QR_SIZE + 40)
        top = self.get_y() + 8
        width = (self.epw - QR_SIZE - 24) / 2
        for index, label in enumerate(("Done by", "Verified by")):
            x = MARGIN + index * (width + 12)
            self.set_font("helvetica", "B", 11)
            self.set_text_color(0)
            self.text(x, top + 10, label)
            for row, field_name in enumerate(("Name", "Date", "Signature")):
                baseline = top + 38 + row * 26
                self.set_font("helvetica", "", 7)
                self.set_text_color(*GREY)
                self.text(x, baseline + 8, field_name)
                self.set_draw_color(0)
                self.set_line_width(0.5)
                self.line(x, baseline, x + width, baseline)
        self.image(io.BytesIO(qr_png(self.url)), x=self.w - MARGIN - QR_SIZE, y=top, w=QR_SIZE, h=QR_SIZE)
        self.set_font("helvetica", "", 7)
        self.set_text_color(*GREY)
        url_width = self.text_width(self.url)
        self.text(self.w - MARGIN - min(url_width, self.epw), top + QR_SIZE + 10, self.url)
        self.set_y(top + QR_SIZE + 16)

    def render(self) -> bytes:
        self.add_page()
        self.description()
        self.steps()
        self.kit()
        self.manual()
        self.signatures_and_qr()
        return bytes(self.output())


def job_card_pdf(*, work_order, parts, details: CardDetails, url: str) -> bytes:
    """The job card of `work_order`: `parts` its parts-list lines (with their part), `url` its page."""
    return JobCard(work_order=work_order, parts=parts, details=details, url=url).render()
