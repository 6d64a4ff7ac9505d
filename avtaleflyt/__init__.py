"""avtaleflyt: interkommunale samarbeidsavtaler fra utkast til vedtatt, signert og arkivert tekst."""

__version__ = "0.1.0"
