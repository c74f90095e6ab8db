"""Movements: launched with targets, cascaded to sub-units, results at year end, documents by content."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tdkt.emulation import services
from tdkt.emulation.models import Movement


def test_the_yearly_movement_with_targets_cascaded_to_sub_units(org):
    movement = services.movement_launch(
        actor=org.officer_a,
        unit=org.a,
        kind="QUYET_THANG",
        name="Phong trào Thi đua Quyết thắng năm 2025",
        year=2025,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    with pytest.raises(ValidationError, match="đã phát động"):
        services.movement_launch(
            actor=org.officer_a,
            unit=org.a,
            kind="QUYET_THANG",
            name="Lần hai",
            year=2025,
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
        )
    target = services.target_add(
        actor=org.officer_a, movement=movement, name="Quân số khá, giỏi", measure="%", planned=70
    )
    services.target_result(actor=org.officer_a, target=target, result=74.5)
    target.refresh_from_db()
    assert target.met is True
    children = services.movement_cascade(actor=org.officer_a, movement=movement, units=[org.a1, org.a11])
    assert {m.unit for m in children} == {org.a1, org.a11} and all(m.parent == movement for m in children)
    with pytest.raises(ValidationError, match="cấp dưới"):
        services.movement_cascade(actor=org.officer_a, movement=movement, units=[org.b])
    with pytest.raises(Http404):  # Cục Hậu cần's officer: a movement outside the remit is "not found"
        services.target_add(actor=org.officer_b, movement=movement, name="x", measure="%", planned=1)
    with pytest.raises(PermissionDenied):  # a viewer of Cục Chính trị sees the movement, does not write it
        services.target_add(actor=org.viewer_a, movement=movement, name="x", measure="%", planned=1)
    assert list(movement.targets.values_list("name", flat=True)) == ["Quân số khá, giỏi"]
    campaign = services.movement_launch(
        actor=org.officer_a,
        unit=org.a,
        kind="DOT",
        name="Đợt thi đua cao điểm huấn luyện",
        year=2025,
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 6, 30),
    )
    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        services.movement_launch(
            actor=org.officer_a,
            unit=org.a,
            kind="DOT",
            name="Sai ngày",
            year=2025,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 3, 1),
        )
    document = services.document_add(
        actor=org.officer_a, movement=campaign, upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    assert document.content_type == "application/pdf"
    with pytest.raises(ValidationError, match="không phải tệp"):
        services.document_add(
            actor=org.officer_a, movement=campaign, upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")
        )
    assert Movement.objects.filter(unit=org.a).count() == 2
