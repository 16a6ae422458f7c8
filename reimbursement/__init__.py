"""The CPAS side of the reimbursement: formulaires B and C from decisions, sending them to the
SPP IS through a connector (settings.SPPIS_CONNECTOR), reading the answers, the deadlines."""
