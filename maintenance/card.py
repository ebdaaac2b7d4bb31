"""What a planned work order's job card prints from the plan (a `workorders.hooks` extension).

The card hook answers with the work order's steps (copied from its job) and each step's
current result (its newest), the job, and the manual section the job points to; a work
order with neither (a reactive one) gets nothing added. Three queries, whatever the
number of steps.
"""

from maintenance import rules
from maintenance.models import PlannedWorkOrder, WorkOrderStep
from maintenance.selectors import card_steps
from maintenance.serializers import card_step_dict


def manual_reference(section) -> str:
    """'Main engine manual (Rev. 3), §4.2 Valve clearances (pp. 37–38)': the document, the section, its pages."""
    document = section.document
    revision = f" ({document.revision})" if document.revision else ""
    title = f"§{section.title}" if section.title[:1].isdigit() else section.title
    if section.end_page > section.page_number:
        pages = f"pp. {section.page_number}–{section.end_page}"
    else:
        pages = f"p. {section.page_number}"
    return f"{document.title}{revision}, {title} ({pages})"


def step_dict(step: WorkOrderStep) -> dict:
    """A row of the printed card, from `card_steps` (the step with its `current` result)."""
    current = step.current
    return {
        "position": step.position,
        "title": step.title,
        "kind": step.kind,
        "limits": rules.limits_text(step.step()),
        "unit": step.unit,
        "mandatory": step.mandatory,
        "result": current.display_value() if current else "",
    }


class MaintenanceCard:
    def card(self, *, work_order) -> dict:
        planned = (
            PlannedWorkOrder.objects.filter(work_order=work_order)
            .select_related("job__manual_section__document")
            .first()
        )
        answer = {"steps": [step_dict(step) for step in card_steps(work_order)]}
        if planned is not None:
            job = planned.job
            answer["job"] = {"code": job.code, "title": job.title}
            if job.manual_section is not None:
                answer["manual_reference"] = manual_reference(job.manual_section)
        return answer

    def detail(self, *, work_order) -> dict:
        """The read API's work order item: the card's steps, each with its current and earlier results."""
        return {"steps": [card_step_dict(step) for step in card_steps(work_order)]}
