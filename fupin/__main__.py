"""`python -m fupin`: the same command line as `fupin`."""

from fupin.cli import main

if __name__ == "__main__":
    main(prog_name="fupin")
