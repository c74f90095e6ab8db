"""Registered audit actions and their Vietnamese labels (an unregistered action is a bug)."""

ACTION_LABELS = {
    "org.unit.created": "Thêm đơn vị",
    "org.unit.updated": "Sửa thông tin đơn vị",
    "org.unit.dissolved": "Giải thể / sáp nhập đơn vị",
    "org.unit.deleted": "Xóa đơn vị nhập nhầm",
    "org.person.created": "Thêm quân nhân",
    "org.person.updated": "Sửa thông tin quân nhân",
    "org.person.transferred": "Điều chuyển",
    "org.user.created": "Tạo tài khoản",
    "org.user.updated": "Sửa tài khoản",
    "org.role.granted": "Cấp vai trò",
    "org.role.revoked": "Thu hồi vai trò",
}

FIELD_LABELS = {
    "code": "Mã", "name": "Tên", "short_name": "Tên viết tắt", "unit_type": "Loại đơn vị",
    "parent": "Đơn vị cấp trên", "founded_on": "Ngày thành lập", "dissolved_on": "Ngày giải thể",
    "successor": "Đơn vị kế thừa", "position": "Thứ tự / chức vụ", "full_name": "Họ và tên",
    "birth_date": "Ngày sinh", "gender": "Giới tính", "rank": "Cấp bậc", "category": "Đối tượng",
    "service_start": "Ngày nhập ngũ", "unit": "Đơn vị", "unit_since": "Ngày về đơn vị",
    "transfer": "Điều chuyển", "role": "Vai trò", "user": "Người dùng",
}
