"""Errors of the archive, with Norwegian messages that say what, where and why."""

from __future__ import annotations


class ArkivFeil(Exception):
    """Base of every archive error; the message is written for the user."""


class ArkivAvvist(ArkivFeil):
    """The event or the repository state is refused; nothing was written."""


class ArkivSkadet(ArkivFeil):
    """History or tags were rewritten behind the archive's back; nothing is written on top."""


class LasTidsavbrudd(ArkivFeil):
    """Another archiver held the write lock for too long."""
