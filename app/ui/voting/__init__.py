"""Dot voting on one shared screen: settings, the hand-over curtain, ballots, results."""
