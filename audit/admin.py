from django.contrib import admin

from audit.display import kind_of, present
from audit.models import AuditChainHead, AuditEntry, Signature, SignerLock
from pms.admin import ReadOnlyAdminMixin, SuperuserOnlyAdmin, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """The audit log: read-only for everyone. HODs see their vessels' chains; fleet-wide
    entries (users, tokens) only a superuser sees."""

    # Readable at 1280 px: the record's kind in words and each change as "field: old → new".
    list_display = ["timestamp", "vessel", "actor_label", "operation", "object_kind", "object_repr", "change_summary"]
    list_filter = ["operation", "object_type", ("vessel", related_only), "timestamp"]
    search_fields = ["actor_label", "object_repr", "object_id", "action_name", "request_id"]
    list_select_related = ["vessel", "actor"]
    date_hierarchy = "timestamp"
    show_full_result_count = False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The names behind the ids in this page's changes, read in one query per related model.
        for line in present(changelist.result_list):
            line.entry.shown = line
        return changelist

    @admin.display(description="Record type", ordering="object_type")
    def object_kind(self, entry):
        return kind_of(entry.object_type)

    @admin.display(description="Changes")
    def change_summary(self, entry):
        line = getattr(entry, "shown", None) or present([entry])[0]
        return line.summary[:300]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = ["signed_at", "printed_name", "role", "meaning", "action_name", "object_type", "vessel"]
    list_filter = ["action_name", "method", ("vessel", related_only), "signed_at"]
    search_fields = ["printed_name", "meaning", "object_id", "preview_hash", "signer__username"]
    list_select_related = ["vessel"]
    date_hierarchy = "signed_at"


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdminMixin, SuperuserOnlyAdmin):
    list_display = ["vessel", "length", "last_hash"]
    search_fields = ["vessel__code", "last_hash"]
    list_select_related = ["vessel"]
    list_filter = [("vessel", admin.EmptyFieldListFilter)]


@admin.register(SignerLock)
class SignerLockAdmin(ReadOnlyAdminMixin, SuperuserOnlyAdmin):
    """The per-signer lock rows that serialise signing attempts (no state of their own)."""

    list_display = ["user"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
