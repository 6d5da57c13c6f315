"""The one root of the errors a service raises for a person to read (HackSoft's
`ApplicationError` shape): a message said in the reader's language, a short `code` for the API
and tests, and `extra` for what a page may show beside it. Each app family has one base under
it, in that app's `exceptions.py` (catalog `CatalogError`, orders and delivery `OrderError`,
channels_intake `ChannelsIntakeError`, inquiries `InquiryError`, customers `CustomersError`);
a page or the API catches the family's base, never a service module's class."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    code = "application_error"

    def __init__(self, message: str = "", extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
