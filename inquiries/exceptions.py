"""What an inquiries service refuses, with the message the operator reads."""


from core.exceptions import ApplicationError


class InquiryError(ApplicationError):
    code = "inquiry_error"
