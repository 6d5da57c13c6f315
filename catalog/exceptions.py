from django.utils.translation import gettext as _


class CatalogError(Exception):
    code = "catalog_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutOfStock(CatalogError):
    code = "out_of_stock"

    def __init__(self, shortages: list[tuple[str, int, int]]):
        """shortages: (sku, needed, could reserve) for every line that cannot be covered."""
        self.shortages = shortages
        super().__init__("; ".join(
            _("not enough %(sku)s in stock: %(needed)s needed, %(free)s free")
            % {"sku": sku, "needed": needed, "free": free} for sku, needed, free in shortages
        ))


class PromoCodeRefused(CatalogError):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


class AddOnRefused(CatalogError):
    """An add-on that the catalog's rules do not allow with this order's goods."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code
