"""Pure rules of matters: triage, service levels, similarity, lifecycle and evaluation results."""
