"""The fleet-scale data set of `manage.py seed_fleet`: the bulk writer with its audit chain, and the rows."""
