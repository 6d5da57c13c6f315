"""The domain events of delivery (core.events), with the values they carry: plain values only.

Who hears each is listed in the apps' `subscribers.py` (and in the README's table)."""

from __future__ import annotations

from dataclasses import dataclass

from core import events


@dataclass(frozen=True, kw_only=True)
class ParcelHanded(events.Event):
    """An order went to the post or a third-party service with a tracking number.
    `carrier` is its name; `tracking_url` is "" when unknown."""

    order_id: int
    tracking_number: str
    carrier: str
    tracking_url: str


@dataclass(frozen=True, kw_only=True)
class ParcelMoved(events.Event):
    """A parcel's carrier status changed (`status`: the carrier's words). `waiting`: it waits
    at a post office; `delivered`: it was handed over (the delivery finishes with it).
    `parcel_event_id`: the ParcelEvent recorded."""

    order_id: int
    parcel_event_id: int
    tracking_number: str
    tracking_url: str
    status: str
    location: str
    waiting: bool
    delivered: bool


@dataclass(frozen=True, kw_only=True)
class ParcelWaitingLong(events.Event):
    """A parcel has waited at a post office for TRACKING_WAITING_REMIND_DAYS (published by the
    tracking poll each time it looks, so a hearer keeps its effect once per `parcel_event_id`,
    the waiting status)."""

    order_id: int
    parcel_event_id: int
    tracking_number: str
    tracking_url: str
    status: str
    location: str


@dataclass(frozen=True, kw_only=True)
class ControlResolved(events.Event):
    """A next-morning control item was resolved: `contact` says how the customer was reached,
    `note` what the operator says to the customer."""

    order_id: int
    item_id: int
    resolution: str
    contact: str
    note: str
