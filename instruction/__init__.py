"""The instruction of a DIS request: the request and its register, the social enquiry (household,
resources, charges, home visits, social report)."""
