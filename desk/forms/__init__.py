"""Forms of the operator desk, one module per module of desk/views/ they serve (and
`common` for what several share). They parse and show errors; the services decide."""
