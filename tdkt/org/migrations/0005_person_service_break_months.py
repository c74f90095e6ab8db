from django.db import migrations, models


def reinstall_name_index(apps, schema_editor):
    # SQLite adds this column by rebuilding org_person, which drops the name-search triggers of 0004.
    from tdkt.org.search import install_name_index

    install_name_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_person_name_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="service_break_months",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Tổng số tháng không công tác trong Quân đội kể từ ngày nhập ngũ (xuất ngũ rồi tái ngũ…).",
                verbose_name="Thời gian gián đoạn (tháng)",
            ),
        ),
        migrations.RunPython(reinstall_name_index, migrations.RunPython.noop, elidable=False),
    ]
