"""The laptop's networks a phone can reach it on, and the dialog that picks one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

_KIND_ORDER = {
    QNetworkInterface.InterfaceType.Wifi: 0,
    QNetworkInterface.InterfaceType.Ethernet: 1,
    QNetworkInterface.InterfaceType.Loopback: 9,
}
_KIND_WORDS = {
    QNetworkInterface.InterfaceType.Wifi: "Wi-Fi",
    QNetworkInterface.InterfaceType.Ethernet: "cable",
    QNetworkInterface.InterfaceType.Loopback: "this computer only",
}


@dataclass(frozen=True, slots=True)
class Network:
    """One IPv4 address of the laptop, and how to name it to the facilitator."""

    address: str
    name: str
    """The interface's name and kind: ``"wlan0 (Wi-Fi)"``."""

    @property
    def label(self) -> str:
        """``"192.168.1.20 · wlan0 (Wi-Fi)"``."""
        return f"{self.address} · {self.name}"


def laptop_networks() -> list[Network]:
    """The laptop's IPv4 addresses on interfaces that are up: Wi-Fi first, this computer last."""
    found: list[tuple[QNetworkInterface.InterfaceType, str, str]] = []
    up = QNetworkInterface.InterfaceFlag.IsUp | QNetworkInterface.InterfaceFlag.IsRunning
    for interface in QNetworkInterface.allInterfaces():
        if (interface.flags() & up) != up:
            continue
        name = interface.humanReadableName() or interface.name()
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                found.append((interface.type(), name, ip.toString()))
    return ordered_networks(found)


def ordered_networks(
    found: list[tuple[QNetworkInterface.InterfaceType, str, str]],
) -> list[Network]:
    """Each (kind, interface name, address) as a :class:`Network`, the likely one first.

    Wi-Fi first (the room's network), then cable, then anything else (virtual bridges,
    VPNs), then this computer alone; in the system's order within a kind.
    """
    ranked = sorted(
        enumerate(found), key=lambda entry: (_KIND_ORDER.get(entry[1][0], 5), entry[0])
    )
    networks = []
    for _, (kind, name, address) in ranked:
        words = _KIND_WORDS.get(kind)
        networks.append(Network(address, f"{name} ({words})" if words else name))
    return networks


class NetworkDialog(QDialog):
    """Which network the phones use: the laptop's addresses, the likely Wi-Fi one first."""

    def __init__(self, networks: list[Network], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Phones in the room")
        explain = QLabel(
            "Attendees join from their phones on the room's Wi-Fi: they add ideas and vote. "
            "Nothing leaves this laptop; no internet or account is used. Pick the network "
            "the phones are on (guest networks that keep devices apart will not work)."
        )
        explain.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Network")
        for network in networks:
            self.choice.addItem(network.label, network.address)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("Start phones")
        start.setEnabled(bool(networks))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(QLabel("Network:"))
        layout.addWidget(self.choice)
        if not networks:
            layout.addWidget(QLabel("This laptop is on no network: join the room's Wi-Fi first."))
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    @property
    def address(self) -> str | None:
        """The address picked."""
        value = self.choice.currentData()
        return value if isinstance(value, str) else None
