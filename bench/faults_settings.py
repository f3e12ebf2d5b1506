"""Production settings for the fault suite (bench/faults.py): budgets raised for its load.

The suite's 50 simulated members post a comment in one request of five, all from 127.0.0.1
(nginx's address, as every client of a loopback stack has), which the comment budgets of
config/settings/base.py (5 a minute per member, 20 per client address, 120 for the whole site)
would refuse after the first seconds. The suite measures faults, not the budgets (those have
their own tests), so here they are high enough never to refuse its posts. Everything else is
production as deployed. Code from before the budgets table (an older checkout run with
`--before`) has no FOLIO_THROTTLES and keeps its own fixed limits.
"""

from config.settings.production import *  # noqa: F403

_PLENTY = [(1_000_000, 60)]
FOLIO_THROTTLES = {  # noqa: F405 - replaced only if the checkout has the table
    **globals().get("FOLIO_THROTTLES", {}),
    "comment": {"address": _PLENTY, "client": _PLENTY, "site": _PLENTY},
    "sign-in": {"client": _PLENTY, "site": _PLENTY},
}
