"""A returned dossier says at the top of its page why, by whom and when (not only in the history below the items)."""

from django.urls import reverse
from django.utils import timezone

from tdkt.nominations import selectors, services
from tdkt.nominations.tests.test_services import dossier_for
from tdkt.org.choices import Role
from tdkt.org.tests.factories import UserFactory, client_for


def submitted(flow):
    dossier = dossier_for(flow)
    services.item_add(actor=flow.org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=flow.org.person_a)
    return services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")


def test_the_return_reason_who_and_when_are_above_the_items(flow):
    dossier = submitted(flow)
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="return", reason="Thiếu biên bản họp")
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="revise")
    dossier = services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="submit")
    dossier = services.dossier_transition(
        actor=flow.org.officer_a, dossier=dossier, action="return", reason="Thiếu báo cáo thành tích"
    )
    html = client_for(flow.org.officer_a).get(reverse("nominations:dossier_detail", args=[dossier.pk])).content.decode()
    alert = html.index('data-testid="dossier-returned"')
    assert alert < html.index('data-testid="dossier-items"') < html.index('data-testid="dossier-events"')
    top = html[alert : html.index("</div>", alert)]
    event = dossier.events.filter(action="return").last()
    assert "Hồ sơ bị Cục Chính trị trả lại" in top and timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M") in top
    assert "Thiếu báo cáo thành tích" in top and "Thiếu biên bản" not in top  # the last return's reason
    assert str(flow.org.officer_a) in top


def test_a_return_by_the_region_names_the_region(flow):
    region_admin = UserFactory(username="quantri", is_superuser=True, roles=[(flow.org.root, Role.QUAN_TRI)])
    dossier = submitted(flow)
    dossier = services.dossier_transition(actor=region_admin, dossier=dossier, action="return", reason="Sai mẫu")
    notice = selectors.return_notice(dossier=dossier)
    assert notice.body == "Bộ Tư lệnh Quân khu" and notice.event.reason == "Sai mẫu"


def test_no_notice_once_the_dossier_is_sent_again(flow):
    dossier = submitted(flow)
    services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="return", reason="Sai mẫu")
    dossier = services.dossier_transition(actor=flow.org.officer_a, dossier=dossier, action="revise")
    assert selectors.return_notice(dossier=dossier) is None
    html = client_for(flow.org.officer_a).get(reverse("nominations:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="dossier-returned"' not in html
