"""Use cases: each public method is one thing a citizen or an officer does. No AWS import here."""
