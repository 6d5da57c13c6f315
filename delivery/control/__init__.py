"""The next-morning control list (issue 12, step 8): services, selectors, tasks."""
