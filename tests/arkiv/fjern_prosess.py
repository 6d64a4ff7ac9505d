"""One host archiving a list of events in its own process, for the shared-archive race test.

usage: python -m tests.arkiv.fjern_prosess ARKIV AVTALE_ID... (from the repository root)
Archives each agreement's «vedtatt» event in order and prints «AVTALE_ID COMMIT» per event.
"""

from __future__ import annotations

import sys

from avtaleflyt.arkiv import Arkiv
from tests.arkiv import arkivdata


def main() -> None:
    arkiv = Arkiv(sys.argv[1])
    for avtale_id in sys.argv[2:]:
        print(avtale_id, arkiv.arkiver(arkivdata.hendelse(avtale_id)), flush=True)


if __name__ == "__main__":
    main()
