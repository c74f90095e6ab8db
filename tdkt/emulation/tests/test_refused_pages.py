"""Cluster and movement pages refused to a role that may only read them: the 403 page, and not one row of the
record changed, audit events included (issue #14)."""

from django.urls import reverse

from tdkt.emulation import services
from tdkt.emulation.models import Target
from tdkt.org.tests.factories import client_for
from tdkt.records import services as records
from tests.permissions.digest import changed_tables, record_digest


def refused(client, path, data, *, status=403):
    before = record_digest()
    response = client.post(path, data)
    assert response.status_code == status, response.content.decode()[:500]
    assert changed_tables(before, record_digest()) == []
    return response


def test_a_viewer_cannot_change_a_cluster_from_its_page(org):
    cluster = services.cluster_create(actor=org.officer_a, code="CUM-A", name="Cụm A", organiser=org.a)
    services.cluster_member_add(actor=org.officer_a, cluster=cluster, unit=org.a1, year=2025)
    records.rating_set(actor=org.admin, unit=org.a1, year=2024, rating="HTXSNV")
    page = reverse("emulation:cluster_detail", args=[cluster.pk])
    viewer = client_for(org.viewer_a)
    refused(viewer, page, {"action": "member", "unit_code": "CCT", "year": "2025"})
    refused(viewer, page, {"action": "leader", "year": "2025", "leader": org.a1.pk})
    refused(viewer, page, {"action": "covenant", "year": "2025", "signed_on": "15/01/2025", "content": "Giao ước"})
    refused(viewer, page, {"to_unit": org.a1.pk, "to_year": "2025", "on": "15/01/2025"})  # the hand-over
    # a cluster's conference is the host's: a viewer of the host is refused by the service, also with a 403
    conference = {
        "action": "conference",
        "kind": "SO_KET",
        "year": "2025",
        "held_on": "30/06/2025",
        "place": "Hội trường",
        "host": org.a1.pk,
        "presided_by": "Đại tá A",
    }
    refused(viewer, page, conference)
    refused(client_for(org.officer_b), page, {"action": "member", "unit_code": "CCT", "year": "2025"}, status=404)
    assert cluster.memberships.count() == 1 and not cluster.leaderships.exists() and not cluster.covenants.exists()
    # the organiser's officer may (the gate is not closed for everyone)
    officer = client_for(org.officer_a)
    assert officer.post(page, {"action": "leader", "year": "2025", "leader": org.a1.pk}).status_code == 302
    assert cluster.leaderships.get(year=2025).leader == org.a1


def test_a_viewer_cannot_set_targets_or_results_of_a_movement(org):
    from datetime import date

    movement = services.movement_launch(
        actor=org.officer_a,
        unit=org.a,
        kind="QUYET_THANG",
        name="Quyết thắng 2025",
        year=2025,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    target = services.target_add(actor=org.officer_a, movement=movement, name="Huấn luyện", measure="%", planned=70)
    page = reverse("emulation:movement_detail", args=[movement.pk])
    viewer = client_for(org.viewer_a)
    refused(viewer, page, {"action": "target", "name": "Chỉ tiêu lạ", "planned": "10", "measure": "%"})
    refused(viewer, page, {"action": "result", "target": target.pk, "result": "99"})
    refused(viewer, page, {"action": "cascade", "units": [org.a1.pk]})
    refused(viewer, page, {})
    assert Target.objects.get(pk=target.pk).result is None and movement.targets.count() == 1
    assert not movement.cascaded.exists()
    assert (
        client_for(org.officer_a).post(page, {"action": "result", "target": target.pk, "result": "72"}).status_code
        == 302
    )
    assert Target.objects.get(pk=target.pk).result == 72
