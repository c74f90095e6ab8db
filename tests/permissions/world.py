"""The world of the permission matrix: an actor's unit and an object of every kind at each position.

    root (QK) ── a (CCT) ──┬── a1 (CCT-TH)  ← the actor's unit ("own") ── a11 ("child")
                           └── a2 ("sibling")
             └── b (CHC) ── b1 ("other", another branch)
    a is the "parent" position.

One user per role holds that role on a1; `none` is logged in with no role; `anonymous` is not logged in.
"""

from dataclasses import dataclass, field
from datetime import date

from tdkt.org import services as org
from tdkt.org.choices import Role, UnitType

POSITIONS = ("own", "child", "parent", "sibling", "other")
ROLES = tuple(Role.values)
YEAR = 2025


@dataclass
class World:
    units: dict = field(default_factory=dict)  # position -> Unit
    users: dict = field(default_factory=dict)  # role | "none" -> User
    objects: dict = field(default_factory=dict)  # (kind, position) -> pk
    names: dict = field(default_factory=dict)  # position -> a person's name, to look for in list pages
    admin: object = None


def build_world() -> World:
    from tdkt.emulation import services as emulation
    from tdkt.emulation.scoring import round_create
    from tdkt.nominations import services as nominations
    from tdkt.nominations.choices import AuthorityLevel
    from tdkt.org.tests.factories import UserFactory
    from tdkt.records import services as records
    from tdkt.records.models import CatalogueEntry

    system = org.system_actor()
    world = World()

    def unit(code, name, parent, kind=UnitType.PHONG):
        return org.unit_create(
            actor=system, code=code, name=name, parent=parent, unit_type=kind, founded_on=date(2000, 1, 1)
        )

    root = unit("QK", "Bộ Tư lệnh Quân khu", None, UnitType.QUAN_KHU)
    a = unit("CCT", "Cục Chính trị", root, UnitType.CUC)
    a1 = unit("CCT-TH", "Phòng Tuyên huấn", a)
    a11 = unit("CCT-TH-TDKT", "Ban Thi đua – Khen thưởng", a1, UnitType.BAN)
    a2 = unit("CCT-CB", "Phòng Cán bộ", a)
    b = unit("CHC", "Cục Hậu cần", root, UnitType.CUC)
    b1 = unit("CHC-QY", "Phòng Quân y", b)
    world.units = {"own": a1, "child": a11, "parent": a, "sibling": a2, "other": b1}
    world.admin = UserFactory(username="quantri.goc", is_superuser=True, is_staff=True)
    admin = world.admin
    for role in ROLES:
        world.users[role] = UserFactory(username=f"u.{role.lower()}", roles=[(a1, role)])
    world.users["none"] = UserFactory(username="u.none")

    bqp = nominations.authority_create(
        actor=None,
        code="BQP",
        name="Bộ Quốc phòng",
        level=AuthorityLevel.BO_QUOC_PHONG,
        number_suffix="QĐ-BQP",
        issuing_body="BỘ QUỐC PHÒNG",
    )
    qk = nominations.authority_create(
        actor=None,
        code="BTL",
        name="Bộ Tư lệnh Quân khu",
        level=AuthorityLevel.QUAN_KHU,
        unit=root,
        parent=bqp,
        number_suffix="QĐ-BTL",
        issuing_body="BỘ TƯ LỆNH",
    )
    for u in (a, b):
        nominations.authority_create(
            actor=None,
            code=f"A-{u.code}",
            name=u.name,
            level=AuthorityLevel.DON_VI,
            unit=u,
            parent=qk,
            number_suffix=f"QĐ-{u.code}",
            issuing_body=u.name.upper(),
        )
    gk = CatalogueEntry.objects.get(code="GK")
    names = ["Đặng Văn Đức", "Bùi Thị Hồng", "Lê Anh Tuấn", "Phạm Thu Trang", "Nguyễn Văn An"]
    for (position, u), name in zip(world.units.items(), names, strict=True):
        person = org.person_create(
            actor=system,
            code=f"P-{u.code}",
            full_name=name,
            unit=u,
            birth_date=date(1990, 1, 1),
            category="SI_QUAN",
            service_start=date(2010, 1, 1),
        )
        world.names[position] = name
        award = records.award_record(
            actor=admin,
            person=person,
            entry=gk,
            year=YEAR,
            kind="THUONG_XUYEN",
            decision_number=f"{len(world.names)}/QĐ",
            decision_date=date(YEAR, 12, 20),
            issuer="Bộ Tư lệnh Quân khu",  # a hand-entered award names its issuer (issue #14, finding 3)
        )
        dossier = nominations.dossier_create(
            actor=admin, unit=u, year=YEAR, kind="THUONG_XUYEN", title=f"Đề nghị khen thưởng {u.name}"
        )
        cluster = emulation.cluster_create(actor=admin, code=f"CUM-{u.code}", name=f"Cụm {u.name}", organiser=u)
        emulation.cluster_member_add(actor=admin, cluster=cluster, unit=u, year=YEAR)
        movement = emulation.movement_launch(
            actor=admin,
            unit=u,
            kind="QUYET_THANG",
            name=f"Phong trào {u.name}",
            year=YEAR,
            starts_on=date(YEAR, 1, 1),
            ends_on=date(YEAR, 12, 31),
        )
        exemplar = emulation.exemplar_create(
            actor=admin, person=person, field="Huấn luyện", campaigns=[], on=date(YEAR, 2, 1)
        )
        registration = emulation.registration_submit(
            actor=admin, entry=CatalogueEntry.objects.get(code="CSTT"), year=YEAR, person=person
        )
        records.rating_set(actor=admin, year=YEAR - 1, rating="HTXSNV", unit=u)  # a leader must be rated
        emulation.cluster_leader_set(actor=admin, cluster=cluster, year=YEAR, leader=u)
        round_ = round_create(actor=admin, cluster=cluster, year=YEAR)
        council = nominations.council_create(
            actor=admin, unit=u, name=f"Hội đồng TĐKT {u.name}", term_start=date(YEAR - 2, 1, 1)
        )
        conference = emulation.conference_record(
            actor=admin, kind="SO_KET", year=YEAR, unit=u, host=u, held_on=date(YEAR, 6, 20),
            place="Hội trường", presided_by="Đại tá Nguyễn Văn Hùng",
        )  # fmt: skip
        world.objects.update(
            {
                ("unit", position): u.pk,
                ("person", position): person.pk,
                ("award", position): award.pk,
                ("decision", position): award.decision_id,
                ("dossier", position): dossier.pk,
                ("cluster", position): cluster.pk,
                ("movement", position): movement.pk,
                ("exemplar", position): exemplar.pk,
                ("registration", position): registration.pk,
                ("round", position): round_.pk,
                ("council", position): council.pk,
                ("conference", position): conference.pk,
            }
        )
    return world
