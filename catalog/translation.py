"""Which catalog texts carry hy, ru and en (django-modeltranslation).

Each registered field gets one column per language (`name_hy`, `name_ru`, `name_en`); the field
itself (`product.name`) reads and writes the active language's, falling back to English. The
admin edits all three (catalog/admin.py), screens and e-mails show the reader's."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Location, Product, Promotion


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Promotion)
class PromotionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
