"""SCAMPER: seven prompts that twist one spotlighted idea, one prompt at a time.

The phase works on one note (``note_id``); the room's view shows the current prompt
and its question, a key moves to the next. A note captured meanwhile carries the
prompt (the note's ``prompt`` field) and builds on the spotlighted note.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.techniques.common import (
    Settings,
    SettingsReader,
    Technique,
    TechniqueTemplate,
    TemplatePhase,
)
from app.core.types import PhaseKind


@dataclass(frozen=True, slots=True)
class ScamperPrompt:
    """One of the seven: its letter, its name and the question it asks of the idea."""

    letter: str
    name: str
    question: str

    @property
    def text(self) -> str:
        """What a note answering it carries as its ``prompt``: ``"Substitute: What could…"``."""
        return f"{self.name}: {self.question}"


SCAMPER_PROMPTS: tuple[ScamperPrompt, ...] = (
    ScamperPrompt(
        "S", "Substitute", "What could we use instead: another part, person, step or material?"
    ),
    ScamperPrompt("C", "Combine", "What could we combine it with: another idea, step or purpose?"),
    ScamperPrompt("A", "Adapt", "What else is like it? What could we borrow from elsewhere?"),
    ScamperPrompt(
        "M", "Modify/Magnify", "What could be bigger, smaller, more often or changed in form?"
    ),
    ScamperPrompt(
        "P", "Put to another use", "Who else could use it? Where else could it work as it is?"
    ),
    ScamperPrompt("E", "Eliminate", "What could we remove, simplify or do without?"),
    ScamperPrompt(
        "R", "Reverse/Rearrange", "What if we did it the other way round, or in another order?"
    ),
)
"""The seven prompts, in order."""


@dataclass(frozen=True, slots=True)
class ScamperSettings:
    """What a SCAMPER phase keeps in its ``technique_settings``."""

    prompt_index: int = 0
    note_id: str | None = None
    """The spotlighted note the phase works on (``None`` until one is chosen)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ScamperSettings:
        """Read and check the settings; raises ``SettingsError`` with a one-line reason."""
        reader = SettingsReader(Technique.SCAMPER, settings, ("prompt_index", "note_id"))
        return cls(
            prompt_index=reader.integer("prompt_index", 0, 0, len(SCAMPER_PROMPTS) - 1),
            note_id=reader.optional_id("note_id"),
        )

    def to_settings(self) -> dict[str, object]:
        """The JSON object :meth:`from_settings` reads back equal."""
        return {"prompt_index": self.prompt_index, "note_id": self.note_id}


def current_prompt(index: int) -> ScamperPrompt:
    """The prompt at ``index`` (0..6); ``IndexError`` outside."""
    if not 0 <= index < len(SCAMPER_PROMPTS):
        raise IndexError(f"SCAMPER has prompts 0 to {len(SCAMPER_PROMPTS) - 1}, not {index}.")
    return SCAMPER_PROMPTS[index]


def next_index(index: int) -> int | None:
    """The prompt after ``index``; ``None`` after the last (Reverse/Rearrange)."""
    return index + 1 if index + 1 < len(SCAMPER_PROMPTS) else None


def previous_index(index: int) -> int | None:
    """The prompt before ``index``; ``None`` before the first."""
    return index - 1 if index > 0 else None


def progress_words(index: int) -> str:
    """``"S · Substitute (1 of 7)"``, for the room's view."""
    prompt = current_prompt(index)
    return f"{prompt.letter} · {prompt.name} ({index + 1} of {len(SCAMPER_PROMPTS)})"


@dataclass(frozen=True, slots=True)
class CapturedFields:
    """What a note captured during a SCAMPER phase carries."""

    prompt: str
    builds_on: str | None


def captured_fields(settings: ScamperSettings) -> CapturedFields:
    """The current prompt's text and the spotlighted note to build on."""
    return CapturedFields(current_prompt(settings.prompt_index).text, settings.note_id)


def scamper_template() -> TechniqueTemplate:
    """SCAMPER's agenda: pick the idea, twist it through the seven prompts, cluster, vote."""
    return TechniqueTemplate(
        "SCAMPER",
        Technique.SCAMPER,
        (
            TemplatePhase(
                PhaseKind.DISCUSS,
                "Pick the idea to twist",
                3 * 60,
                prompt="Which idea do we take further? Spotlight it.",
            ),
            TemplatePhase(
                PhaseKind.IDEATE,
                "SCAMPER",
                len(SCAMPER_PROMPTS) * 3 * 60,
                Technique.SCAMPER,
                ScamperSettings().to_settings(),
                "Answer each prompt about the spotlighted idea.",
            ),
            TemplatePhase(PhaseKind.CLUSTER, "Group the variations", 5 * 60),
            TemplatePhase(PhaseKind.VOTE, "Dot vote", 5 * 60),
        ),
    )
