"""Delivery's paths, one module per module of delivery/views/, each included at its place
by rg_orders/urls.py under its own namespace ("courier", "photos")."""
