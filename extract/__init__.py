"""fupin.extract"""
