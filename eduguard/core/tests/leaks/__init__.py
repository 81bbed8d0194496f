"""The scope leak test (DESIGN principle 1), in parts: routes.py finds and fills every route,
records.py makes one record of every kind, test_leaks.py walks them as every persona."""
