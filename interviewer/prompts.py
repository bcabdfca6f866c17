"""Old import path of :mod:`interviewer.bank.prompts`, kept while modules outside the bank and session stores (the
live path, the scorer, their tests) still import it; the same module object, so patching either name patches both."""

import sys

import interviewer.bank.prompts as _module

sys.modules[__name__] = _module
