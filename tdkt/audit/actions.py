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
