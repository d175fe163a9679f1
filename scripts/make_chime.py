"""Make resources/sounds/chime.wav (two soft bell tones; ours, CC0).

Run: python scripts/make_chime.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100
SECONDS = 1.6
TONES = ((988.0, 0.0), (1318.5, 0.18))  # B5 then E6, a rising "ding-dong"


def sample(t: float) -> float:
    """The waveform at ``t`` seconds, between -1 and 1."""
    value = 0.0
    for frequency, start in TONES:
        if t >= start:
            age = t - start
            envelope = math.exp(-3.2 * age) * min(1.0, age * 200)
            value += envelope * (
                math.sin(2 * math.pi * frequency * age)
                + 0.3 * math.sin(2 * math.pi * 2 * frequency * age)
            )
    return 0.35 * value


def main() -> None:
    """Write the WAV file."""
    target = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "chime.wav"
    frames = b"".join(
        struct.pack("<h", max(-32767, min(32767, int(sample(i / RATE) * 32767))))
        for i in range(int(RATE * SECONDS))
    )
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(target)


if __name__ == "__main__":
    main()
