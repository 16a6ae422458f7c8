"""From the proposal to the Council to the notified decision: proposals, council sessions,
decisions (immutable; a revision points to what it revises) and notifications."""
