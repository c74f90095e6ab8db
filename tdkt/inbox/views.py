"""The home page with the inbox, the menu's counts, the notifications and the e-mail choice. Thin views."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from tdkt.core.forms import run_service
from tdkt.inbox import services
from tdkt.inbox.forms import PreferenceForm
from tdkt.inbox.models import UNREAD, Notification
from tdkt.inbox.selectors import inbox_for
from tdkt.org.views import HomeView as OrgHomeView


class HomeView(OrgHomeView):
    """The home page: what waits for me first ("Việc cần làm"), then the remit (org's home page)."""

    def get_context_data(self, **kwargs):
        actor = self.request.user
        return super().get_context_data(
            inbox=inbox_for(actor=actor),
            notifications=list(Notification.objects.filter(UNREAD, user=actor)[:5]),
            **kwargs,
        )


class BadgesView(LoginRequiredMixin, View):
    """htmx partial: the menu's counts (work waiting, unread notifications), loaded after the page."""

    def get(self, request):
        return render(
            request,
            "inbox/partials/_badges.html",
            {
                "inbox_total": inbox_for(actor=request.user).total,
                "unread": Notification.objects.filter(UNREAD, user=request.user).count(),
            },
        )


def _own(request, pk) -> Notification:
    notification = Notification.objects.filter(pk=pk, user=request.user).first()
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    return notification


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        qs = Notification.objects.filter(user=request.user)
        if request.GET.get("chua_doc") == "1":
            qs = qs.filter(UNREAD)
        page = Paginator(qs, 50).get_page(request.GET.get("trang"))
        unread = Notification.objects.filter(UNREAD, user=request.user).count()
        return render(
            request,
            "inbox/notifications.html",
            {"page": page, "unread": unread, "only_unread": request.GET.get("chua_doc") == "1"},
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one notification read and go to its page (or back to the list)."""

    def post(self, request, pk):
        notification = services.notification_mark_read(actor=request.user, notification=_own(request, pk))
        if request.POST.get("mo") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
        return redirect("inbox:notifications")


class NotificationsReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notifications_mark_all_read(actor=request.user)
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
        return redirect("inbox:notifications")


class PreferenceView(LoginRequiredMixin, View):
    template = "inbox/preferences.html"

    def _render(self, request, form):
        preference = services.preference_of(user=request.user)
        context = {"form": form, "preference": preference, "address": (request.user.email or "").strip()}
        return render(request, self.template, context)

    def get(self, request):
        return self._render(request, PreferenceForm(initial={"email": services.preference_of(user=request.user).email}))

    def post(self, request):
        form = PreferenceForm(request.POST)
        if form.is_valid():
            saved = run_service(request, services.preference_set, actor=request.user, email=form.cleaned_data["email"])
            if saved is not None:
                done = f"Đã bật nhận thư thông báo, gửi tới {request.user.email}." if saved.email else None
                messages.success(request, done or "Đã tắt nhận thư thông báo.")
                return redirect("inbox:preferences")
        return self._render(request, form)
