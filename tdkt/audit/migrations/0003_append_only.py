from django.db import migrations


def install(apps, schema_editor):
    from tdkt.audit.db import install_append_only_triggers

    install_append_only_triggers(schema_editor.connection)
    Head = apps.get_model("audit", "AuditChainHead")
    Head.objects.get_or_create(id=1, defaults={"seq": 0, "hash": "0" * 64})


def uninstall(apps, schema_editor):
    from tdkt.audit.db import drop_append_only_triggers

    drop_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
