"""The database's copy of the signed checkpoints; a verification records every finding."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_chain_head"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(db_index=True)),
                ("signed_at", models.DateTimeField()),
                ("reason", models.CharField(max_length=64)),
                ("line", models.TextField()),
            ],
            options={
                "ordering": ["pk"],
            },
        ),
        migrations.AlterField(
            model_name="auditverification",
            name="problem",
            field=models.TextField(blank=True),
        ),
    ]
