"""Checks on the synthesized CloudFormation templates (`make synth-all` writes them)."""
