"""Which inquiry texts people read carry hy, ru and en (django-modeltranslation): a ready
answer's topic and title (its texts have a column per language already, as the customer's
language picks one), a call topic's name. Each field reads the active language's column,
falling back to English; the admin edits all three."""

from modeltranslation.translator import TranslationOptions, register

from .models import CallTopic, ReadyAnswer


@register(ReadyAnswer)
class ReadyAnswerTranslation(TranslationOptions):
    fields = ("topic", "title")
    required_languages = ("en",)


@register(CallTopic)
class CallTopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
