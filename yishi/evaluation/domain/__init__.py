"""Pure rules of the model-community evaluation: indicator framework, formulas, scoring, designation."""
