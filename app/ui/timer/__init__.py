"""The agenda and its countdown: the phase timer, its display, its controller."""
