"""The integration income (revenu d'intégration): the amounts and exemptions by date (tables with
validity dates) and the pure calculation of the RI from a case (dis.md §1.5–1.7)."""
