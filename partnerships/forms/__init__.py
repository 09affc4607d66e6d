"""Forms that validate and normalise what people type, one module per concept."""
