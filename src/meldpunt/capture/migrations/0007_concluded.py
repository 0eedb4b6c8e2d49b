"""Captures that waited for an analyst or were settled by a match are `concluded`: their
cases (cases 0002) now hold that outcome."""

from django.db import migrations


def forwards(apps, schema_editor):
    Capture = apps.get_model("capture", "Capture")
    Capture.objects.filter(state__in=("awaiting_assessment", "settled_by_match")).update(
        state="concluded"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("capture", "0006_many_captures_per_item"),
        ("cases", "0002_cases_for_existing_items"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
