"""The operator desk's pages (issue #6): parse, call one service, render."""
