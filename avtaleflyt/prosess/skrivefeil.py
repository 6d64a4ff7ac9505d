"""Why a write failed, in one Norwegian phrase a clerk or an operator can act on.

A full disk, a read-only mount or a path that is a file end every writer (prosess.yaml, the
archive) the same way; the operating system's English `strerror` and a traceback are not an
answer. Used by the record commands and by the archive, which both promise that nothing is left
half-written and say so after this phrase.
"""

from __future__ import annotations

import errno

GRUNNER = {
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EACCES: "mangler skrivetilgang",
    errno.EPERM: "mangler skrivetilgang",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EEXIST: "stien finnes allerede som en fil",
    errno.EISDIR: "stien er en mappe",
    errno.ENOENT: "mappen finnes ikke",
    errno.EIO: "inn/ut-feil på disken",
}

_TEKSTER = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
    "Not a directory": errno.ENOTDIR,
}


def skrivefeil(exc: OSError) -> str:
    """The reason of `exc` in Norwegian, with the path when the error names one."""
    grunn = GRUNNER.get(exc.errno or 0, exc.strerror or str(exc))
    sti = exc.filename
    return f"{grunn}: {sti}" if sti else grunn


def skrivefeil_i_tekst(tekst: str) -> str | None:
    """The Norwegian reason for a system error quoted in another program's message (git's
    stderr), or None when the text names none of them."""
    for engelsk, nr in _TEKSTER.items():
        if engelsk in tekst:
            return GRUNNER[nr]
    return None
