"""spaCy as the extractors import it (extract/nlp.py): without its command line, which a build never
runs, and with the command line and `spacy.info` still there for whoever asks for them."""

from __future__ import annotations

from fresh_python import python_output


def test_the_extractor_starts_without_spacys_command_line() -> None:
    check = (
        "import sys\n"
        "from fupin.job import default_extractor\n"
        "default_extractor()\n"
        "print(sorted(m for m in sys.modules if m.startswith('spacy.cli')), 'typer' in sys.modules)\n"
    )
    assert python_output(check) == "[] False\n"


def test_the_command_line_imports_after_the_extractors() -> None:
    check = (
        "from fupin.extract.nlp import spacy\n"
        "import spacy.cli\n"
        "from spacy.cli.info import info\n"
        "print(spacy.cli.info is info, callable(spacy.cli.setup_cli))\n"
    )
    assert python_output(check) == "True True\n"


def test_spacy_info_is_spacys_own() -> None:
    check = (
        "from fupin.extract.nlp import spacy\n"
        "ours = spacy.info(silent=True)\n"
        "from spacy.cli.info import info\n"
        "print(ours == info(silent=True), sorted(ours)[:2])\n"
    )
    assert python_output(check).startswith("True [")


def test_spacy_imported_first_is_kept_as_it_is() -> None:
    check = (
        "import spacy, sys\n"
        "from fupin.extract.nlp import import_spacy\n"
        "print(import_spacy() is spacy, 'spacy.cli' in sys.modules)\n"
    )
    assert python_output(check) == "True True\n"


def test_a_spacy_that_needs_more_of_its_command_line_is_imported_the_ordinary_way(tmp_path) -> None:
    # A stand-in spaCy whose import takes more from its command line than `info`, as a later release
    # might: the stand-in cannot serve it, so spaCy is imported whole instead of failing.
    package = tmp_path / "spacy"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("from .cli.info import info\nfrom .cli import setup_cli\n")
    (package / "cli" / "__init__.py").write_text("def setup_cli():\n    return 'cli'\n")
    (package / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    check = (
        "import sys\n"
        "from fupin.extract.nlp import import_spacy\n"
        "for name in [m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')]:\n"
        "    del sys.modules[name]\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "spacy = import_spacy()\n"
        "print(spacy.__file__.startswith(sys.path[0]), spacy.setup_cli(), spacy.info(),"
        " type(sys.modules['spacy.cli'].__spec__).__name__)\n"
    )
    assert python_output(check) == "True cli real info ModuleSpec\n"
