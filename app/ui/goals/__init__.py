"""The goals page: each goal, its number over time, and what its sessions did."""
