"""The partners table goes: its rows are the directory's API clients now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_partner_is_an_api_client"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.DeleteModel(name="Partner")]
