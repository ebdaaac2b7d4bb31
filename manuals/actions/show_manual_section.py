"""show_manual_section: the manual section for an equipment and a fault code (reads only)."""

from django import forms
from django.utils.text import Truncator

from equipment.models import Equipment
from equipment.selectors import equipment_picker, find_equipment
from manuals import selectors
from manuals.ingestion import normalise_fault_code
from manuals.links import StorageAccessError, file_link
from manuals.serializers import section_summary
from pms.actions.base import Action, ActionError, Kind, Ref, Target, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ANY_MEMBER

TEXT_PREVIEW_CHARS = 500


class ShowManualSectionForm(ActionForm):
    equipment_id = id_field("Equipment")
    fault_code = forms.CharField(max_length=40, required=False, help_text="Optional, e.g. E047 or SPN 110 FMI 0.")
    section_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    pickers = {"equipment_id": equipment_picker()}

    def clean_fault_code(self):
        return normalise_fault_code(self.cleaned_data["fault_code"])


@register
class ShowManualSection(Action):
    name = "show_manual_section"
    roles = ANY_MEMBER
    example_payload = {
        "equipment_id": Ref("equipment.equipment"),
        "fault_code": "",
        "section_id": Ref("manuals.manualsection"),
    }
    label = "Show manual section"
    description = "Open the equipment's manual at the section for a fault code."
    kind = Kind.READ
    form_class = ShowManualSectionForm
    template_name = "manuals/actions/show_manual_section.html"

    def resolve(self, *, user, data, vessel):
        equipment = find_equipment(
            user=user, pk=data.get("equipment_id"), queryset=Equipment.objects.select_related("vessel", "manual")
        )
        document = selectors.manual_for_equipment(equipment)
        if document is None:
            raise self._manual_not_found(equipment)
        if data.get("section_id"):
            section, match = selectors.section_by_id(document, data["section_id"]), "section_id"
            if section is None:
                raise ActionError("SECTION_NOT_FOUND", f"That section is not in {document.title}.", field="section_id")
        else:
            section, match = None, "first_section"
            if data.get("fault_code"):
                section = selectors.section_for_fault_code(document, data["fault_code"])
                match = "fault_code" if section else "first_section"
            section = section or selectors.first_section(document)
            if section is None:
                raise ActionError("SECTION_NOT_FOUND", f"{document.title} has no sections.")
        return Target(
            vessel=equipment.vessel,
            objects={"equipment": equipment, "document": document, "section": section, "match": match},
        )

    @staticmethod
    def _manual_not_found(equipment) -> ActionError:
        own = equipment.manual
        if own is not None and own.vessel_id == equipment.vessel_id:
            reason = f": {own.failure_reason}" if own.failure_reason else ""
            return ActionError(
                "MANUAL_NOT_FOUND",
                f"The manual {own.title} is not ready ({own.get_status_display().lower()}{reason}).",
                details={"document_id": str(own.pk), "status": own.status, "failure_reason": own.failure_reason},
            )
        return ActionError("MANUAL_NOT_FOUND", f"There is no manual for {equipment.code} {equipment.name}.")

    def read(self, *, user, data, target):
        document, section = target.document, target.section
        try:
            url, expires_at = file_link(document, page=section.page_number)
        except StorageAccessError as exc:
            raise ActionError("STORAGE_ACCESS_ERROR", str(exc), details={"document_id": str(document.pk)}) from exc
        return {
            "equipment": {"id": str(target.equipment.pk), "code": target.equipment.code, "name": target.equipment.name},
            "document": {
                "id": str(document.pk),
                "title": document.title,
                "manufacturer": document.manufacturer,
                "model": document.model,
                "version": document.revision,
                "page_count": document.page_count,
                "url": url,
                "url_expires_at": expires_at.isoformat(),
            },
            "section": {
                **section_summary(section),
                "end_page": section.end_page,
                "text_preview": Truncator(section.text.strip()).chars(TEXT_PREVIEW_CHARS),
            },
            "related_sections": [section_summary(s) for s in selectors.related_sections(section)],
            "fault_code": data["fault_code"] or None,
            "match": target.match,
        }

    def message(self, result):
        section = result["section"]
        return f"{result['document']['title']}: {section['title']}, page {section['page_number']}."
