from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    """A dossier received before this field existed takes the day of its last receipt event."""
    Dossier = apps.get_model("nominations", "Dossier")
    DossierEvent = apps.get_model("nominations", "DossierEvent")
    last = {}
    for dossier_id, at in DossierEvent.objects.filter(action="receive").order_by("at", "id").values_list(
        "dossier_id", "at"
    ):
        last[dossier_id] = timezone.localdate(at)
    for dossier_id, day in last.items():
        Dossier.objects.filter(pk=dossier_id).update(received_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="Ngày tiếp nhận"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
