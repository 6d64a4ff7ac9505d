"""One host archiving a list of events in its own process, for the shared-archive race test.

usage: python -m tests.arkiv.fjern_prosess ARKIV AVTALE_ID[@DATO]... (from the repository root)
Archives each agreement's «vedtatt» event (on DATO when given) in order and prints
«AVTALE_ID COMMIT» per event.
"""

from __future__ import annotations

import datetime as dt
import sys

from avtaleflyt.arkiv import Arkiv
from tests.arkiv import arkivdata


def main() -> None:
    arkiv = Arkiv(sys.argv[1])
    for argument in sys.argv[2:]:
        avtale_id, _, dato = argument.partition("@")
        ekstra = {"dato": dt.date.fromisoformat(dato)} if dato else {}
        print(avtale_id, arkiv.arkiver(arkivdata.hendelse(avtale_id, **ekstra)), flush=True)


if __name__ == "__main__":
    main()
