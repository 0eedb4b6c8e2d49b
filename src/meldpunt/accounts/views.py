"""Account pages Meldpunt adds to allauth's: the password reset that knows whether mail works,
and the administrator's staff management."""

from collections.abc import Callable

from allauth.account import views as allauth_views
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldpunt.accounts import services
from meldpunt.accounts.forms import NewStaffForm, RoleForm
from meldpunt.accounts.models import Role, User
from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import MANAGE_STAFF
from meldpunt.audit.services import Actor


def password_reset(request: HttpRequest) -> HttpResponse:
    """allauth's reset by e-mail, or, without a mail server, the way through an administrator."""
    if not settings.MELDPUNT_SENDS_MAIL:
        return render(request, "account/password_reset_unavailable.html")
    return allauth_views.password_reset(request)


@role_required(MANAGE_STAFF)
def staff_list(request: StaffRequest) -> HttpResponse:
    """Everyone with an account: role, whether they can sign in, whether MFA is set up."""
    return _render_list(request, NewStaffForm())


@require_POST
@role_required(MANAGE_STAFF)
def staff_create(request: StaffRequest) -> HttpResponse:
    """A new colleague, and the one-time link with which they set their password."""
    form = NewStaffForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form, status=400)
    data = form.cleaned_data
    try:
        person = services.create_staff_user(
            data["username"], None, Role(data["role"]), data["email"], Actor.staff(request.user)
        )
    except services.AccountError as error:
        form.add_error("username", str(error))
        return _render_list(request, form, status=400)
    return _show_link(request, person)


@role_required(MANAGE_STAFF)
def staff_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """One person and what an administrator can do for or about them."""
    person = get_object_or_404(User, pk=pk)
    context = {
        "person": person,
        "has_mfa": Authenticator.objects.filter(user=person).exists(),
        "role_form": RoleForm(initial={"role": person.role}),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/staff_detail.html", context)


@require_POST
@role_required(MANAGE_STAFF)
def staff_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    """Disable, enable, change the role, reset MFA, or make a password link."""
    person = get_object_or_404(User, pk=pk)
    act = ACTIONS.get(action)
    if act is None:
        return redirect("accounts:staff_detail", pk=person.pk)
    try:
        response = act(request, person)
    except services.AccountError as error:
        messages.error(request, str(error))
        response = None
    return response or redirect("accounts:staff_detail", pk=person.pk)


def _disable(request: StaffRequest, person: User) -> None:
    services.disable_staff(person, request.user)
    messages.success(request, _("%(name)s can no longer sign in.") % {"name": person})


def _enable(request: StaffRequest, person: User) -> None:
    services.enable_staff(person, request.user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": person})


def _change_role(request: StaffRequest, person: User) -> None:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return
    role = Role(form.cleaned_data["role"])
    services.change_role(person, role, request.user)
    messages.success(
        request,
        _("%(name)s's role is now %(role)s.")
        % {
            "name": person,
            "role": role.label,
        },
    )


def _reset_mfa(request: StaffRequest, person: User) -> None:
    services.reset_mfa(person, request.user)
    messages.success(
        request,
        _(
            "%(name)s's authenticator app and recovery codes are removed. At their next sign-in "
            "they set up a new authenticator app."
        )
        % {"name": person},
    )


def _show_link(request: StaffRequest, person: User) -> HttpResponse:
    path = services.make_password_reset_path(person, request.user)
    context = {
        "person": person,
        "link": request.build_absolute_uri(path),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    response = render(request, "accounts/password_link.html", context)
    response["Cache-Control"] = "no-store"  # the link is shown once; the back button keeps none
    return response


ACTIONS: dict[str, Callable[[StaffRequest, User], HttpResponse | None]] = {
    "disable": _disable,
    "enable": _enable,
    "role": _change_role,
    "reset-mfa": _reset_mfa,
    "password-link": _show_link,
}


def _render_list(request: HttpRequest, form: NewStaffForm, status: int = 200) -> HttpResponse:
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    people = User.objects.annotate(has_mfa=Exists(totp)).order_by("-is_active", "username")
    return render(
        request, "accounts/staff_list.html", {"people": people, "form": form}, status=status
    )
