"""What an inquiries service refuses, with the message the operator reads."""


class InquiryError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
