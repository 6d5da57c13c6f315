"""Parcels and tracking (issue 12, step 9): carriers, their tracking APIs, parcel statuses."""
