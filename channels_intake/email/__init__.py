"""Reading e-mail: MIME into a Letter (mime), storefront label sets (website), partner layouts
(partner), and the verdict on one message (verdict). No database writes here."""

from .verdict import (
    IGNORED,
    ORDER,
    PERSON,
    REVIEW,
    PersonMail,
    Readers,
    Verdict,
    interpret,
    person_mail,
)

__all__ = ["IGNORED", "ORDER", "PERSON", "REVIEW", "PersonMail", "Readers", "Verdict", "interpret",
           "person_mail"]
