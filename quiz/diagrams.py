"""The app's own pictures that "click the diagram" questions are asked on. Each is an inline SVG
template (quiz/templates/quiz/diagrams/<name>.svg) whose clickable parts carry data-region="<id>";
a question's choices name the parts by `Choice.region`. The names here are what a choice defaults
to and what teachers pick from in the admin."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Diagram:
    name: str
    title: str
    regions: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"quiz/diagrams/{self.name}.svg"


DIAGRAMS = {
    diagram.name: diagram
    for diagram in (
        Diagram(
            "docking",
            _("Apollo and Soyuz docked"),
            {
                "apollo-command-module": _("Apollo command module"),
                "apollo-service-module": _("Apollo service module"),
                "docking-module": _("Docking module"),
                "soyuz-orbital-module": _("Soyuz orbital module"),
                "soyuz-descent-module": _("Soyuz descent module"),
                "soyuz-instrument-module": _("Soyuz instrument module"),
            },
        ),
        Diagram(
            "map",
            _("Where the mission happened on Earth"),
            {
                "baikonur": _("Baikonur Cosmodrome"),
                "star-city": _("Star City, near Moscow"),
                "kennedy-space-center": _("Kennedy Space Center, Florida"),
                "houston": _("Johnson Space Center, Houston"),
                "pacific-splashdown": _("The Pacific Ocean near Hawaii"),
            },
        ),
    )
}


def choices() -> list[tuple[str, str]]:
    """For Question.diagram (a callable, so a new diagram needs no migration)."""
    return [(name, diagram.title) for name, diagram in DIAGRAMS.items()]
