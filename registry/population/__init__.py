"""A synthetic Belgian population for the simulated registry (`generate_registry`, the demo):
households at shared addresses, valid NISS and BIS numbers, names with Belgium's mix of
origins (`names`), deterministic for a given seed (`generation`)."""
