"""Events get a hash scheme: the ones already written keep their plain SHA-256 links (1); from now on every
event is an HMAC-SHA256 under the key file outside the database (2, `tdkt/audit/keys.py`).

SQLite rebuilds the table to add a column, which drops its triggers: they are installed again here. The
rebuild copies the rows with INSERT … SELECT and drops the old table; neither fires the UPDATE/DELETE triggers.
"""

from django.db import migrations, models


def reinstall_triggers(apps, schema_editor):
    from tdkt.audit.db import install_append_only_triggers

    install_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only")]
    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash_scheme",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256 (trước khi có khóa ký)"),
                    (2, "HMAC-SHA256 (khóa ký ngoài cơ sở dữ liệu)"),
                ],
                default=1,
                verbose_name="Kiểu chuỗi băm",
            ),
            preserve_default=False,
        ),
        # new events default to the keyed scheme; Django keeps defaults in Python, so the table is not rebuilt again
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="hash_scheme",
                    field=models.PositiveSmallIntegerField(
                        choices=[
                            (1, "SHA-256 (trước khi có khóa ký)"),
                            (2, "HMAC-SHA256 (khóa ký ngoài cơ sở dữ liệu)"),
                        ],
                        default=2,
                        verbose_name="Kiểu chuỗi băm",
                    ),
                ),
            ]
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
