"""Every fixture, run under real Keras, does what its expectations claim.

A fixture with a (non-silent) expected finding must make Keras raise, from the
statement of the finding or a later one; a fixture with no finding, or only
silent ones, must run.  See ``conformance.py`` for the rules and the header
directives.

The ``keras`` tests need Keras 3 and jax (``pip install '.[conformance]'``),
Keras 2 fixtures ``tf_keras`` (``pip install -r .ci/keras2-requirements.txt``);
without them they are skipped.  A fixture claimed under both versions is one
test per version.  ``LSTM_CONFORMANCE_KERAS=2`` (or ``3``) confirms the claims of
that version only.  Each fixture runs in a process of its own; a small thread
pool runs them side by side.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from support.conformance import (FixtureRunner, Outcome, keras_unavailable, parse_selection, plan_for,
                                 plan_for_text, required_versions, selected_versions, selection_problem,
                                 skip_reason, statement_end, verdict)
from support.expectations import ROOT, expected_findings, fixture_files

FILES = fixture_files()


def claim_id(path, keras: int) -> str:
    """The fixture's path; a fixture claimed under both versions adds which one."""
    name = str(path.relative_to(ROOT))
    return f"{name}:keras{keras}" if len(plan_for(path).versions) > 1 else name


# One (fixture, Keras version) per claim.
CLAIMS = [(path, keras) for path in FILES for keras in plan_for(path).versions]
CLAIM_IDS = [claim_id(path, keras) for path, keras in CLAIMS]
# Each fixture is one JAX process that uses the cores it finds; more of them
# than cores only makes them wait for each other.
WORKERS = max(1, min(4, os.cpu_count() or 1))


def selected_claims(session, test_name: str):
    """(path, keras) of this module's `test_name` items that pytest will really run."""
    for item in session.items:
        if item.originalname == test_name and item.module.__name__ == __name__:
            yield item.callspec.params["path"], item.callspec.params["keras"]


def runnable(path, keras: int) -> bool:
    plan = plan_for(path).under(keras)
    return not plan.errors and skip_reason(plan) is None


@pytest.fixture(scope="module")
def keras_runs(request):
    """(path, keras) -> Future of its Outcome, started up front for every runnable claim."""
    claims = [claim for claim in selected_claims(request.session,
                                                 "test_fixture_claim_under_real_keras")
              if runnable(*claim)]
    runner = FixtureRunner()
    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            futures = {(path, keras): pool.submit(runner.run, path, keras)
                       for path, keras in claims}
            yield futures
            for future in futures.values():
                future.cancel()  # after -x or a KeyboardInterrupt: do not start the rest
    finally:
        runner.close()


@pytest.mark.keras
@pytest.mark.parametrize(("path", "keras"), CLAIMS, ids=CLAIM_IDS)
def test_fixture_claim_under_real_keras(path, keras, keras_runs):
    plan = plan_for(path).under(keras)
    assert not plan.errors, "\n".join(plan.errors)
    reason = skip_reason(plan)
    if reason:
        pytest.skip(reason)
    outcome = keras_runs[path, keras].result()
    problem = verdict(plan, outcome)
    assert problem is None, f"{path.relative_to(ROOT)} under Keras {plan.keras}: {problem}"


@pytest.mark.keras
@pytest.mark.skipif(os.environ.get("LSTM_CONFORMANCE_REQUIRED") != "1",
                    reason="LSTM_CONFORMANCE_REQUIRED=1 is not set (CI sets it)")
def test_the_selected_keras_is_there_where_conformance_is_required():
    # Without it every test above skips and CI would pass having confirmed nothing.
    for keras in required_versions():
        assert keras_unavailable(keras) is None, keras_unavailable(keras)


def test_the_keras_selection_is_well_formed():
    # A typo must fail the run, not quietly confirm other claims than meant.
    assert selection_problem() is None, selection_problem()


# -- the rules themselves, without Keras ----------------------------------------

def test_every_fixture_header_directive_is_well_formed():
    for path in FILES:
        assert not plan_for(path).errors, (path, plan_for(path).errors)


def test_findings_are_the_suites_expectations_plus_silence():
    for path in FILES:
        text = path.read_text()
        assert {(f.line, f.code) for f in plan_for_text(text).findings} == expected_findings(text)


BAD = """\
# lstm-keras-version: 2
# conformance: needs tensorflow, tf_keras (imports tensorflow.keras)
import keras
model = keras.Sequential()
model.add(keras.layers.LSTM(4, input_shape=(3,)))  # LST101
model.add(keras.layers.LSTM(4))  # LST104 silent: not the point here
"""


def outcome(**fields) -> Outcome:
    return Outcome(**{"keras_version": "2.21.0", **fields})


def test_plan_reads_version_directives_and_silence():
    plan = plan_for_text(BAD)
    assert plan.keras == 2
    assert plan.needs == ("tensorflow", "tf_keras")
    assert plan.why_needs == "imports tensorflow.keras"
    assert plan.must_raise and plan.first_loud_line == 5
    assert [f.silent for f in plan.findings] == [False, True]


def test_plan_directives_skip_and_keras_2():
    plan = plan_for_text("# conformance: skip (reads data.csv (a file))\n"
                         "# conformance: keras 2 (imports tf.compat.v1.keras)\nx = 1\n")
    assert plan.skip == "reads data.csv (a file)"
    assert plan.keras == 2 and not plan.errors
    assert skip_reason(plan, selected=(2, 3)) == "conformance: skip (reads data.csv (a file))"


def test_plan_rejects_malformed_directives():
    assert plan_for_text("# conformance: skip\n").errors            # no reason
    assert plan_for_text("# conformance: skipp (typo)\n").errors
    assert plan_for_text("# conformance: keras 4 (no such)\n").errors
    # Only the header counts, and only full-line comments are directives.
    assert not plan_for_text("\n" * 25 + "# conformance: bogus\n").errors


def test_a_missing_module_skips_with_the_reason():
    plan = plan_for_text("# conformance: needs no_such_module_xyz (imports it)\nx = 1\n")
    # Whichever Keras this run selects (LSTM_CONFORMANCE_KERAS), the plan's is selected here.
    reason = skip_reason(plan, selected=(plan.keras,))
    assert reason == "needs no_such_module_xyz, not importable here (imports it)"


def test_verdict_on_a_fixture_that_must_raise():
    plan = plan_for_text(BAD)
    assert verdict(plan, outcome(error_type="builtins.ValueError", line=5)) is None
    assert verdict(plan, outcome(error_type="builtins.ValueError", line=6)) is None
    assert "raised before line 5" in verdict(plan, outcome(error_type="builtins.ValueError",
                                                           line=4))
    assert "ran without error" in verdict(plan, outcome(ran=True))
    assert "never reached" in verdict(plan, outcome(error_type="builtins.ModuleNotFoundError",
                                                    line=5))
    assert "Keras 3.15.1" in verdict(plan, outcome(error_type="builtins.ValueError", line=5,
                                                   keras_version="3.15.1"))
    assert "timed out" in verdict(plan, outcome(harness_problem="timed out after 120 s"))


def test_a_finding_inside_a_multi_line_call_is_raised_by_that_call():
    text = ("model = Sequential([\n"
            "    LSTM(4, input_shape=(3,)),  # LST101\n"
            "])\n"
            "for layer in model.layers:\n"
            "    print(layer)\n")
    assert statement_end(text, 1) == 3
    assert statement_end(text, 4) == 4      # a loop header, not its body
    assert statement_end(text, 5) == 5
    plan = plan_for_text(text)
    raised_on_line_1 = outcome(error_type="builtins.ValueError", line=1, statement_end=3,
                               keras_version="3.15.1")
    assert verdict(plan, raised_on_line_1) is None


def test_verdict_on_a_fixture_that_must_run():
    silent_only = plan_for_text("import keras\nkeras.Input(shape=(0, 1))  # LST103 silent: ok\n")
    good = plan_for_text("import keras\n")
    for plan in (silent_only, good):
        assert not plan.must_raise
        assert verdict(plan, outcome(ran=True, keras_version="3.15.1")) is None
        assert "raised builtins.ValueError at line 2" in verdict(
            plan, outcome(error_type="builtins.ValueError", line=2, keras_version="3.15.1"))


BOTH = """\
# lstm-keras-version: 3
# conformance: keras both (input_shape=(10,) lacks the features axis in every Keras)
import keras
model = keras.Sequential()
model.add(keras.layers.LSTM(4, input_shape=(10,)))  # LST101
"""


def test_keras_both_claims_the_fixture_under_each_version():
    plan = plan_for_text(BOTH)
    assert not plan.errors
    assert plan.versions == (2, 3)
    assert [plan.under(k).keras for k in plan.versions] == [2, 3]
    assert plan.under(2).findings == plan.findings and plan.under(2).must_raise
    # Each run judges the claim by the Keras it ran under.
    assert verdict(plan.under(2), outcome(error_type="builtins.ValueError", line=5)) is None
    assert "meant for Keras 3" in verdict(plan.under(3), outcome(error_type="builtins.ValueError",
                                                                 line=5))


def test_a_version_directive_or_header_claims_one_version():
    assert plan_for_text(BOTH.replace("keras both", "keras 2")).versions == (2,)
    assert plan_for_text(BAD).versions == (2,)
    assert plan_for_text("x = 1\n").versions == (3,)
    assert plan_for_text("# conformance: keras bothe (typo)\n").errors


def test_the_selection_variable_names_versions():
    assert parse_selection("") == (2, 3)
    assert parse_selection("2") == (2,)
    assert parse_selection(" 3 ") == (3,)
    assert parse_selection("3,2") == (2, 3)
    for malformed in ("4", "keras2", "2;3", "2,"):
        assert parse_selection(malformed) is None, malformed
    assert selection_problem({"LSTM_CONFORMANCE_KERAS": "two"})
    assert selection_problem({"LSTM_CONFORMANCE_KERAS": "2"}) is None
    assert selected_versions({}) == (2, 3)


def test_required_means_keras_3_unless_a_selection_says_otherwise():
    assert required_versions({}) == (3,)
    assert required_versions({"LSTM_CONFORMANCE_KERAS": "2"}) == (2,)
    assert required_versions({"LSTM_CONFORMANCE_KERAS": "2,3"}) == (2, 3)


def test_a_claim_of_a_version_left_out_is_skipped_with_the_selection():
    plan = plan_for_text(BOTH)
    reason = skip_reason(plan.under(3), selected=(2,))
    assert reason == "a Keras 3 claim: LSTM_CONFORMANCE_KERAS selects Keras 2 for this run"
    # The reasons that say more about the fixture itself come first.
    skipped = plan_for_text("# conformance: skip (reads data.csv)\nx = 1\n")
    assert skip_reason(skipped, selected=(2,)) == "conformance: skip (reads data.csv)"
