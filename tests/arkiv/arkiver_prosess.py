"""Run one archive event in its own process (for crash and concurrency tests).

usage: python -m tests.arkiv.arkiver_prosess ARKIV AVTALE_ID [HENDELSE [KRASJ_ETTER_STEG]]
(from the repository root; `arkivdata.arkiver_i_prosess` builds the command)
Exits 77 via os._exit right after the named step (as if killed), 0 after a completed event.
"""

from __future__ import annotations

import os
import sys

from avtaleflyt.arkiv import Arkiv
from tests.arkiv import arkivdata


def main() -> None:
    arkiv, avtale_id = sys.argv[1], sys.argv[2]
    hendelse = sys.argv[3] if len(sys.argv) > 3 else "vedtatt"
    krasj = sys.argv[4] if len(sys.argv) > 4 else None

    def steg(navn: str) -> None:
        if navn == krasj:
            os._exit(77)

    commit = Arkiv(arkiv, steg=steg).arkiver(arkivdata.hendelse(avtale_id, type_=hendelse))
    print(commit)


if __name__ == "__main__":
    main()
