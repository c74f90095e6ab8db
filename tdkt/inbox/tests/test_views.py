"""The home page's inbox (and its query budget), the menu's counts, the notifications and the e-mail choice."""

from django.urls import reverse

from tdkt.emulation.services import registration_submit
from tdkt.inbox.dispatch import dispatch_pending
from tdkt.inbox.models import Deadline, Notification, NotificationPreference
from tdkt.inbox.tests.helpers import returned_dossier, submitted_dossier
from tdkt.nominations import services as nominations
from tdkt.nominations.tests.conftest import YEAR
from tdkt.org.tests.factories import client_for
from tdkt.records.models import CatalogueEntry


def test_home_shows_the_return_reason_before_the_rows(flow):
    dossier = returned_dossier(flow, reason="Thiếu biên bản họp xét")
    html = client_for(flow.org.officer_a1).get(reverse("home")).content.decode()
    reason, link = html.index("Thiếu biên bản họp xét"), html.index(f'href="/ho-so/{dossier.pk}/"')
    assert "Việc cần làm" in html and "Hồ sơ bị trả lại" in html
    assert reason < link < html.index("Phạm vi quản lý")  # reason first, the inbox before the remit
    assert "Thiếu biên bản" not in client_for(flow.org.officer_b).get(reverse("home")).content.decode()


def test_home_stays_within_its_query_budget(flow, django_assert_max_num_queries):
    org = flow.org
    returned_dossier(flow)
    submitted_dossier(flow, unit=org.a, actor=org.officer_a, person=org.person_a, title="Hồ sơ thứ hai")
    received = submitted_dossier(flow, person=org.person_a11, title="Hồ sơ thứ ba")
    nominations.dossier_transition(actor=org.officer_a, dossier=received, action="receive")
    entry = CatalogueEntry.objects.get(code="CSTDCS")
    for person in (org.person_a1, org.person_a11):
        registration_submit(actor=org.officer_a1, entry=entry, year=YEAR, person=person)
    client = client_for(org.officer_a)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Tiếp nhận hồ sơ" in html and "Xét từng đề nghị" in html and "2 đăng ký thi đua năm 2025 chờ duyệt" in html


def test_the_menu_counts_work_and_unread_notifications(flow):
    org = flow.org
    Deadline.objects.update(active=False)  # today's date must not add deadlines to the count
    dossier = submitted_dossier(flow)
    nominations.dossier_transition(actor=org.officer_a, dossier=dossier, action="return", reason="Thiếu biên bản")
    dispatch_pending()
    html = client_for(org.officer_a1).get(reverse("inbox:badges")).content.decode()
    assert 'data-testid="inbox-count">1<' in html  # the returned dossier
    unread = Notification.objects.filter(user=org.officer_a1, read_at__isnull=True).count()
    assert f'data-testid="notification-count">{unread}<' in html and unread >= 1
    page = client_for(org.officer_a1).get(reverse("home")).content.decode()
    assert 'hx-get="/viec-can-lam/dem/"' in page


def test_notifications_open_marks_read_and_goes_to_the_page(flow):
    org = flow.org
    dossier = returned_dossier(flow)
    dispatch_pending()
    note = Notification.objects.get(user=org.officer_a1, title__contains="trả lại")
    client = client_for(org.officer_a1)
    assert "Lý do: Thiếu báo cáo thành tích" in client.get(reverse("inbox:notifications")).content.decode()
    response = client.post(reverse("inbox:notification_open", args=[note.pk]), {"mo": "1"})
    assert response.status_code == 302 and response["Location"] == dossier.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found_and_stays_unread(flow):
    org = flow.org
    returned_dossier(flow)
    dispatch_pending()
    note = Notification.objects.get(user=org.officer_a1, title__contains="trả lại")
    assert client_for(org.officer_b).post(reverse("inbox:notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all(flow):
    org = flow.org
    returned_dossier(flow)
    dispatch_pending()
    client_for(org.officer_a1).post(reverse("inbox:read_all"))
    assert not Notification.objects.filter(user=org.officer_a1, read_at__isnull=True).exists()


def test_the_email_choice_is_the_users_own(org):
    org.officer_a.email = "canbo.a@example.vn"
    org.officer_a.save()
    client = client_for(org.officer_a)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "canbo.a@example.vn" in page and "chưa có địa chỉ thư điện tử" not in page
    response = client.post(reverse("inbox:preferences"), {"email": "on"}, follow=True)
    assert "Đã bật nhận thư thông báo, gửi tới canbo.a@example.vn." in response.content.decode()
    assert NotificationPreference.objects.get(user=org.officer_a).email is True
    assert not NotificationPreference.objects.filter(user=org.officer_b).exists()
    client.post(reverse("inbox:preferences"), {})
    assert NotificationPreference.objects.get(user=org.officer_a).email is False


def test_without_an_address_the_email_choice_cannot_be_turned_on(org):
    assert not org.officer_b.email
    client = client_for(org.officer_b)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "Tài khoản chưa có địa chỉ thư điện tử" in page and "nhờ quản trị hệ thống" in page
    assert 'id="id_email" disabled' in page
    response = client.post(reverse("inbox:preferences"), {"email": "on"})
    html = response.content.decode()
    assert response.status_code == 200 and "Đã bật" not in html and "không gửi được thư" in html
    assert not NotificationPreference.objects.filter(user=org.officer_b).exists()  # nothing saved


def test_a_choice_made_before_the_address_went_says_no_mail_is_sent_and_can_be_turned_off(org):
    NotificationPreference.objects.create(user=org.officer_b, email=True)
    client = client_for(org.officer_b)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "nhận thư đang bật nhưng chưa có thư nào được gửi" in page and "Tắt nhận thư" in page
    client.post(reverse("inbox:preferences"), {})
    assert NotificationPreference.objects.get(user=org.officer_b).email is False


def test_a_group_counts_what_waits_and_says_only_what_it_cut(flow):
    org = flow.org
    entry = CatalogueEntry.objects.get(code="CSTDCS")
    for person in (org.person_a11, org.person_a1):
        registration_submit(actor=org.officer_a1, entry=entry, year=YEAR, person=person)
    html = client_for(org.officer_a).get(reverse("home")).content.decode()
    group = html[html.index('data-testid="inbox-registrations"') :]
    group = group[: group.index("</div>", group.index("inbox-group-count"))]
    assert 'data-testid="inbox-group-count">2</span>' in group  # two registrations, in one row for the year
    assert "inbox-group-more" not in group and " trong " not in group  # nothing was cut: no "(1 trong 2)"
