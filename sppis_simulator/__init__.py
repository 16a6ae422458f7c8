"""The simulated SPP IS: it receives the CPAS's messages, checks them against its rules and
answers. The CPAS side never imports it: it talks to it through settings.SPPIS_CONNECTOR."""
