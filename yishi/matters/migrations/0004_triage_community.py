"""Triage records carry their matter's community, so that a community's unpublished results are one index range."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_community(apps, schema_editor):
    TriageRecord = apps.get_model("matters", "TriageRecord")
    Matter = apps.get_model("matters", "Matter")
    TriageRecord.objects.update(
        community_id=Subquery(Matter.objects.filter(pk=OuterRef("matter_id")).values("community_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("matters", "0003_queue_index"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="triagerecord",
            name="community",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.place",
                verbose_name="community",
            ),
        ),
        migrations.RunPython(fill_community, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="triagerecord",
            name="community",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.place",
                verbose_name="community",
            ),
        ),
        migrations.AddIndex(
            model_name="triagerecord",
            index=models.Index(fields=["community", "notice"], name="triage_community_notice"),
        ),
    ]
