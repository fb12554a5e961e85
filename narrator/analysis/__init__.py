"""Tables to facts: the periods compared, every figure a report may state, and the benchmark tests."""
