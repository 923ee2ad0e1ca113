"""Pages of a matter's online deliberation hall: the discussion (htmx posting and paging, plain forms without
script), assisted posts, invitations, the summary, and moderation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yishi.audit.errors import ActionError
from yishi.deliberation import actions, queries
from yishi.deliberation.domain import hall as hall_rules
from yishi.deliberation.forms import (
    AssistedPostForm,
    GroupForm,
    PostForm,
    ReasonForm,
    SummaryForm,
)
from yishi.deliberation.models import (
    Hall,
    Post,
)
from yishi.deliberation.permissions import Access, person_is_concerned
from yishi.deliberation.views.common import (
    GROUP_ROWS,
    actor_for,
    form_error,
    is_htmx,
    person_or_none,
    to_int,
)
from yishi.matters.models import Matter


def _hall_matter(matter_id: int) -> Matter:
    matter = queries.hall_matter(matter_id)
    if matter is None:
        raise Http404
    return matter


def _hall_gate(request: HttpRequest, matter: Matter, hall: Hall | None) -> tuple[Access, HttpResponse | None]:
    access = Access(request.user)
    if not request.user.is_authenticated:
        return access, redirect_to_login(request.get_full_path())
    if not access.may_view_hall(matter, hall):
        response = render(request, "deliberation/hall_closed_to_you.html", {"matter": matter}, status=403)
        return access, response
    return access, None


def _hall_context(
    request: HttpRequest, matter: Matter, hall: Hall | None, access: Access, **extra: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "matter": matter,
        "hall": hall,
        "may_open": access.may_open_hall(matter) and (hall is None or not hall.is_open),
        "may_moderate": access.may_moderate(matter),
        "may_record": access.may_record_for_resident(matter),
        "may_post": hall is not None
        and hall.is_open
        and access.person_id is not None
        and (access.may_open_hall(matter) or person_is_concerned(access.person_id, matter, hall)),
        "person_id": access.person_id,
    }
    if hall is not None:
        page = Paginator(queries.hall_posts(hall), queries.POSTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            tally=queries.hall_tally(hall),
            summary=queries.latest_summary(hall),
            positions=hall_rules.Position,
        )
        context.setdefault("post_form", PostForm())
    context.update(extra)
    return context


@login_required
def hall(request: HttpRequest, matter_id: int) -> HttpResponse:
    """A matter's online deliberation hall: the discussion, its tally and the staff's summary. Posting and paging
    work with htmx and without."""
    matter = _hall_matter(matter_id)
    hall_obj = queries.get_hall(matter)
    access, refused = _hall_gate(request, matter, hall_obj)
    if refused is not None:
        return refused
    if request.method == "POST":
        return _post(request, matter, hall_obj, access)
    context = _hall_context(request, matter, hall_obj, access)
    if is_htmx(request) and request.GET.get("part") == "more":
        return render(request, "deliberation/_posts.html", context)
    return render(request, "deliberation/hall.html", context)


def _post(request: HttpRequest, matter: Matter, hall_obj: Hall | None, access: Access) -> HttpResponse:
    if hall_obj is None:
        raise Http404
    parent = Post.objects.filter(pk=to_int(request.POST.get("parent")) or 0, hall=hall_obj).first()
    form = PostForm(request.POST)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    status = 201
    try:
        post = actions.post_in_hall(
            actor=actor_for(request, "resident"),
            hall=hall_obj,
            text=request.POST.get("text", ""),
            position=data.get("position") or request.POST.get("position", ""),
            parent=parent,
        )
    except ActionError as error:
        if parent is not None and not is_htmx(request):
            messages.error(request, str(error.message))
            return render(
                request,
                "deliberation/hall.html",
                _hall_context(request, matter, hall_obj, access),
                status=error.status,
            )
        form = PostForm(request.POST)
        form.is_valid()
        form_error(form, error)
        status = error.status
        context = _hall_context(request, matter, hall_obj, access, post_form=form)
    else:
        if not is_htmx(request):
            messages.success(request, gettext("Your post is published in the hall."))
            return HttpResponseRedirect(hall_obj.get_absolute_url() + f"#post-{post.pk}")
        context = _hall_context(
            request, matter, hall_obj, access, announcement=gettext("Your post is published in the hall.")
        )
        context["page"] = Paginator(queries.hall_posts(hall_obj), queries.POSTS_PER_PAGE).get_page(1)
    if is_htmx(request):
        return render(request, "deliberation/_hall_board.html", context, status=status)
    messages.error(request, gettext("Your post was not published."))
    return render(request, "deliberation/hall.html", context, status=status)


@login_required
@require_POST
def hall_open(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = _hall_matter(matter_id)
    try:
        actions.open_hall(actor=actor_for(request, "committee_member"), matter=matter)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The online deliberation hall is open; the residents concerned may post."))
    return HttpResponseRedirect(reverse("deliberation:hall", args=[matter.pk]))


@login_required
@require_POST
def hall_close(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = _hall_matter(matter_id)
    hall_obj = get_object_or_404(Hall, matter=matter)
    try:
        actions.close_hall(actor=actor_for(request, "committee_member"), hall=hall_obj)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The hall is closed to new posts."))
    return HttpResponseRedirect(reverse("deliberation:hall", args=[matter.pk]))


@login_required
def hall_assisted(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff write down what a resident without a phone said (assisted)."""
    matter = _hall_matter(matter_id)
    hall_obj = get_object_or_404(Hall, matter=matter)
    access = Access(request.user)
    if not access.may_record_for_resident(matter):
        raise PermissionDenied
    status = 200
    form = AssistedPostForm(initial={"person": to_int(request.GET.get("person"))})
    chosen = person_or_none(to_int(request.GET.get("person")))
    if request.method == "POST":
        form = AssistedPostForm(request.POST)
        chosen = person_or_none(to_int(request.POST.get("person")))
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        try:
            if chosen is None:
                raise ActionError(gettext("Choose the resident first."), code="hall_resident_missing", field="person")
            post = actions.record_post_for_resident(
                actor=actor_for(request, "staff"),
                hall=hall_obj,
                person=chosen,
                text=request.POST.get("text", ""),
                position=data.get("position") or "",
                reference=data.get("reference") or "",
            )
        except ActionError as error:
            form_error(form, error)
            status = error.status
        else:
            messages.success(request, gettext("Recorded for %(name)s (entered by staff).") % {"name": chosen.name})
            return HttpResponseRedirect(hall_obj.get_absolute_url() + f"#post-{post.pk}")
    search = request.GET.get("q", "")[:50]
    return render(
        request,
        "deliberation/hall_assisted.html",
        {
            "matter": matter,
            "hall": hall_obj,
            "form": form,
            "chosen": chosen,
            "search": search,
            "found": queries.hall_residents(matter, search=search),
        },
        status=status,
    )


@login_required
def hall_invite(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Invite a stakeholder living elsewhere into the hall."""
    matter = _hall_matter(matter_id)
    hall_obj = get_object_or_404(Hall, matter=matter)
    access = Access(request.user)
    if not access.may_open_hall(matter):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        person = person_or_none(to_int(request.POST.get("person")))
        try:
            if person is None:
                raise ActionError(gettext("Choose a person from the list."), code="hall_invite_missing")
            actions.invite_to_hall(actor=actor_for(request, "committee_member"), hall=hall_obj, person=person)
        except ActionError as error:
            messages.error(request, str(error.message))
            status = error.status
        else:
            messages.success(request, gettext("%(name)s is invited.") % {"name": person.name})
            return HttpResponseRedirect(reverse("deliberation:hall_invite", args=[matter.pk]))
    search = request.GET.get("q", "")[:50]
    return render(
        request,
        "deliberation/hall_invite.html",
        {
            "matter": matter,
            "hall": hall_obj,
            "search": search,
            "found": queries.search_people(community=matter.community, search=search),
            "invited": list(hall_obj.invitations.select_related("person").order_by("invited_at", "id")),
        },
        status=status,
    )


def _post_choices(hall_obj: Hall) -> list[tuple[int, str]]:
    choices = []
    for post in queries.visible_posts_for_summary(hall_obj):
        text = " ".join(post.text.split())
        label = f"{post.author.name}：{text[:60]}{'…' if len(text) > 60 else ''}"
        if post.position:
            label = f"[{post.get_position_display()}] {label}"
        choices.append((post.pk, label))
    return choices


@login_required
def hall_summary(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Staff group the opinions and name the common ground."""
    matter = _hall_matter(matter_id)
    hall_obj = get_object_or_404(Hall, matter=matter)
    if not Access(request.user).may_moderate(matter):
        raise PermissionDenied
    posts = _post_choices(hall_obj)
    group_formset = formset_factory(GroupForm, extra=GROUP_ROWS, max_num=hall_rules.GROUPS_MAX)
    status = 200
    if request.method == "POST":
        form = SummaryForm(request.POST)
        groups = group_formset(request.POST, prefix="groups", form_kwargs={"posts": posts})
        if form.is_valid() and groups.is_valid():
            drafts = [
                hall_rules.GroupDraft(
                    title=row.get("title") or "",
                    description=row.get("description") or "",
                    post_ids=tuple(row.get("posts") or ()),
                    offline_supporters=row.get("offline_supporters") or 0,
                )
                for row in groups.cleaned_data
                if row
            ]
            try:
                actions.summarise_hall(
                    actor=actor_for(request, "social_worker"),
                    hall=hall_obj,
                    common_ground=form.cleaned_data.get("common_ground") or "",
                    groups=drafts,
                )
            except ActionError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(request, gettext("The summary is published in the hall."))
                return HttpResponseRedirect(hall_obj.get_absolute_url() + "#summary")
        else:
            status = 400
    else:
        form = SummaryForm()
        groups = group_formset(prefix="groups", form_kwargs={"posts": posts})
    return render(
        request,
        "deliberation/hall_summary.html",
        {
            "matter": matter,
            "hall": hall_obj,
            "form": form,
            "groups": groups,
            "tally": queries.hall_tally(hall_obj),
            "has_posts": bool(posts),
        },
        status=status,
    )


def _post_for(request: HttpRequest, post_id: int) -> tuple[Post, Matter, Access]:
    post = get_object_or_404(Post.objects.select_related("hall__matter__place", "author"), pk=post_id)
    matter = _hall_matter(post.hall.matter_id)
    return post, matter, Access(request.user)


@login_required
def post_hide(request: HttpRequest, post_id: int) -> HttpResponse:
    """A moderator hides a post, stating the reason everyone will see."""
    post, matter, access = _post_for(request, post_id)
    if not access.may_moderate(matter):
        raise PermissionDenied
    status = 200
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.hide_post(actor=actor_for(request, "moderator"), post=post, reason=request.POST.get("reason", ""))
        except ActionError as error:
            form = ReasonForm(request.POST)
            form.is_valid()
            form_error(form, error)
            status = error.status
        else:
            messages.success(request, gettext("The post is hidden; the reason is shown in its place."))
            return HttpResponseRedirect(post.hall.get_absolute_url() + f"#post-{post.pk}")
    return render(
        request,
        "deliberation/post_reason.html",
        {"post": post, "matter": matter, "form": form, "mode": "hide"},
        status=status,
    )


@login_required
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    """A resident reports a post that breaks the hall's rules."""
    post, matter, access = _post_for(request, post_id)
    if not access.may_view_hall(matter, post.hall):
        raise PermissionDenied
    status = 200
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.report_post(actor=actor_for(request, "resident"), post=post, reason=request.POST.get("reason", ""))
        except ActionError as error:
            form = ReasonForm(request.POST)
            form.is_valid()
            form_error(form, error)
            status = error.status
        else:
            messages.success(request, gettext("Thank you. A moderator will look at the post."))
            return HttpResponseRedirect(post.hall.get_absolute_url() + f"#post-{post.pk}")
    return render(
        request,
        "deliberation/post_reason.html",
        {"post": post, "matter": matter, "form": form, "mode": "report"},
        status=status,
    )


@login_required
@require_POST
def post_restore(request: HttpRequest, post_id: int) -> HttpResponse:
    post, _matter, _access = _post_for(request, post_id)
    try:
        actions.restore_post(actor=actor_for(request, "moderator"), post=post)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The post is shown again."))
    return HttpResponseRedirect(post.hall.get_absolute_url() + f"#post-{post.pk}")


@login_required
@require_POST
def post_dismiss(request: HttpRequest, post_id: int) -> HttpResponse:
    post, _matter, _access = _post_for(request, post_id)
    try:
        actions.dismiss_reports(actor=actor_for(request, "moderator"), post=post)
    except ActionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The reports are resolved; the post stays visible."))
    return HttpResponseRedirect(post.hall.get_absolute_url() + f"#post-{post.pk}")
