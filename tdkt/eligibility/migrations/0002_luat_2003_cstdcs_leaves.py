"""luat-2003 CSTĐCS lost its HTXSNV alternative (Law 15/2003 Đ23 k2 as amended 2013 requires an initiative,
research or combat ingenuity): leaf #2 is gone and the leaves after it move up by one."""

from django.db import migrations

WHERE = {"rule_set": "luat-2003", "rule_code": "CSTDCS"}


def forward(apps, schema_editor):
    RuleOverride = apps.get_model("eligibility", "RuleOverride")
    RuleOverride.objects.filter(**WHERE, leaf=2).delete()  # the HTXSNV alternative's level
    for old in (3, 4, 5):  # ascending, so no two rows share a leaf at any moment
        RuleOverride.objects.filter(**WHERE, leaf=old).update(leaf=old - 1)


def backward(apps, schema_editor):
    RuleOverride = apps.get_model("eligibility", "RuleOverride")
    for new in (4, 3, 2):
        RuleOverride.objects.filter(**WHERE, leaf=new).update(leaf=new + 1)


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
