"""`tdkt check --deploy`: the audit trail is safe to run on (append-only triggers in place, the key readable).

Errors, not warnings: a server whose audit table can be edited, or that cannot sign events, must not serve.
"""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections

from tdkt.audit.db import append_only_problems
from tdkt.audit.keys import AuditKeyError, key_file, load_key


@register(Tags.database, Tags.security, deploy=True)
def check_append_only_triggers(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ["default"]:
        try:
            problems = append_only_problems(connections[alias])
        except (DatabaseError, NotImplementedError) as exc:
            problems = [f"không kiểm tra được ({exc})"]
        if problems:
            errors.append(
                Error(
                    f"Bảng nhật ký thay đổi của cơ sở dữ liệu '{alias}' không còn chỉ-ghi-thêm: {'; '.join(problems)}.",
                    hint="Chạy `tdkt migrate`; sau một lần khôi phục thủ công, `tdkt restore` cài lại trigger và "
                    "kiểm tra chuỗi. Tìm hiểu vì sao trigger mất trước khi mở lại máy chủ.",
                    id="audit.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_audit_key(app_configs=None, **kwargs):
    try:
        key = load_key()
    except AuditKeyError as exc:
        return [Error(str(exc), id="audit.E002")]
    if key is None:
        return [
            Error(
                f"Thiếu khóa ký nhật ký thay đổi {key_file()} (AUDIT_HMAC_KEY_FILE): không ghi được thay đổi nào.",
                hint="`tdkt audit keygen` (một lần cho cả hệ thống; mọi máy chủ ứng dụng dùng cùng một tệp).",
                id="audit.E002",
            )
        ]
    return []
