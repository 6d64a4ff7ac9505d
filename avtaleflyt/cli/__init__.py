"""The `avtale` command line. Each module registers the commands of one area."""
