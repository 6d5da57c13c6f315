"""What the desk plugs into lower floors (it hears no domain event). The desk's cache of the
queue filter bar follows Brand and Courier edits through Django's model signals, connected in
DeskConfig.ready (they are the admin's edits too, which publish no domain event)."""

from django.utils.translation import gettext_lazy as _

from orders import actors, timeline

SUBSCRIPTIONS = []

HOOKS = [
    # The demo's own actor ("seed_demo", desk/demo.py's SYSTEM) as the timeline calls it.
    actors.SYSTEMS.plug("seed_demo", _("Demo data")),
    # Why the demo cancels an order (desk/demo.py's CHANGED_MIND), as a phrase: the Armenian
    # and Russian operators read it in their language, not in the seed's English.
    timeline.PHRASES.plug("demo_changed_mind",
                          timeline.sentence(_("the customer changed their mind"))),
]
