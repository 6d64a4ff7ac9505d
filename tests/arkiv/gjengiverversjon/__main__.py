"""`python -m tests.arkiv.gjengiverversjon`: freeze an archived version for the installed renderer."""

from tests.arkiv.gjengiverversjon import lag

print(lag())
