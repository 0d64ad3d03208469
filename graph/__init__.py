"""fupin.graph"""
