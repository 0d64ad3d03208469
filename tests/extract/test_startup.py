"""The shared extractor's start-up leaves the garbage collector as it found it, what was loaded in its
oldest generation (nothing frozen: `gc.get_referrers` still sees it all)."""

from __future__ import annotations

from fresh_python import python_output


def test_the_collector_runs_again_after_the_extractor_loads() -> None:
    check = (
        "import gc\n"
        "from fupin.job import default_extractor\n"
        "extractor = default_extractor()\n"
        "print(gc.isenabled(), gc.get_freeze_count(), gc.get_count()[0] < 1_000, default_extractor() is extractor)\n"
    )
    assert python_output(check) == "True 0 True True\n"


def test_a_disabled_collector_stays_disabled() -> None:
    check = "import gc\ngc.disable()\nfrom fupin.job import default_extractor\ndefault_extractor()\nprint(gc.isenabled())\n"
    assert python_output(check) == "False\n"
