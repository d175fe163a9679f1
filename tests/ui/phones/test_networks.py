"""Which of the laptop's networks the phones dialog offers first (app/ui/phones/networks.py)."""

from __future__ import annotations

from PySide6.QtNetwork import QNetworkInterface

from app.ui.phones.networks import Network, laptop_networks, ordered_networks

Kind = QNetworkInterface.InterfaceType


def test_the_wifi_comes_first_then_cable_then_the_rest_and_this_computer_last():
    found = [
        (Kind.Loopback, "lo", "127.0.0.1"),
        (Kind.Virtual, "docker0", "172.17.0.1"),
        (Kind.Ethernet, "eth0", "10.0.0.5"),
        (Kind.Wifi, "wlan0", "192.168.1.20"),
        (Kind.Ethernet, "eth1", "10.0.1.5"),
    ]
    assert ordered_networks(found) == [
        Network("192.168.1.20", "wlan0 (Wi-Fi)"),
        Network("10.0.0.5", "eth0 (cable)"),
        Network("10.0.1.5", "eth1 (cable)"),
        Network("172.17.0.1", "docker0"),
        Network("127.0.0.1", "lo (this computer only)"),
    ]
    assert ordered_networks(found)[0].label == "192.168.1.20 · wlan0 (Wi-Fi)"


def test_this_laptops_own_networks_are_ipv4_addresses_it_has(qapp: object):
    import ipaddress

    networks = laptop_networks()
    assert networks and networks[-1].address == "127.0.0.1"
    for network in networks:
        assert ipaddress.ip_address(network.address).version == 4
