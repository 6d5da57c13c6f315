"""Capacity: how many deliveries each zone's window can take, and the ledger every channel takes
its place from (issue 20). Orders asks through `orders.capacity.LEDGER`; delivery answers here."""
