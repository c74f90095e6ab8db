"""The shared cache's table (CACHE_URL=dbcache://tdkt_cache, the default): every app server sees one cache."""

from django.core.management import call_command
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_cache_table(apps, schema_editor):
    alias = schema_editor.connection.alias
    # the default table whatever this process's settings say (tests run with a per-process cache) ...
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, "tdkt_cache", dry_run=False)
    # ... and any other table a CACHE_URL names
    call_command("createcachetable", database=alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
