"""Trigram index for the name search: pg_trgm GIN on PostgreSQL, an FTS5 trigram table on SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    from tdkt.org.search import install_name_index

    install_name_index(schema_editor.connection)


def drop(apps, schema_editor):
    from tdkt.org.search import drop_name_index

    drop_name_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("org", "0003_person_name_search")]
    operations = [migrations.RunPython(install, drop, elidable=False)]
