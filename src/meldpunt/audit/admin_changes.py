"""The Django admin's changes go into the hash-chained audit trail, in the same transaction."""

from typing import Any, Generic, TypeVar

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from meldpunt.audit.services import Actor, record_event, record_events

ModelT = TypeVar("ModelT", bound=models.Model)


# Generic through typing.Generic: ModelAdmin takes a type argument only in django-stubs, not at
# run time (unless django-stubs-ext patches Django).
class AuditedAdmin(admin.ModelAdmin, Generic[ModelT]):
    """Every ModelAdmin of Meldpunt's derives from this: additions, changes and deletions made
    in the admin are recorded with the staff member, the object and the fields changed (their
    names, never their values)."""

    def log_addition(self, request: HttpRequest, obj: ModelT, message: Any) -> Any:
        """Django's admin log, and our trail (the admin runs both inside its transaction)."""
        record_event(Actor.staff(request.user), "admin.added", obj, {"fields": _fields(message)})
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: ModelT, message: Any) -> Any:
        """As log_addition, for a change."""
        record_event(Actor.staff(request.user), "admin.changed", obj, {"fields": _fields(message)})
        return super().log_change(request, obj, message)

    def delete_model(self, request: HttpRequest, obj: ModelT) -> None:
        """Delete and record in one transaction."""
        with transaction.atomic():
            record_event(Actor.staff(request.user), "admin.deleted", obj, {})
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ModelT]) -> None:
        """The bulk delete action: one event per object, all in one transaction with it."""
        with transaction.atomic():
            events: list[tuple[str, models.Model | None, dict[str, Any]]] = [
                ("admin.deleted", obj, {}) for obj in queryset
            ]
            record_events(Actor.staff(request.user), events)
            super().delete_queryset(request, queryset)


class RoleAdmin(AuditedAdmin[ModelT]):
    """Open to the staff whose role is in `roles`, whatever Django's own permission flags say."""

    roles: frozenset[str] = frozenset()

    def allowed(self, request: HttpRequest) -> bool:
        """Whether the signed-in staff member's role opens this part of the admin."""
        has_role = getattr(request.user, "has_role", None)
        return bool(has_role and has_role(*self.roles))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)


class ReadOnlyAdmin(AuditedAdmin[ModelT]):
    """Data that changes only through services, which write the audit trail themselves.
    With `deletable`, deleting is allowed: the subclass then deletes through its service."""

    deletable = False

    def has_add_permission(self, request: HttpRequest, obj: ModelT | None = None) -> bool:
        """Nothing is added here."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: ModelT | None = None) -> bool:
        """Nothing is edited here."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ModelT | None = None) -> bool:
        """Deleted only where the subclass routes it through a service."""
        return self.deletable and super().has_delete_permission(request, obj)


def _fields(message: Any) -> list[str]:
    """The field names in Django's change message ([{"changed": {"fields": [...]}}, ...])."""
    if not isinstance(message, list):
        return []
    names: list[str] = []
    for part in message:
        for detail in part.values() if isinstance(part, dict) else ():
            names.extend(detail.get("fields", []) if isinstance(detail, dict) else [])
    return names
