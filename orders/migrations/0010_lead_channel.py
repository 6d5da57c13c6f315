"""Where each pre-order came from, for conversion per channel (issue 17). Existing leads take
the channel their details (the NormalizedOrder as it arrived) name; "pre-order" otherwise."""

from django.db import migrations, models


def channel_from_details(apps, schema_editor):
    Lead = apps.get_model("orders", "Lead")
    known = {value for value, _label in Lead._meta.get_field("channel").choices}
    for lead in Lead.objects.only("pk", "details").iterator(chunk_size=500):
        channel = (lead.details or {}).get("channel") if isinstance(lead.details, dict) else None
        if channel in known and channel != "preorder":
            Lead.objects.filter(pk=lead.pk).update(channel=channel)


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0009_seed_notice_templates'),
    ]

    operations = [
        migrations.AddField(
            model_name='lead',
            name='channel',
            field=models.CharField(choices=[('website', 'website'), ('phone_1', 'phone line 1'), ('phone_2', 'phone line 2'), ('live_chat', 'live chat'), ('viber', 'Viber'), ('whatsapp', 'WhatsApp'), ('telegram', 'Telegram'), ('skype', 'Skype'), ('facebook', 'Facebook'), ('partner_app', 'partner app'), ('partner_email', 'partner e-mail'), ('partner_api', 'partner API'), ('preorder', 'pre-order')], default='preorder', max_length=16, verbose_name='channel'),
        ),
        migrations.RunPython(channel_from_details, migrations.RunPython.noop),
    ]
