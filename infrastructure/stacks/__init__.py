"""CDK constructs of a Guichet stage. `schema` is plain Python; the rest needs aws-cdk-lib."""
