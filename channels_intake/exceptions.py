"""Errors of the intake app's own conditions (a source that cannot be polled, a feed that does
not answer, a review item someone else handled). Each carries a code; pages show the message."""

from __future__ import annotations

from core.exceptions import ApplicationError


class ChannelsIntakeError(ApplicationError):
    code = "intake_error"


class ReviewRefused(ChannelsIntakeError):
    """The review item is no longer open, or the person's request is incomplete."""

    code = "review_refused"


class SourceMisconfigured(ChannelsIntakeError):
    """A source lacks what polling it needs (host, path, password variable)."""

    code = "source_misconfigured"


class FeedUnavailable(ChannelsIntakeError):
    """A partner's feed timed out or answered with an error."""

    code = "feed_unavailable"
