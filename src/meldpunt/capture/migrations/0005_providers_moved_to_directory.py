"""Provider records and domain rules go: the directory holds them now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("capture", "0004_capture_pdq_threatexchange"),
        ("directory", "0002_carry_over"),
    ]

    operations = [
        migrations.DeleteModel(name="DomainRuleRecord"),
        migrations.DeleteModel(name="HostingProvider"),
    ]
