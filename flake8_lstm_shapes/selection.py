"""Whether the user's flake8 selection leaves any LST code to report.

flake8 calls every plugin on every file, whatever ``--select`` and
``--ignore`` say, and drops the findings afterwards (see ``DESIGN.md``).  A
run with ``--select=E,F`` or ``--extend-ignore=LST`` would still pay for the
whole analysis of every Keras file.  So the plugin asks flake8's own decider,
once per run, about each of its codes, and does nothing when none survives.
"""

from __future__ import annotations

from typing import Iterable

# The catalogue's codes (``rules/catalogue.py``), written out so that deciding
# costs no import of the rules; a test holds the two lists together.
CODES = (
    "LST101", "LST102", "LST103", "LST104",
    "LST201", "LST202", "LST203", "LST204", "LST205", "LST206", "LST207",
    "LST301", "LST302", "LST303",
    "LST401", "LST402", "LST403", "LST404", "LST405",
)


def any_selected(options, codes: Iterable[str] = CODES) -> bool:
    """True unless flake8's decider, given these options, ignores every code.

    Options that do not come from a flake8 run (a plain namespace, tests,
    another host) select everything: deciding wrongly in that direction
    costs time, in the other it loses findings.
    """
    try:
        from flake8.style_guide import Decision, DecisionEngine
        engine = DecisionEngine(options)
        return any(engine.decision_for(code) is Decision.Selected for code in codes)
    except Exception:  # noqa: BLE001 - an options object flake8 does not recognise
        return True
