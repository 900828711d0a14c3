"""Demo and benchmark data: the demo dataset (demo/data/cases.json) and its loader, the
synthetic bench case, and the row builders they share with the tests."""
