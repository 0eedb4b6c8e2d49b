"""Staff pages for near-copy groups: the widest first, and splitting one (senior analysts)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import SPLIT_GROUPS
from meldpunt.audit.services import Actor
from meldpunt.bootstrap import parts
from meldpunt.cases.groups import (
    SplitRefused,
    members_of,
    split_group,
    spread_is_wide,
    wide_groups,
)
from meldpunt.cases.models import ContentGroup
from meldpunt.ids import parse_id

PAGE_SIZE = 50


@role_required(SPLIT_GROUPS)
def groups(request: StaffRequest) -> HttpResponse:
    """Groups of near copies, the widest spread first."""
    page = Paginator(wide_groups(), PAGE_SIZE).get_page(request.GET.get("page"))
    threshold = parts().near_copy_threshold
    rows = [(g, spread_is_wide(g, threshold)) for g in page.object_list]
    return render(request, "cases/groups.html", {"page": page, "rows": rows})


@role_required(SPLIT_GROUPS)
def group(request: StaffRequest, group_id: int) -> HttpResponse:
    """One group's members: hashes, distances and case counts; never content."""
    found = ContentGroup.objects.filter(pk=group_id, merged_into__isnull=True).first()
    if found is None:
        raise Http404
    context = {
        "group": found,
        "wide": spread_is_wide(found, parts().near_copy_threshold),
        "members": members_of(found),
    }
    return render(request, "cases/group.html", context)


@require_POST
@role_required(SPLIT_GROUPS)
def split(request: StaffRequest, group_id: int) -> HttpResponse:
    """Move the ticked members to a group of their own."""
    given = (parse_id(v) for v in request.POST.getlist("content"))
    chosen = [content for content in given if content is not None]
    try:
        new = split_group(group_id, chosen, Actor.staff(request.user))
    except SplitRefused as refused:
        messages.error(request, _refusal(refused))
        if refused.reason == "gone":
            return redirect("cases:groups")
        return redirect("cases:group", group_id=group_id)
    text = ngettext(
        "%(count)d member now forms group %(new)s, kept apart from this one.",
        "%(count)d members now form group %(new)s, kept apart from this one.",
        new.size,
    )
    messages.success(request, text % {"count": new.size, "new": new.pk})
    return redirect("cases:group", group_id=group_id)


def _refusal(refused: SplitRefused) -> str:
    if refused.reason == "gone":
        return _("That group no longer exists: it was merged or split meanwhile. Nothing changed.")
    return _("Nothing changed: tick at least one member to move, and leave at least one.")
