"""Forms of delivery's own pages, one module per module of delivery/views/ (and `common` for
the check the desk's delivery forms share). They parse and show errors; the services decide."""
