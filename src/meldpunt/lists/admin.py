"""Admin pages for hash lists: lists are edited here, entries only come in by import."""

from django.contrib import admin

from meldpunt.audit.services import Actor
from meldpunt.lists.models import HashList, HashListEntry
from meldpunt.lists.services import remove_entries


@admin.register(HashList)
class HashListAdmin(admin.ModelAdmin):
    """Name, kind, threshold and trust of each list."""

    list_display = ("name", "kind", "classification", "threshold", "trust", "source", "updated_at")
    list_filter = ("kind", "trust")
    search_fields = ("name", "source")


@admin.register(HashListEntry)
class HashListEntryAdmin(admin.ModelAdmin):
    """Entries can be looked up and removed; they are added by import only."""

    list_display = ("id", "hash_list", "pdq", "md5", "sha256", "classification")
    list_filter = ("hash_list",)
    search_fields = ("pdq", "md5", "sha1", "sha256", "source_ref")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        remove_entries(HashListEntry.objects.filter(pk=obj.pk), Actor.staff(request.user))

    def delete_queryset(self, request, queryset) -> None:
        remove_entries(queryset, Actor.staff(request.user))
