"""The actions panel of a session: small experiments with an owner, a date and a measure."""
