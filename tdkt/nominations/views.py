"""Pages of the nomination flow. Views parse, call one service and redirect; the services decide."""

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from tdkt.core.downloads import download
from tdkt.core.errors import DomainError
from tdkt.core.forms import run_service, service_messages
from tdkt.core.years import working_year
from tdkt.eligibility.explaining import LABEL_LEGEND
from tdkt.nominations import documents, selectors, services
from tdkt.nominations.bulk_forms import review_context
from tdkt.nominations.choices import DossierKind, DossierStatus, ItemStatus
from tdkt.nominations.documents import contexts
from tdkt.nominations.filters import DossierFilterSet
from tdkt.nominations.forms import (
    AttachmentForm,
    BulkAddForm,
    DecisionForm,
    DossierForm,
    ItemForm,
    MeetingForm,
    ReasonForm,
)
from tdkt.nominations.models import Attachment, DecisionIssue
from tdkt.nominations.policies import dossier_policy
from tdkt.org.models import Unit, User
from tdkt.org.pickers import actor_home_unit
from tdkt.org.policies import EDITORS
from tdkt.org.scoping import unit_ids_in_scope
from tdkt.org.selectors import SUBJECT_NOT_FOUND, subject_by_code

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _back(dossier):
    return redirect("nominations:dossier_detail", pk=dossier.pk)


class DossierListView(LoginRequiredMixin, View):
    def get(self, request):
        filterset = DossierFilterSet.for_page(request, selectors.dossier_list(actor=request.user))
        dossiers = filterset.qs
        can_create = Unit.objects.filter(id__in=unit_ids_in_scope(request.user, EDITORS)).exists()
        return render(
            request,
            "nominations/dossier_list.html",
            {
                "dossiers": dossiers[:500],
                "statuses": DossierStatus.choices,
                "kinds": DossierKind.choices,
                "filter_errors": filterset.error_messages() if filterset.is_bound else [],
                "can_create": can_create,
            },
        )


class DossierCreateView(LoginRequiredMixin, View):
    def _form(self, request, data=None):
        units = Unit.objects.filter(id__in=unit_ids_in_scope(request.user, EDITORS)).order_by("sort_key")
        if request.user.is_superuser:
            units = Unit.objects.order_by("sort_key")
        initial = {"year": working_year(), "kind": "THUONG_XUYEN", "unit": actor_home_unit(request.user, units)}
        return DossierForm(data, units=units, initial=initial)

    def get(self, request):
        return render(request, "nominations/dossier_form.html", {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                dossier = services.dossier_create(actor=request.user, **form.cleaned_data)
                messages.success(request, "Đã lập hồ sơ. Thêm các đề nghị rồi trình hồ sơ.")
                return _back(dossier)
            except (ValidationError, DomainError) as exc:  # a refused actor is the 403 page, not a form error
                for message in service_messages(exc):
                    form.add_error(None, message)
        return render(request, "nominations/dossier_form.html", {"form": form}, status=400)


def _sides(user, dossier) -> dict[str, bool]:
    return {
        side: dossier_policy.has_side(user, side, dossier) for side in ("submitter", "reviewer", "council", "signer")
    }


class DossierDetailView(LoginRequiredMixin, View):
    def get(self, request, pk, status=200, **extra):
        dossier = selectors.dossier_get(actor=request.user, pk=pk)
        sides = _sides(request.user, dossier)
        actions = [
            (name, t)
            for name, t in services.TRANSITIONS.items()
            if name != "decide" and dossier.status in t.sources and sides[t.side]
        ]
        context = {
            "dossier": dossier,
            "items": selectors.dossier_items(dossier=dossier),
            "sides": sides,
            "actions": actions,
            "events": dossier.events.select_related("authority", "actor"),
            "returned": selectors.return_notice(dossier=dossier),
            "attachments": dossier.attachments.all(),
            "meetings": dossier.meetings.select_related("council"),
            "decisions": DecisionIssue.objects.filter(dossier=dossier).select_related("decision"),
            "editable": dossier.status in (DossierStatus.NHAP, DossierStatus.TRA_LAI) and sides["submitter"],
            "reviewing": dossier.status in (DossierStatus.DANG_XET, DossierStatus.DA_XET) and sides["reviewer"],
            "voting": dossier.status == DossierStatus.BIEU_QUYET and sides["council"],
            "deciding": dossier.status == DossierStatus.DA_XET and sides["signer"],
            "item_form": extra.get("item_form") or ItemForm(),
            "bulk_form": BulkAddForm(),
            "attachment_form": AttachmentForm(),
            "decision_form": extra.get("decision_form")
            or DecisionForm(
                initial={
                    "signed_on": timezone.localdate(),
                    "signer_title": dossier.authority.signer_title,
                    "idempotency_key": secrets.token_hex(16),
                }
            ),
            "pending_statuses": (ItemStatus.DE_NGHI, ItemStatus.DAT),
        }
        context["items"] = list(context["items"])
        # the C/H/U legend of the sources, above the items when one of them explains its screening
        context["has_reasons"] = any(item.verdict_reasons for item in context["items"])
        context["label_legend"] = LABEL_LEGEND
        if context["reviewing"]:  # the items table is the batch review form (`bulk_views.ItemsReviewView`)
            context.update(review_context(context["items"], extra.get("review_rows"), extra.get("review_form")))
        return render(request, "nominations/dossier_detail.html", context, status=status)


def _dossier_for(request, pk, side: str):
    """The dossier of a write page, once the actor is known to be on `side` of it (404 / 403 otherwise).

    Checked before the form is read, so a refused write is the 403 page whatever was posted; the service
    checks again inside its transaction.
    """
    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    dossier_policy.check_side(request.user, side, dossier)
    return dossier


class DossierTransitionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        transition = services.TRANSITIONS.get(action)
        if transition is None:
            raise Http404("Thao tác không hợp lệ.")
        dossier = _dossier_for(request, pk, transition.side)
        form = ReasonForm(request.POST)
        form.is_valid()
        done = run_service(
            request,
            services.dossier_transition,
            actor=request.user,
            dossier=dossier,
            action=action,
            reason=form.cleaned_data.get("reason", ""),
        )
        if done:
            messages.success(request, f"Đã thực hiện: {services.TRANSITIONS[action].label}.")
        return _back(dossier)


class ItemAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "submitter")
        form = ItemForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return _back(dossier)
        # looked up inside the actor's remit only: a foreign code answers exactly as an unknown one
        subject = subject_by_code(actor=request.user, code=form.cleaned_data["subject_code"])
        if subject is None:
            messages.error(request, SUBJECT_NOT_FOUND)
            return _back(dossier)
        person, unit = subject.get("person"), subject.get("unit")
        if run_service(
            request,
            services.item_add,
            actor=request.user,
            dossier=dossier,
            entry=form.cleaned_data["entry"],
            person=person,
            unit=unit,
            achievement=form.cleaned_data["achievement"],
            justification=form.cleaned_data["justification"],
        ):
            messages.success(request, "Đã thêm đề nghị.")
        return _back(dossier)


class BulkAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "submitter")
        form = BulkAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Chọn danh hiệu, hình thức và kết quả xét điều kiện.")
            return _back(dossier)
        result = run_service(
            request,
            services.items_add_from_screening,
            actor=request.user,
            dossier=dossier,
            award_code=form.cleaned_data["award"].code,
            status=form.cleaned_data["status"],
        )
        if result:
            messages.success(request, result.summary())
            if result.refused:  # every refusal at once, named, not only how many
                messages.warning(request, result.refusals())
        return _back(dossier)


class BulkAddFromScreeningView(LoginRequiredMixin, View):
    """From the screening page: its list (award, status, subtree) into a dossier being prepared."""

    def post(self, request):
        dossier = _dossier_for(
            request,
            int(request.POST.get("dossier", "0") or 0) if request.POST.get("dossier", "").isdigit() else 0,
            "submitter",
        )
        form = BulkAddForm(request.POST)
        unit_id = request.POST.get("unit", "")
        root = Unit.objects.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if not form.is_valid():
            messages.error(request, "Chọn danh hiệu, hình thức và kết quả xét điều kiện.")
            return _back(dossier)
        result = run_service(
            request,
            services.items_add_from_screening,
            actor=request.user,
            dossier=dossier,
            award_code=form.cleaned_data["award"].code,
            status=form.cleaned_data["status"],
            root=root,
            review_date=form.cleaned_data["review_date"],
        )
        if result:
            messages.success(request, result.summary())
            if result.refused:  # every refusal at once, named, not only how many
                messages.warning(request, result.refusals())
        return _back(dossier)


class ItemActionView(LoginRequiredMixin, View):
    """Withdraw, justify (submitter) or approve / reject / forward (reviewer) one item of the dossier."""

    def post(self, request, pk, action):
        if action in ("withdraw", "justify"):
            dossier = _dossier_for(request, pk, "submitter")
        elif action in services.ITEM_ACTIONS:
            dossier = _dossier_for(request, pk, "reviewer")
        else:
            raise Http404("Thao tác không hợp lệ.")
        item = selectors.item_of(dossier=dossier, pk=request.POST.get("item", ""))
        reason = request.POST.get("reason", "")
        if action == "withdraw":
            done = run_service(request, services.item_withdraw, actor=request.user, item=item, reason=reason)
        elif action == "justify":
            done = run_service(request, services.item_update, actor=request.user, item=item, justification=reason)
        else:
            done = run_service(
                request, services.item_review, actor=request.user, item=item, action=action, reason=reason
            )
        if done:
            messages.success(request, "Đã cập nhật đề nghị.")
        return _back(dossier)


class AttachmentUploadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "submitter")
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Chọn tệp cần đính kèm.")
            return _back(dossier)
        if run_service(
            request, services.attachment_add, actor=request.user, dossier=dossier, upload=form.cleaned_data["file"]
        ):
            messages.success(request, "Đã đính kèm tệp.")
        return _back(dossier)


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        attachment = Attachment.objects.filter(pk=pk).select_related("dossier").first()
        if attachment is None or not dossier_policy.can_view(request.user, attachment.dossier):
            raise Http404("Không tìm thấy tệp.")
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class MeetingView(LoginRequiredMixin, View):
    """The council secretary records the meeting, then the tally of each item."""

    def _context(self, request, dossier, form=None):
        council = services.council_for(dossier.authority.unit, timezone.localdate()) if dossier.authority.unit else None
        members = council.members.all() if council else None
        return {
            "dossier": dossier,
            "council": council,
            "form": form
            or (MeetingForm(members=members, initial={"held_on": timezone.localdate()}) if council else None),
            "meetings": dossier.meetings.prefetch_related("attendees"),
        }

    def get(self, request, pk):
        dossier = selectors.dossier_get(actor=request.user, pk=pk)
        dossier_policy.check_side(request.user, "council", dossier)
        return render(request, "nominations/meeting.html", self._context(request, dossier))

    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "council")
        context = self._context(request, dossier)
        if context["council"] is None:
            messages.error(request, f"{dossier.authority.name} chưa có hội đồng thi đua – khen thưởng.")
            return _back(dossier)
        form = MeetingForm(request.POST, members=context["council"].members.all())
        if form.is_valid():
            meeting = run_service(
                request, services.meeting_create, actor=request.user, dossier=dossier, **form.cleaned_data
            )
            if meeting:
                return redirect("nominations:tally", pk=dossier.pk, meeting=meeting.pk)
        return render(request, "nominations/meeting.html", self._context(request, dossier, form), status=400)


class DecisionIssueView(LoginRequiredMixin, View):
    def post(self, request, pk):
        dossier = _dossier_for(request, pk, "signer")
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return _back(dossier)
        d = form.cleaned_data
        signer = services.Signer(
            title=d["signer_title"], name=d["signer_name"], rank=d["signer_rank"], authority=d["signer_authority"]
        )
        issue = run_service(
            request,
            services.decision_issue,
            actor=request.user,
            dossier=dossier,
            signed_on=d["signed_on"],
            signer=signer,
            idempotency_key=d["idempotency_key"],
        )
        if issue:
            messages.success(request, f"Đã ban hành Quyết định số {issue.decision.number}.")
        return _back(dossier)


class DocumentView(LoginRequiredMixin, View):
    """DOCX (or PDF with ?dang=pdf) of a document of the dossier."""

    @staticmethod
    def _document(dossier, kind: str, ref: str) -> tuple[str, bytes]:
        if kind == "to-trinh":
            return contexts.submission_document(dossier)
        if kind == "bien-ban":
            return contexts.minutes_document(selectors.meeting_of(dossier=dossier, pk=ref))
        if kind == "quyet-dinh":
            issue = DecisionIssue.objects.filter(dossier=dossier, pk=ref).first() if ref.isdigit() else None
            if issue is None:
                raise Http404("Không có quyết định này trong hồ sơ.")
            return contexts.decision_document(issue)
        if kind == "bao-cao":
            return contexts.achievement_report(item=selectors.item_of(dossier=dossier, pk=ref))
        raise Http404("Không có loại văn bản này.")

    def get(self, request, pk, kind):
        dossier = selectors.dossier_get(actor=request.user, pk=pk)
        try:
            name, data = self._document(dossier, kind, request.GET.get("so", ""))
        except documents.TemplateUnusable as exc:  # a replaced template the check or the sandbox refuses
            messages.error(request, exc.message)
            return _back(dossier)
        content_type = DOCX
        if request.GET.get("dang") == "pdf":
            try:
                data, name, content_type = documents.to_pdf(data), name.replace(".docx", ".pdf"), "application/pdf"
            except documents.PdfUnavailable as exc:
                messages.error(request, str(exc))
                return _back(dossier)
        return download(data, filename=name, content_type=content_type)


class TemplatesView(LoginRequiredMixin, View):
    """The document templates: download the default or the one in force; an administrator replaces them."""

    def get(self, request):
        from tdkt.nominations.documents.fields import FIELDS
        from tdkt.nominations.documents.templates import DEFAULTS
        from tdkt.nominations.models import DocumentTemplate
        from tdkt.records.policies import catalogue_can_manage

        name, which = request.GET.get("tai"), request.GET.get("ban", "")
        if name:
            if name not in DEFAULTS:
                raise Http404("Không có mẫu văn bản này.")
            data = DEFAULTS[name][1]() if which == "mac-dinh" else documents.template_bytes(name)
            return download(data, filename=f"mau-{name}.docx", content_type=DOCX)
        replaced = {t.name: t for t in DocumentTemplate.objects.select_related("uploaded_by")}
        rows = [
            {"name": key, "label": label, "replaced": replaced.get(key), "fields": FIELDS[key]}
            for key, (label, _) in DEFAULTS.items()
        ]
        return render(
            request,
            "nominations/templates.html",
            {"rows": rows, "can_manage": catalogue_can_manage(request.user), "form": AttachmentForm()},
        )

    def post(self, request):
        name = request.POST.get("name", "")
        if request.POST.get("reset"):
            done = run_service(request, services.document_template_reset, actor=request.user, name=name)
        else:
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, "Chọn tệp DOCX của mẫu văn bản.")
                return redirect("nominations:templates")
            done = run_service(
                request,
                services.document_template_replace,
                actor=request.user,
                name=name,
                upload=form.cleaned_data["file"],
            )
        if done is not None:
            messages.success(request, "Đã cập nhật mẫu văn bản.")
        return redirect("nominations:templates")


class CouncilsView(LoginRequiredMixin, View):
    """Councils of the units in the actor's remit, by term, with their members and roles."""

    def get(self, request):
        from tdkt.nominations.forms import CouncilForm, MemberForm

        units = Unit.objects.filter(id__in=unit_ids_in_scope(request.user, {r for r in EDITORS}))
        visible = selectors.council_list(actor=request.user)  # the same reads as /api/v1/councils/
        return render(
            request,
            "nominations/councils.html",
            {
                "councils": visible,
                "council_form": CouncilForm(units=units.order_by("sort_key")),
                "member_form": MemberForm(),
                "can_manage": units.exists() or request.user.is_superuser,
            },
        )

    def post(self, request):
        from tdkt.nominations.forms import CouncilForm, MemberForm
        from tdkt.nominations.models import Council

        units = Unit.objects.filter(id__in=unit_ids_in_scope(request.user, {r for r in EDITORS}))
        if request.POST.get("council"):
            council = (
                Council.objects.filter(pk=request.POST["council"], unit__in=units).first()
                if request.POST["council"].isdigit()
                else None
            )
            form = MemberForm(request.POST)
            if council is None:
                raise Http404("Không tìm thấy hội đồng.")
            if form.is_valid():
                d = form.cleaned_data
                user = User.objects.filter(username=d.pop("username")).first() if d.get("username") else None
                d.pop("username", None)
                if run_service(
                    request, services.council_member_add, actor=request.user, council=council, user=user, **d
                ):
                    messages.success(request, "Đã thêm thành viên hội đồng.")
            else:
                messages.error(request, "Nhập họ tên và nhiệm vụ trong hội đồng.")
        else:
            form = CouncilForm(request.POST, units=units)
            if form.is_valid():
                if run_service(request, services.council_create, actor=request.user, **form.cleaned_data):
                    messages.success(request, "Đã lập hội đồng.")
            else:
                messages.error(request, "Nhập đơn vị, tên hội đồng và ngày bắt đầu nhiệm kỳ (dd/mm/yyyy).")
        return redirect("nominations:councils")
