"""Verdicts may be classified `doubtful` under the hotline's own law, until a second opinion."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_queue_order"),
    ]

    operations = [
        migrations.AlterField(
            model_name="verdict",
            name="classification",
            field=models.CharField(
                choices=[
                    ("baseline", "baseline"),
                    ("national", "national"),
                    ("not_illegal", "not illegal"),
                    ("doubtful", "doubtful"),
                ],
                max_length=12,
            ),
        ),
    ]
