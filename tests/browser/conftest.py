"""The browser fixtures of test_desk.py (a Chromium, a small shop), for every browser test."""

from .test_desk import chromium, desk  # noqa: F401
