"""Factories and a small org tree for tests. Writes go through the services where it matters."""

from dataclasses import dataclass
from datetime import date

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from tdkt.org import services
from tdkt.org.choices import Gender, PersonCategory, Rank, Role, UnitType
from tdkt.org.models import Person, Unit, User

PASSWORD = "Mat-khau-thu-nghiem-2026"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"DV{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    unit_type = UnitType.PHONG
    founded_on = date(2000, 1, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    # hashed before the first save: a set_password on a saved user is a password change (tokens revoked, audited)
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for unit, role in extracted or []:
            services.role_grant(actor=None, user=self, unit=unit, role=role)


def person_create(unit: Unit, *, code: str, full_name: str, **extra) -> Person:
    """A person created through the service, as the system account."""
    values = {
        "category": PersonCategory.SI_QUAN,
        "rank": Rank.DAI_UY,
        "gender": Gender.NAM,
        "birth_date": date(1990, 5, 17),
        "service_start": date(2010, 9, 1),
        "position": "Trợ lý",
        **extra,
    }
    return services.person_create(actor=services.system_actor(), code=code, full_name=full_name, unit=unit, **values)


@dataclass
class OrgTree:
    """root ── a (CCT) ── a1 ── a11
    ├─ b (CHC) ── b1
    └─ c (CKT)"""

    root: Unit
    a: Unit
    a1: Unit
    a11: Unit
    b: Unit
    b1: Unit
    c: Unit
    admin: User
    commander: User
    officer_a: User
    officer_a1: User
    officer_b: User
    viewer_a: User
    council_a: User
    outsider: User
    person_a: Person
    person_a1: Person
    person_a11: Person
    person_b: Person
    person_c: Person


def build_org_tree() -> OrgTree:
    actor = services.system_actor()

    def unit(code, name, parent, kind=UnitType.PHONG):
        return services.unit_create(
            actor=actor, code=code, name=name, parent=parent, unit_type=kind, founded_on=date(2000, 1, 1)
        )

    root = unit("QK", "Bộ Tư lệnh Quân khu", None, UnitType.QUAN_KHU)
    a = unit("CCT", "Cục Chính trị", root, UnitType.CUC)
    a1 = unit("CCT-TH", "Phòng Tuyên huấn", a)
    a11 = unit("CCT-TH-TDKT", "Ban Thi đua – Khen thưởng", a1, UnitType.BAN)
    b = unit("CHC", "Cục Hậu cần", root, UnitType.CUC)
    b1 = unit("CHC-QY", "Phòng Quân y", b)
    c = unit("CKT", "Cục Kỹ thuật", root, UnitType.CUC)
    return OrgTree(
        root=root,
        a=a,
        a1=a1,
        a11=a11,
        b=b,
        b1=b1,
        c=c,
        admin=UserFactory(username="admin", roles=[(root, Role.QUAN_TRI)]),
        commander=UserFactory(username="chihuy", roles=[(root, Role.CHI_HUY)]),
        officer_a=UserFactory(username="canbo.a", roles=[(a, Role.CAN_BO_TDKT)]),
        officer_a1=UserFactory(username="canbo.a1", roles=[(a1, Role.CAN_BO_TDKT)]),
        officer_b=UserFactory(username="canbo.b", roles=[(b, Role.CAN_BO_TDKT)]),
        viewer_a=UserFactory(username="xem.a", roles=[(a, Role.XEM)]),
        council_a=UserFactory(username="hoidong.a", roles=[(a, Role.HOI_DONG)]),
        outsider=UserFactory(username="khongquyen"),
        person_a=person_create(a, code="P-A", full_name="Đặng Văn Đức"),
        person_a1=person_create(a1, code="P-A1", full_name="Bùi Thị Hồng", gender=Gender.NU),
        person_a11=person_create(a11, code="P-A11", full_name="Lê Anh Tuấn"),
        person_b=person_create(b1, code="P-B", full_name="Nguyễn Văn An"),
        person_c=person_create(c, code="P-C", full_name="Hồ Quang Minh"),
    )


def client_for(user):
    """A Django test client logged in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
