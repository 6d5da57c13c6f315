from django.utils.translation import gettext as _

from core.exceptions import ApplicationError


class CatalogError(ApplicationError):
    code = "catalog_error"


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
