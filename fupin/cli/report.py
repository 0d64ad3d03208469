"""`fupin report`: a static HTML site from the graph, every fact linked to its sentence."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from fupin.cli.options import graph_option


@click.command()
@graph_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default="fupin-report",
    show_default=True,
    help="Folder of the site (created; pages of the same names are replaced).",
)
@click.option(
    "--texts",
    "text_folders",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Folder of the report files the graph was built from, to copy their text into the site "
    "(repeatable) [default: the bundled sample reports].",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list reports whose text was not found.")
def report(graph_path, output, text_folders, quiet, verbose) -> None:
    """Write the graph as a static HTML site; open OUTPUT/index.html in a browser.

    The site has an overview, a county × measure matrix, indicator charts, a page per county and per
    measure with each fact's evidence sentence, the completeness table and each report's text.
    Nothing is loaded from the internet.

    A report's text is copied in only when its file is found under --texts with the SHA-256 the graph
    recorded; otherwise its evidence is still shown, without the link to the full text.

    \b
    Examples:
      fupin build && fupin report                    # -> fupin-report/index.html
      fupin report --graph kg.trig --texts ../reports -o site/
    """
    from tqdm import tqdm

    from fupin import resources
    from fupin.graph.site import make_site, source_files
    from fupin.graph.store import load_graph, union_graph

    if not graph_path.is_file():
        raise click.UsageError(f"no graph at {graph_path}; run `fupin build` first or pass --graph")
    folders = list(text_folders) or [resources.folder("corpus")]
    for folder in folders:
        if not folder.exists():
            raise click.BadParameter(f"{folder} does not exist", param_hint="--texts")

    def progress(items):
        items = list(items)
        show = not quiet and sys.stderr.isatty()
        return tqdm(items, desc="pages", unit="page", disable=not show)

    graph = union_graph(load_graph(graph_path))
    texts = find_texts(folders, source_files(graph))
    site, files = make_site(graph, output, texts=texts, progress=progress)
    missing = [r.source_file for r in site.reports if r.text is None]
    if verbose and not quiet:
        for name in missing:
            click.echo(f"  text not found (or changed since the build): {name}")
    if not quiet:
        click.echo(
            f"{len(site.counties)} counties, {len(site.reports)} reports "
            f"({len(site.reports) - len(missing)} with text), {len(files)} files -> {output / 'index.html'}"
        )


def find_texts(folders: Sequence[Path], wanted: Iterable[str]) -> dict[str, str]:
    """Source file name → decoded text, for the files named in `wanted` found in `folders` (searched in
    order; other files are not read). The site gets the texts as strings: graph/ reads no report files."""
    from fupin.extract.read import ReadError, iter_sources, read_document

    wanted = set(wanted)
    found: dict[str, str] = {}
    for folder in folders:
        if not Path(folder).exists():
            continue
        for item in iter_sources([Path(folder)]):
            if item.error is None and item.source in wanted and item.source not in found:
                try:
                    found[item.source] = read_document(item.path, source=item.source).text
                except ReadError:
                    continue
    return found
