"""The Gauldal demo: the example cooperation from draft to archive, on simulated dates.

A scenario outside the core package: it copies the example agreements into a work folder and
drives each through drøfting, saksframlegg, innstilling, vedtak in each kommunestyre, delegation,
signatures, notice to statsforvalteren and entry into force, archiving each legal event as it
falls due. Every action goes through the service layer (`avtaleflyt.tjenester`), as the CLI's and
the flows' do.

- `demo.gauldal`: the scenario and the timeline of steps;
- `demo.steg`: the steps, one service call each;
- `demo.kjoring`: running the timeline (directly or through a Prefect runner) and the result.
"""

from demo.gauldal import Hendelse, alle_ider, bygg_tidslinje, uten_prosess
from demo.kjoring import (
    KORT_FORM,
    MERKEFIL,
    AvtaleResultat,
    DemoFeil,
    DemoResultat,
    direkte,
    kjor_demo,
)

__all__ = [
    "KORT_FORM",
    "MERKEFIL",
    "AvtaleResultat",
    "DemoFeil",
    "DemoResultat",
    "Hendelse",
    "alle_ider",
    "bygg_tidslinje",
    "direkte",
    "kjor_demo",
    "uten_prosess",
]
