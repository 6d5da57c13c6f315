"""Delivery's own pages, outside the desk and without a login (a signed link is the key):
the courier's page (`courier`, /c/<token>/) and a photo behind its link (`photos`,
/photos/<token>/). Their paths are in delivery/urls/, included by rg_orders/urls.py."""
