"""fupin-kg: poverty-alleviation reports into a knowledge graph of measures, actors and outcomes."""

__version__ = "0.1.0"
