"""Build script for what pyproject.toml cannot say.

The folders `templates/`, `agreements/` and `data/` stay at the top of the repository (the product
design puts them there), yet an installed wheel must carry them. They ship as the resource
packages `avtaleflyt_resources.templates`, `.agreements` and `.data` (namespace packages: no
`__init__.py` is added to the folders), whose folder `avtaleflyt.paths` asks the import system for,
in a checkout (editable install) and in a wheel alike. pyproject.toml cannot combine package
discovery with such a mapping, so the package list is made here; everything else about the build,
including which files of these folders ship, is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

RESOURCE_PACKAGES = {
    "avtaleflyt_resources.templates": "templates",
    "avtaleflyt_resources.agreements": "agreements",
    "avtaleflyt_resources.data": "data",
}

setup(
    packages=[
        *find_namespace_packages(
            include=["avtaleflyt*", "schemas*", "flows*", "demo*"], exclude=["*__pycache__*"]
        ),
        *RESOURCE_PACKAGES,
    ],
    package_dir=RESOURCE_PACKAGES,
)
