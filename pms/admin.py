"""The Django admin for officers, and the vessel-scoped base every app's admin builds on.

Who may use it (decided here, once, for every model):

- A superuser sees and does everything the model admin allows.
- A head of department (chief engineer, captain, manager) with `is_staff` uses the
  operational models of the vessels they head: the permission checks live in
  `VesselScopedAdmin.has_*_permission`, not in Django's per-model permissions, so an
  officer needs no group or permission rows — being an active HOD member of a vessel
  is the grant, and losing the membership removes it at once.
- HODs view, add and change; deleting is for superusers only (operational records are
  evidence: cancel or close them instead).
- Every other user (crew, engineers, even with `is_staff`) gets nothing.

Rows of vessels the user does not head are not in the querysets at all, so their
change, delete and history pages answer 404 exactly as a missing id does (DESIGN §3:
never a redirect that says "doesn't exist"), and the choices of every foreign key
(vessel, equipment, part, work order, user...) are limited to those vessels.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from audit.models import Signature
from pms.models import ApiToken, IdempotencyRecord, Membership, Upload, User, Vessel

# Vessel roles (memberships), not groups, say what a user may do.
admin.site.unregister(Group)
admin.site.site_header = "Yacht PMS administration"
admin.site.site_title = "Yacht PMS admin"
admin.site.index_title = "Officers' administration"


def hod_vessel_ids(request) -> set:
    user = request.user
    if not (user.is_active and user.is_staff):
        return set()
    return user.hod_vessel_ids()


def vessel_of(obj):
    """The vessel id a row belongs to (a vessel is its own)."""
    return obj.pk if isinstance(obj, Vessel) else getattr(obj, "vessel_id", None)


class VesselConsistentForm(forms.ModelForm):
    """Refuses a row that points at another vessel's equipment, part, work order..."""

    def clean(self):
        cleaned = super().clean()
        vessel = cleaned.get("vessel") or getattr(self.instance, "vessel", None)
        if vessel is None:
            return cleaned
        for name, value in list(cleaned.items()):
            if name != "vessel" and getattr(value, "vessel_id", vessel.pk) != vessel.pk:
                self.add_error(name, ValidationError("Choose one of this vessel's own records."))
        return cleaned


def signed_columns(obj) -> list[str]:
    """The model fields that the signatures on this record cover (read once per instance)."""
    if not hasattr(obj, "_signed_columns"):
        signed = Signature.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        names = {name for fields in signed.values_list("signed_fields", flat=True) for name in fields}
        concrete = {f.name for f in obj._meta.concrete_fields}
        obj._signed_columns = sorted(names & concrete)
    return obj._signed_columns


class MissingRowIs404:
    """A row outside the user's queryset (another vessel's, or none at all) is a 404 on the
    change, delete and history pages, before any permission check can tell it apart."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object.")
        return obj


class VesselScopedAdmin(MissingRowIs404, admin.ModelAdmin):
    """Base of every operational model's admin: scoped to the vessels the user heads.

    `vessel_lookup` is the queryset path to the row's vessel id. `author_field`, when
    set, names the user field filled with the signed-in user on add (and shown read-only).
    """

    form = VesselConsistentForm
    vessel_lookup = "vessel_id"
    author_field = None
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.vessel_lookup}__in": hod_vessel_ids(request)})

    # Permissions: the membership is the grant (see the module docstring).
    def _heads(self, request, obj=None) -> bool:
        ids = hod_vessel_ids(request)
        return bool(ids) and (obj is None or vessel_of(obj) in ids)

    def has_module_permission(self, request):
        return request.user.is_superuser or self._heads(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or self._heads(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser or self._heads(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or self._heads(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    # Forms: only the user's vessels' rows to choose from; a row never moves vessel.
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            ids = hod_vessel_ids(request)
            related = db_field.related_model
            if related is Vessel:
                kwargs["queryset"] = Vessel.objects.filter(id__in=ids)
            elif related is User:
                kwargs["queryset"] = User.objects.filter(
                    memberships__vessel_id__in=ids, memberships__active=True
                ).distinct()
            elif any(f.name == "vessel" for f in related._meta.fields):
                kwargs["queryset"] = related._default_manager.filter(vessel_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.author_field:
            fields.append(self.author_field)
        if obj is not None and self.vessel_lookup == "vessel_id":
            fields.append("vessel")
        if obj is not None:
            # What a signature covers is frozen (DESIGN §4): never an input here.
            fields += [name for name in signed_columns(obj) if name not in fields]
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        vessel = getattr(request, "vessel", None)
        if vessel and (request.user.is_superuser or vessel.pk in hod_vessel_ids(request)):
            initial.setdefault("vessel", vessel.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if self.author_field and not change:
            setattr(obj, self.author_field, request.user)
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """For records only the system writes (ledger, audit log, signatures): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class JoinedInline(admin.TabularInline):
    """Reads each row with the rows its shown fields and its label (the parent) point at, in one query."""

    def get_queryset(self, request):
        shown = set(self.fields or ())
        joined = [
            f.name
            for f in self.model._meta.fields
            if f.many_to_one and (f.name in shown or f.related_model is self.parent_model)
        ]
        return super().get_queryset(request).select_related(*joined)


class ReadOnlyInline(ReadOnlyAdminMixin, JoinedInline):
    """Shows a record's child rows on its page; they change through the actions."""

    extra = 0
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        return True  # the parent's admin has already checked the parent row

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


class SuperuserOnlyRows(MissingRowIs404):
    """No row exists for anyone but a superuser: Django's history page looks a row up
    before it checks the permission, which would tell others that an id exists."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()


class SuperuserOnlyAdmin(SuperuserOnlyRows, admin.ModelAdmin):
    """Fleet-wide records (users, tokens, internals) that only a superuser manages."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class MembershipInline(JoinedInline):
    model = Membership
    extra = 0
    fields = ["vessel", "role", "active"]


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role", "memberships__vessel"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "current_vessel"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]


@admin.register(Vessel)
class VesselAdmin(VesselScopedAdmin):
    """HODs see the vessels they head; only a superuser adds or edits vessels."""

    vessel_lookup = "id"
    list_display = ["name", "code", "imo_number", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "imo_number"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(VesselScopedAdmin):
    """Who holds which role is granted by a superuser; HODs see their vessels' crew lists."""

    list_display = ["user", "vessel", "role", "active"]
    list_filter = ["role", "active", ("vessel", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "vessel__code"]
    list_select_related = ["user", "vessel"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    """Tokens are issued by `manage.py issue_api_token` (the raw token is shown once) and revoked here."""

    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    fields = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the token's history stays

    @admin.action(description="Revoke selected tokens")
    def revoke_tokens(self, request, queryset):
        now = timezone.now()
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])  # one audited save per token
            revoked += 1
        self.message_user(request, f"{revoked} token(s) revoked.", messages.SUCCESS)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdminMixin, SuperuserOnlyAdmin):
    list_display = ["key", "action_name", "user", "http_status", "created_at"]
    list_filter = ["action_name", "http_status"]
    search_fields = ["key", "action_name", "user__username"]
    list_select_related = ["user"]


# Login lockouts are the superuser's business; their rows exist for no one else either.
for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (SuperuserOnlyRows, model_admin), {}))


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for rows its admin shows this user only.

    Django's own looks the row up unscoped, so its redirect would tell that another
    vessel's id exists.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        visible = admin.site.get_model_admin(model).get_queryset(request).filter(pk=object_id).exists()
    except (ContentType.DoesNotExist, NotRegistered, ValueError, ValidationError):
        visible = False
    if not visible:
        raise Http404("No such object.")
    return contenttype_views.shortcut(request, content_type_id, object_id)


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdminMixin, SuperuserOnlyAdmin):
    """Files staged for an action; `manage.py purge_uploads` removes those no action took within a day."""

    list_display = ["name", "purpose", "vessel", "uploaded_by", "size", "created_at"]
    list_filter = ["purpose", "vessel"]
    search_fields = ["name", "sha256", "uploaded_by__username"]
    list_select_related = ["vessel", "uploaded_by"]
