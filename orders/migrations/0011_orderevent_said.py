"""What the desk says on the timeline is kept as a phrase code (`said`) and said in the reader's
language when shown (issue 17). Existing rows whose message is one of the desk's fixed sentences,
in any of the desk's languages, become that phrase; every other message stays as written (the
fallback: a sentence with values, or what a person typed)."""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

# The fixed sentences the services wrote into `message` before `said` existed (msgid -> code).
FIXED = {
    "Called, no answer.": "called_no_answer",
    "Called again, no answer.": "called_again_no_answer",
    "Swapped for an alternative.": "swapped",
    "handled by a person": "handled",
    "cancelled by the partner": "partner_cancelled",
    "changed by the partner": "partner_changed",
    "sent again": "sent_again",
    "reported at the next-morning control": "control_reported",
    "sent again at the next-morning control": "control_sent_again",
}


def fixed_sentences_to_phrases(apps, schema_editor):
    OrderEvent = apps.get_model("orders", "OrderEvent")
    codes = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            codes.update({translation.gettext(msgid): code for msgid, code in FIXED.items()})
    codes.update({msgid: code for msgid, code in FIXED.items()})
    for text, code in codes.items():
        OrderEvent.objects.filter(message=text).update(
            message="", said={"code": code, "params": {}})


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0010_lead_channel'),
    ]

    operations = [
        migrations.AddField(
            model_name='orderevent',
            name='said',
            field=models.JSONField(blank=True, default=dict, verbose_name='said by the desk'),
        ),
        migrations.AlterField(
            model_name='orderevent',
            name='message',
            field=models.TextField(blank=True, help_text='What a person wrote, as written.', verbose_name='what happened'),
        ),
        migrations.RunPython(fixed_sentences_to_phrases, migrations.RunPython.noop),
    ]
