"""Pure-Python legal rules core of Yishi: thresholds, meetings, owners, elections, explanations."""
