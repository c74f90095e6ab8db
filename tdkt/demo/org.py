"""Demo organisation: Quân khu 5 with the four agencies of Emulation Cluster 4.

Deterministic (fixed seed, fixed order) and idempotent (units, people and users are looked up
by code before they are created), and written through the same services as the pages, so the
audit trail records it. The people are fictional.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tdkt.org import services
from tdkt.org.choices import Gender, PersonCategory, Rank, Role, UnitType
from tdkt.org.models import Person, RoleAssignment, Unit, User

DEMO_PASSWORD = "Demo@TDKT2026"
SEED = 2022
REFERENCE_DAY = date(2026, 1, 1)  # fixed, so the data do not depend on when the command runs

FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Huỳnh", 30),
    ("Hoàng", 22),
    ("Phan", 45),
    ("Võ", 40),
    ("Vũ", 12),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Trương", 8),
    ("Lương", 5),
    ("Mai", 5),
    ("Cao", 5),
    ("Đoàn", 6),
    ("Lâm", 4),
    ("Tạ", 3),
    ("Hà", 4),
    ("Châu", 3),
    ("Ông", 2),
    ("Tôn", 2),
]
MIDDLE_MALE = [
    "Văn",
    "Hữu",
    "Đức",
    "Công",
    "Quang",
    "Minh",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Đình",
    "Anh",
    "Trọng",
    "Thành",
    "Quốc",
    "Tấn",
    "Bá",
    "Viết",
    "Duy",
]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Hồng", "Mai", "Thùy"]
GIVEN_MALE = [
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Dũng",
    "Dương",
    "Đạt",
    "Đức",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Lâm",
    "Long",
    "Lộc",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Ân",
    "Ẩn",
    "Hưng",
    "Lực",
    "Thiện",
]
GIVEN_FEMALE = [
    "Anh",
    "Châu",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hoa",
    "Hồng",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Uyên",
    "Vân",
    "Yến",
    "Ánh",
    "Ly",
]

OFFICER_RANKS = [
    Rank.THIEU_UY,
    Rank.TRUNG_UY,
    Rank.THUONG_UY,
    Rank.DAI_UY,
    Rank.THIEU_TA,
    Rank.TRUNG_TA,
    Rank.THUONG_TA,
    Rank.DAI_TA,
]
QNCN_RANKS = [Rank.THIEU_UY, Rank.TRUNG_UY, Rank.THUONG_UY, Rank.DAI_UY, Rank.THIEU_TA, Rank.TRUNG_TA]
SOLDIER_RANKS = [Rank.BINH_NHI, Rank.BINH_NHAT, Rank.HA_SI, Rank.TRUNG_SI, Rank.THUONG_SI]


@dataclass
class U:
    """A demo unit: code suffix, name, short name, type, headcount of its own staff, children."""

    code: str
    name: str
    short: str
    kind: str
    staff: int = 0
    mix: str = "office"  # office | troops | hospital | workshop
    children: list["U"] = field(default_factory=list)


def _office(code, name, staff, short="", mix="office", kind=UnitType.PHONG, children=None):
    return U(code, name, short or name.replace("Phòng ", "P.").replace("Ban ", "B."), kind, staff, mix, children or [])


def _battalion(code, name, short, companies):
    return U(
        code,
        name,
        short,
        UnitType.TIEU_DOAN,
        12,
        "office",
        [
            U(f"{code}-C{i}", f"Đại đội {i}", f"c{i}", UnitType.DAI_DOI, staff, "troops")
            for i, staff in enumerate(companies, start=1)
        ],
    )


TREE = U(
    "QK5",
    "Bộ Tư lệnh Quân khu 5",
    "BTL QK5",
    UnitType.QUAN_KHU,
    12,
    "office",
    [
        U(
            "QK5-BTM",
            "Bộ Tham mưu",
            "BTM",
            UnitType.CO_QUAN,
            8,
            "office",
            [
                _office("QK5-BTM-VP", "Văn phòng Bộ Tham mưu", 45, "VP BTM", kind=UnitType.VAN_PHONG),
                _office(
                    "QK5-BTM-TC",
                    "Phòng Tác chiến",
                    38,
                    children=[
                        _office("QK5-BTM-TC-KH", "Ban Kế hoạch", 9, kind=UnitType.BAN),
                        _office("QK5-BTM-TC-BD", "Ban Bản đồ", 8, kind=UnitType.BAN),
                    ],
                ),
                _office("QK5-BTM-QL", "Phòng Quân lực", 30),
                _office("QK5-BTM-HL", "Phòng Huấn luyện", 28),
                _office("QK5-BTM-TT", "Phòng Thông tin liên lạc", 32),
                _office("QK5-BTM-TS", "Phòng Trinh sát", 30),
                _office("QK5-BTM-CB", "Phòng Công binh", 26),
                _office("QK5-BTM-HH", "Phòng Hóa học", 20),
                _office("QK5-BTM-CH", "Phòng Cứu hộ – Cứu nạn", 22),
                _office("QK5-BTM-DQ", "Phòng Dân quân tự vệ", 24),
                _battalion("QK5-BTM-D1", "Tiểu đoàn Thông tin 1", "d1 TT", [92, 88, 90]),
                _battalion("QK5-BTM-D2", "Tiểu đoàn Trinh sát 2", "d2 TS", [85, 86]),
                _battalion("QK5-BTM-D3", "Tiểu đoàn Vệ binh 3", "d3 VB", [95, 90]),
                _battalion("QK5-BTM-D6", "Tiểu đoàn Công binh 6", "d6 CB", [85, 85, 80]),
            ],
        ),
        U(
            "QK5-CCT",
            "Cục Chính trị",
            "CCT",
            UnitType.CUC,
            7,
            "office",
            [
                _office("QK5-CCT-VP", "Văn phòng Cục Chính trị", 30, "VP CCT", kind=UnitType.VAN_PHONG),
                _office("QK5-CCT-TC", "Phòng Tổ chức", 24),
                _office("QK5-CCT-CB", "Phòng Cán bộ", 22),
                _office(
                    "QK5-CCT-TH",
                    "Phòng Tuyên huấn",
                    26,
                    children=[
                        _office("QK5-CCT-TH-TDKT", "Ban Thi đua – Khen thưởng", 7, "B.TĐKT", kind=UnitType.BAN),
                        _office("QK5-CCT-TH-VH", "Ban Văn hóa", 8, kind=UnitType.BAN),
                    ],
                ),
                _office("QK5-CCT-BV", "Phòng Bảo vệ an ninh", 24),
                _office("QK5-CCT-DV", "Phòng Dân vận", 22),
                _office("QK5-CCT-CS", "Phòng Chính sách", 20),
                _office("QK5-CCT-QC", "Phòng Công tác quần chúng", 16),
                _office(
                    "QK5-CCT-BT", "Bảo tàng Quân khu 5", 40, "Bảo tàng QK5", mix="workshop", kind=UnitType.DON_VI_KHAC
                ),
                _office(
                    "QK5-CCT-VC", "Đoàn Văn công Quân khu 5", 70, "Đoàn VC", mix="workshop", kind=UnitType.DON_VI_KHAC
                ),
                _office("QK5-CCT-BAO", "Báo Quân khu 5", 35, "Báo QK5", kind=UnitType.DON_VI_KHAC),
                _office(
                    "QK5-CCT-NK", "Nhà khách Quân khu 5", 45, "Nhà khách", mix="workshop", kind=UnitType.DON_VI_KHAC
                ),
            ],
        ),
        U(
            "QK5-CHC",
            "Cục Hậu cần",
            "CHC",
            UnitType.CUC,
            7,
            "office",
            [
                _office("QK5-CHC-TM", "Phòng Tham mưu – Kế hoạch", 26),
                _office("QK5-CHC-CT", "Phòng Chính trị", 18),
                _office("QK5-CHC-QN", "Phòng Quân nhu", 24),
                _office("QK5-CHC-QY", "Phòng Quân y", 24),
                _office("QK5-CHC-XD", "Phòng Xăng dầu", 20),
                _office("QK5-CHC-DT", "Phòng Doanh trại", 22),
                _office("QK5-CHC-VT", "Phòng Vận tải", 22),
                U(
                    "QK5-CHC-BV17",
                    "Bệnh viện Quân y 17",
                    "BV17",
                    UnitType.BENH_VIEN,
                    40,
                    "hospital",
                    [
                        _office("QK5-CHC-BV17-NOI", "Khoa Nội", 70, mix="hospital", kind=UnitType.DON_VI_KHAC),
                        _office("QK5-CHC-BV17-NGOAI", "Khoa Ngoại", 65, mix="hospital", kind=UnitType.DON_VI_KHAC),
                        _office("QK5-CHC-BV17-CC", "Khoa Cấp cứu", 45, mix="hospital", kind=UnitType.DON_VI_KHAC),
                        _office("QK5-CHC-BV17-DUOC", "Khoa Dược", 25, mix="hospital", kind=UnitType.DON_VI_KHAC),
                    ],
                ),
                _office("QK5-CHC-K1", "Kho Quân nhu 1", 45, mix="workshop", kind=UnitType.KHO),
                _office("QK5-CHC-K2", "Kho Xăng dầu 2", 40, mix="workshop", kind=UnitType.KHO),
                _office("QK5-CHC-K3", "Kho Quân y 3", 50, mix="workshop", kind=UnitType.KHO),
                _office("QK5-CHC-DD", "Trạm Điều dưỡng", 55, mix="hospital", kind=UnitType.DON_VI_KHAC),
                _battalion("QK5-CHC-D24", "Tiểu đoàn Vận tải 24", "d24 VT", [80, 78]),
            ],
        ),
        U(
            "QK5-CKT",
            "Cục Kỹ thuật",
            "CKT",
            UnitType.CUC,
            7,
            "office",
            [
                _office("QK5-CKT-TM", "Phòng Tham mưu – Kế hoạch", 22),
                _office("QK5-CKT-CT", "Phòng Chính trị", 16),
                _office("QK5-CKT-QK", "Phòng Quân khí", 22),
                _office("QK5-CKT-XM", "Phòng Xe – Máy", 22),
                _office("QK5-CKT-KTCB", "Phòng Kỹ thuật Công binh – Hóa học – Thông tin", 18, "P.KT CB-HH-TT"),
                _office("QK5-CKT-X1", "Xưởng Sửa chữa tổng hợp 1", 85, mix="workshop", kind=UnitType.XUONG),
                _office("QK5-CKT-X2", "Xưởng Sửa chữa 2", 90, mix="workshop", kind=UnitType.XUONG),
                _office("QK5-CKT-K3", "Kho Kỹ thuật 3", 60, mix="workshop", kind=UnitType.KHO),
                _office("QK5-CKT-K4", "Kho Vũ khí đạn 4", 55, mix="workshop", kind=UnitType.KHO),
                _battalion("QK5-CKT-D5", "Tiểu đoàn Sửa chữa 5", "d5 SC", [75, 72]),
            ],
        ),
    ],
)

BAN_NAMES = ["Ban Kế hoạch", "Ban Nghiệp vụ", "Ban Tổng hợp"]
TEAM_NAMES = ["Tổ Kỹ thuật", "Tổ Bảo quản", "Tổ Hành chính"]


def _with_subunits(node: U) -> U:
    """Split leaf offices, companies, stores and workshops into the sub-units a real agency has.

    The leaders (first staff members) stay in the parent; the others are spread over the children.
    """
    children = [_with_subunits(child) for child in node.children]
    if not node.children:
        if node.kind == UnitType.PHONG and node.staff >= 16:
            names = BAN_NAMES[: 3 if node.staff >= 24 else 2]
            children = [
                U(f"{node.code}-B{i}", name, name.replace("Ban ", "B."), UnitType.BAN, 0, node.mix)
                for i, name in enumerate(names, start=1)
            ]
        elif node.kind == UnitType.DAI_DOI:
            children = [
                U(f"{node.code}-B{i}", f"Trung đội {i}", f"b{i}", UnitType.TRUNG_DOI, 0, "troops") for i in range(1, 4)
            ]
        elif node.kind in (UnitType.KHO, UnitType.XUONG) or node.mix == "hospital" and node.staff >= 40:
            children = [
                U(f"{node.code}-T{i}", name, name, UnitType.DON_VI_KHAC, 0, node.mix)
                for i, name in enumerate(TEAM_NAMES[:2], start=1)
            ]
        if children:
            leaders = 3 if node.kind != UnitType.DAI_DOI else 4
            rest = max(0, node.staff - leaders)
            for i, child in enumerate(children):
                child.staff = rest // len(children) + (1 if i < rest % len(children) else 0)
            node = U(node.code, node.name, node.short, node.kind, min(node.staff, leaders), node.mix, children)
            return node
    return U(node.code, node.name, node.short, node.kind, node.staff, node.mix, children)


TREE = _with_subunits(TREE)

# (username, full name, unit code, role, is_superuser)
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", "QK5", Role.QUAN_TRI, True),
    ("chihuy.qk5", "Thiếu tướng Phạm Minh Quân (Tư lệnh)", "QK5", Role.CHI_HUY, False),
    ("hoidong.qk5", "Đại tá Lê Văn Hòa (Hội đồng TĐKT Quân khu)", "QK5", Role.HOI_DONG, False),
    ("xem.qk5", "Trung tá Trần Thị Lan (chỉ xem)", "QK5", Role.XEM, False),
    ("canbo.cct", "Thiếu tá Nguyễn Văn Hùng (cán bộ TĐKT Cục Chính trị)", "QK5-CCT", Role.CAN_BO_TDKT, False),
    ("canbo.btm", "Thiếu tá Võ Đức Long (cán bộ TĐKT Bộ Tham mưu)", "QK5-BTM", Role.CAN_BO_TDKT, False),
    ("canbo.chc", "Đại úy Huỳnh Thị Mai (cán bộ TĐKT Cục Hậu cần)", "QK5-CHC", Role.CAN_BO_TDKT, False),
    ("canbo.ckt", "Thiếu tá Đặng Công Sơn (cán bộ TĐKT Cục Kỹ thuật)", "QK5-CKT", Role.CAN_BO_TDKT, False),
]


def _weighted(rng: random.Random, pairs):
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights)[0]


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _person_values(rng: random.Random, unit: U, index: int) -> dict:
    female_share = {"hospital": 0.55, "workshop": 0.3, "office": 0.12, "troops": 0.0}[unit.mix]
    female = rng.random() < female_share
    family = _weighted(rng, FAMILY_NAMES)
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    if unit.mix == "troops":
        category = PersonCategory.SI_QUAN if index < 4 else PersonCategory.HSQ_BS
    else:
        category = _weighted(
            rng,
            {
                "office": [
                    (PersonCategory.SI_QUAN, 60),
                    (PersonCategory.QNCN, 25),
                    (PersonCategory.CNVQP, 12),
                    (PersonCategory.LDHD, 3),
                ],
                "hospital": [
                    (PersonCategory.SI_QUAN, 30),
                    (PersonCategory.QNCN, 45),
                    (PersonCategory.CNVQP, 20),
                    (PersonCategory.LDHD, 5),
                ],
                "workshop": [
                    (PersonCategory.SI_QUAN, 15),
                    (PersonCategory.QNCN, 35),
                    (PersonCategory.CNVQP, 45),
                    (PersonCategory.LDHD, 5),
                ],
            }[unit.mix],
        )
    if category == PersonCategory.HSQ_BS:
        age, rank = rng.randint(19, 23), rng.choice(SOLDIER_RANKS)
        position = "Tiểu đội trưởng" if rank in (Rank.TRUNG_SI, Rank.THUONG_SI) and rng.random() < 0.4 else "Chiến sĩ"
    elif category == PersonCategory.SI_QUAN:
        rank_index = min(len(OFFICER_RANKS) - 1, max(0, int(rng.triangular(0, 8, 3.5))))
        if index == 0 and unit.mix != "troops":
            rank_index = max(rank_index, 6)
        rank = OFFICER_RANKS[rank_index]
        age = 23 + rank_index * 3 + rng.randint(0, 5)
        position = _officer_position(unit, index, rng)
    elif category == PersonCategory.QNCN:
        rank = rng.choice(QNCN_RANKS)
        age = rng.randint(24, 50)
        position = rng.choice(
            {
                "hospital": ["Y sĩ", "Điều dưỡng", "Kỹ thuật viên"],
                "workshop": ["Kỹ thuật viên", "Thủ kho", "Nhân viên kỹ thuật"],
                "office": ["Nhân viên", "Văn thư", "Lái xe", "Nhân viên kỹ thuật"],
            }[unit.mix]
        )
    else:
        rank, age = "", rng.randint(22, 55)
        position = rng.choice(["Nhân viên", "Công nhân", "Kế toán", "Thủ kho", "Nhân viên phục vụ"])
    birth = _random_day(rng, date(REFERENCE_DAY.year - age - 1, 1, 1), date(REFERENCE_DAY.year - age, 1, 1))
    service_start = _random_day(rng, date(birth.year + 18, 9, 1), date(min(birth.year + 24, 2025), 12, 31))
    if category == PersonCategory.HSQ_BS:
        service_start = date(rng.randint(2023, 2025), rng.choice([2, 3, 9]), rng.choice([1, 15]))
        service_start = max(service_start, date(birth.year + 18, birth.month, 1))
    unit_since = _random_day(rng, service_start, min(REFERENCE_DAY, service_start + timedelta(days=365 * 8)))
    return {
        "full_name": f"{family} {middle} {given}",
        "gender": Gender.NU if female else Gender.NAM,
        "category": category,
        "rank": rank,
        "position": position,
        "birth_date": birth,
        "service_start": service_start,
        "unit_since": unit_since,
    }


def _officer_position(unit: U, index: int, rng: random.Random) -> str:
    head = {
        UnitType.PHONG: "Trưởng phòng",
        UnitType.BAN: "Trưởng ban",
        UnitType.DAI_DOI: "Đại đội trưởng",
        UnitType.TIEU_DOAN: "Tiểu đoàn trưởng",
        UnitType.CUC: "Cục trưởng",
        UnitType.CO_QUAN: "Tham mưu trưởng",
        UnitType.QUAN_KHU: "Tư lệnh",
        UnitType.BENH_VIEN: "Giám đốc",
        UnitType.KHO: "Chủ nhiệm kho",
        UnitType.XUONG: "Giám đốc xưởng",
        UnitType.VAN_PHONG: "Chánh Văn phòng",
    }.get(unit.kind, "Thủ trưởng")
    if index == 0:
        return head
    if index == 1 and unit.kind in (UnitType.DAI_DOI, UnitType.TIEU_DOAN):
        return "Chính trị viên"
    if index <= 2:
        return f"Phó {head[0].lower()}{head[1:]}"
    if unit.kind == UnitType.DAI_DOI:
        return "Trung đội trưởng"
    if unit.mix == "hospital":
        return rng.choice(["Bác sĩ", "Bác sĩ điều trị", "Dược sĩ"])
    return "Trợ lý"


def build_demo(*, progress: Callable[[str], None] = lambda message: None) -> dict:
    """Create (or complete) the demo organisation; returns counts of what was created."""
    actor = services.system_actor()
    rng = random.Random(SEED)
    created = {"units": 0, "people": 0, "users": 0}
    existing_units = {u.code: u for u in Unit.objects.all()}
    existing_people = set(Person.objects.values_list("code", flat=True))
    sequence = 0
    planned: list[tuple[U, Unit, int]] = []

    def walk(node: U, parent: Unit | None, position: int) -> None:
        unit = existing_units.get(node.code)
        if unit is None:
            unit = services.unit_create(
                actor=actor,
                code=node.code,
                name=node.name,
                short_name=node.short,
                unit_type=node.kind,
                parent=parent,
                founded_on=date(1975, 10, 16) if parent is None else date(1976, 1, 1),
                position=position,
                reason="Dữ liệu mẫu",
            )
            created["units"] += 1
        planned.append((node, unit, node.staff))
        for child_position, child in enumerate(node.children, start=1):
            walk(child, unit, child_position)

    walk(TREE, None, 0)
    total = sum(staff for _, _, staff in planned)
    for node, unit, staff in planned:
        for index in range(staff):
            sequence += 1
            values = _person_values(rng, node, index)  # drawn even when skipped: keeps the data stable
            code = f"QN{sequence:06d}"
            if code in existing_people:
                continue
            services.person_create(actor=actor, code=code, unit=unit, reason="Dữ liệu mẫu", **values)
            created["people"] += 1
            if sequence % 500 == 0:
                progress(f"Quân nhân: {sequence}/{total}")
    for username, full_name, unit_code, role, superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                actor=actor,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                is_staff=superuser,
                is_superuser=superuser,
                reason="Tài khoản mẫu",
            )
            created["users"] += 1
        unit = Unit.objects.get(code=unit_code)
        if not RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
            services.role_grant(actor=actor, user=user, unit=unit, role=role, reason="Tài khoản mẫu")
    return created
