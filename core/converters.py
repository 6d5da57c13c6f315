"""Path converters every app's URLs may use, registered on import: `<id:pk>`."""

from django.urls import register_converter


class IdConverter:
    """A row id: digits that fit the bigint primary keys, so that /desk/orders/<40 digits>/ is
    a 404 and never a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
