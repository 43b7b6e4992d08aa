"""Adapters: the AWS-facing implementations of the ports (DynamoDB, API Gateway, Cognito JWKS)."""
