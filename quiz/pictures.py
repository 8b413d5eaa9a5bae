"""The app's own illustrations (templates/quiz/pictures/<name>.svg.html): SVG drawn for this app, with
labels as real text in the page's language and a title in both languages through the catalogue.
A fact may name one (Fact.illustration); the explanation, the timeline and the home page show it.
Unlike quiz.diagrams (pictures a question is answered on), these only illustrate."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Picture:
    name: str
    title: str

    @property
    def template(self) -> str:
        return f"quiz/pictures/{self.name}.svg.html"  # .html, so that makemessages reads its labels


PICTURES = {
    picture.name: picture
    for picture in (
        Picture("craft", _("Apollo and Soyuz docked, with the docking module between them")),
        Picture("map", _("Where the mission began, met and ended")),
        Picture("atmospheres", _("Two cabin atmospheres and the airlock between them")),
    )
}


def choices() -> list[tuple[str, str]]:
    """For Fact.illustration (a callable, so a new picture needs no migration)."""
    return [(name, picture.title) for name, picture in PICTURES.items()]


def template_for(name: str) -> str | None:
    picture = PICTURES.get(name or "")
    return picture.template if picture else None
